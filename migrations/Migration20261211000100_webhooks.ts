import { Migration } from '@mikro-orm/migrations';

// Kept in step with src/db/db-roles.ts and src/modules/webhooks/webhook.events.ts; a migration imports no application code.
const API_ROLE = 'hub_api';
const WORKER_ROLE = 'hub_worker';
const EVENT_TYPES = [
  'batch.completed',
  'batch.failed',
  'discrepancy.opened',
  'discrepancy.resolved',
  'household.changed',
  'project.changed',
  'quality.run.completed',
];
const DELIVERY_TOPIC = 'webhook-delivery';

const SCOPE = `(select current_setting('hub.scope', true))`;
const TENANT = `(select current_setting('hub.tenant', true))`;
/** LGOP (scope ALL) reads every tenant's rows; every other tenant its own. Unset settings match nothing. */
const OWN = `(${SCOPE} = 'ALL' or tenant_code = ${TENANT})`;

/**
 * Webhooks: the endpoints a tenant registers, the events the hub records with
 * the changes they announce, one delivery per (endpoint, event) and one row
 * per attempt. Events are written only through `webhook_emit` (SECURITY
 * DEFINER): it fans each event out to the enabled endpoints that subscribe and
 * may receive it, and writes one outbox row per delivery, all in the caller's
 * transaction, so an event commits with its change or not at all.
 */
export class Migration20261211000100Webhooks extends Migration {
  override async up(): Promise<void> {
    this.tables();
    this.functions();
    this.rowLevelSecurity();
  }

  private tables(): void {
    const types = EVENT_TYPES.map((t) => `'${t}'`).join(',');
    this.addSql(`
      create table webhooks (
        id uuid primary key default gen_random_uuid(),
        seq bigint generated always as identity unique,
        tenant_code text not null references tenants (code),
        url text not null check (length(url) <= 2000),
        events text[] not null check (cardinality(events) > 0 and events <@ array[${types}]),
        secret text not null,
        enabled boolean not null default true,
        disabled_reason text,
        disabled_at timestamptz,
        created_at timestamptz not null default now()
      )`);
    this.addSql(`create index webhooks_tenant_idx on webhooks (tenant_code, seq)`);
    this.addSql(`
      create table webhook_events (
        id bigint generated always as identity primary key,
        type text not null check (type in (${types})),
        audience text[] not null,
        data jsonb not null,
        created_at timestamptz not null default clock_timestamp()
      )`);
    this.addSql(`
      create table webhook_deliveries (
        id uuid primary key default gen_random_uuid(),
        seq bigint generated always as identity unique,
        webhook_id uuid not null references webhooks (id) on delete cascade,
        tenant_code text not null,
        event_id bigint not null references webhook_events (id),
        status text not null default 'PENDING' check (status in ('PENDING', 'RETRYING', 'DELIVERED', 'FAILED', 'CANCELLED')),
        attempts integer not null default 0,
        next_attempt_at timestamptz,
        last_response_code integer,
        created_at timestamptz not null default clock_timestamp(),
        delivered_at timestamptz,
        unique (webhook_id, event_id)
      )`);
    this.addSql(`create index webhook_deliveries_webhook_idx on webhook_deliveries (webhook_id, seq)`);
    this.addSql(`create index webhook_deliveries_event_idx on webhook_deliveries (event_id)`);
    this.addSql(`
      create table webhook_attempts (
        delivery_id uuid not null references webhook_deliveries (id) on delete cascade,
        attempt_no integer not null,
        tenant_code text not null,
        started_at timestamptz not null,
        duration_ms integer not null,
        succeeded boolean not null,
        response_code integer,
        response_body text check (octet_length(response_body) <= 1024),
        error text,
        next_attempt_at timestamptz,
        primary key (delivery_id, attempt_no)
      )`);
  }

  private functions(): void {
    // Whether any enabled endpoint takes this event type: emitters skip the work of building events nobody receives.
    this.addSql(`
      create function webhook_subscribed(event_type text) returns boolean
      language sql stable security definer set search_path = public, pg_temp as $$
        select exists (select 1 from webhooks where enabled and event_type = any(events))
      $$`);
    // events: [{ type, audience: [tenant codes], data }]. Returns the deliveries written.
    this.addSql(`
      create function webhook_emit(events jsonb) returns integer
      language plpgsql volatile security definer set search_path = public, pg_temp as $$
      declare n integer;
      begin
        with ev as (
          insert into webhook_events (type, audience, data)
          select e->>'type', array(select jsonb_array_elements_text(e->'audience')), e->'data'
          from jsonb_array_elements(coalesce(events, '[]'::jsonb)) e
          returning id, type, audience
        ), d as (
          insert into webhook_deliveries (webhook_id, tenant_code, event_id)
          select w.id, w.tenant_code, ev.id
          from ev join webhooks w on w.enabled and ev.type = any(w.events) join tenants t on t.code = w.tenant_code
          where t.kind = 'ADMIN' or w.tenant_code = any(ev.audience)
          returning id
        )
        insert into outbox (topic, aggregate_id) select '${DELIVERY_TOPIC}', d.id::text from d;
        get diagnostics n = row_count;
        return n;
      end $$`);
    for (const fn of ['webhook_subscribed(text)', 'webhook_emit(jsonb)']) {
      this.addSql(`revoke all on function ${fn} from public`);
      this.addSql(`grant execute on function ${fn} to ${API_ROLE}, ${WORKER_ROLE}`);
    }
  }

  private rowLevelSecurity(): void {
    for (const t of ['webhooks', 'webhook_events', 'webhook_deliveries', 'webhook_attempts']) {
      this.addSql(`alter table ${t} enable row level security`);
      this.addSql(`alter table ${t} force row level security`);
      this.addSql(`create policy ${t}_worker on ${t} to ${WORKER_ROLE} using (true) with check (true)`);
      this.addSql(`do $$ begin execute format('create policy ${t}_owner on ${t} to %I using (true) with check (true)', current_user); end $$`);
    }
    // The API manages its tenant's endpoints (LGOP all); it reads deliveries and attempts, which only the worker writes.
    this.addSql(`create policy webhooks_tenant on webhooks to ${API_ROLE} using ${OWN} with check ${OWN}`);
    this.addSql(`create policy webhook_deliveries_tenant on webhook_deliveries for select to ${API_ROLE} using ${OWN}`);
    this.addSql(`create policy webhook_attempts_tenant on webhook_attempts for select to ${API_ROLE} using ${OWN}`);
    // An event is readable by the tenants it was meant for; only webhook_emit writes events.
    this.addSql(`create policy webhook_events_audience on webhook_events for select to ${API_ROLE} using (${SCOPE} = 'ALL' or ${TENANT} = any(audience))`);
    this.addSql(`revoke insert, update, delete, truncate on webhook_events, webhook_deliveries, webhook_attempts from ${API_ROLE}`);
  }

  override async down(): Promise<void> {
    this.addSql('drop function if exists webhook_emit(jsonb)');
    this.addSql('drop function if exists webhook_subscribed(text)');
    this.addSql('drop table if exists webhook_attempts');
    this.addSql('drop table if exists webhook_deliveries');
    this.addSql('drop table if exists webhook_events');
    this.addSql('drop table if exists webhooks');
    this.addSql(`delete from outbox where topic = '${DELIVERY_TOPIC}'`);
  }
}
