import { Migration } from '@mikro-orm/migrations';

// Kept in step with src/db/db-roles.ts; a migration must not import application code that may change later.
const API_ROLE = 'hub_api';
const WORKER_ROLE = 'hub_worker';
const REGISTRY_TABLES = ['households', 'members', 'household_events'];

// The tenant of the transaction, as the API sets it with set_config(..., true). Unset reads as NULL
// (or '' after an earlier transaction of the session set it), which matches no branch: fail closed.
// Each is a scalar subquery so that PostgreSQL reads it once per statement (an InitPlan), not once per row.
const SCOPE = `(select current_setting('hub.scope', true))`;
const PROVINCE = `(select current_setting('hub.province', true))`;
const TENANT = `(select current_setting('hub.tenant', true))`;

/** The rows a province (or LGOP) may read and write. */
const OWN_PROVINCE = `(${SCOPE} = 'ALL' or (${SCOPE} = 'PROVINCE' and province_code = ${PROVINCE}))`;

/** Ministries read the households their own batches matched (batch_matches), and nothing else. */
const matchedByMinistry = (householdColumn: string) =>
  `(${SCOPE} = 'MATCHED' and exists (select 1 from batch_matches bm where bm.tenant_code = ${TENANT} and bm.household_id = ${householdColumn}))`;

/**
 * The second wall behind the ORM's tenant filters. The API connects as
 * `hub_api` and the worker as `hub_worker`: neither owns a table, neither is
 * superuser or BYPASSRLS. The registry tables have row-level security enabled
 * and forced; `hub_api` sees only the rows of the tenant its transaction set,
 * `hub_worker` (reconciliation and data quality cross provinces by design)
 * sees all. The two reads that cross provinces on purpose go through
 * SECURITY DEFINER functions that return only what the contract allows.
 */
export class Migration20261128000700RolesAndRls extends Migration {
  override async up(): Promise<void> {
    this.roles();
    this.grants();
    for (const table of REGISTRY_TABLES) this.rowLevelSecurity(table);
    this.definerFunctions();
  }

  private roles(): void {
    // Roles belong to the cluster and several databases (test files) may migrate at once:
    // a concurrent creation is as good as ours. `npm run migrate` gives them their login and password.
    for (const role of [API_ROLE, WORKER_ROLE]) {
      this.addSql(`
        do $$ begin
          if not exists (select 1 from pg_roles where rolname = '${role}') then
            create role ${role} nologin nosuperuser nobypassrls nocreatedb nocreaterole noinherit;
          end if;
        exception when duplicate_object or unique_violation then null;
        end $$`);
    }
  }

  private grants(): void {
    const roles = `${API_ROLE}, ${WORKER_ROLE}`;
    this.addSql(`grant usage on schema public to ${roles}`);
    this.addSql(`grant select, insert, update, delete on all tables in schema public to ${roles}`);
    this.addSql(`grant usage, select on all sequences in schema public to ${roles}`);
    // Tables of later migrations get the same grants.
    this.addSql(`alter default privileges in schema public grant select, insert, update, delete on tables to ${roles}`);
    this.addSql(`alter default privileges in schema public grant usage, select on sequences to ${roles}`);
    this.addSql(`revoke all on mikro_orm_migrations from ${roles}`);
    // Evidence is append-only for the hub's own roles (the guard triggers stay as a second check).
    this.addSql(`revoke update, delete, truncate on audit_log, household_events from ${roles}`);
    this.addSql(`revoke all on audit_chain from ${roles}`);
    // The chain is linked by the owner at commit, so the hub's roles never write it themselves.
    this.addSql(`alter function audit_chain_link() security definer set search_path = public, pg_temp`);
  }

  private rowLevelSecurity(table: string): void {
    this.addSql(`alter table ${table} enable row level security`);
    this.addSql(`alter table ${table} force row level security`);
    this.addSql(`create policy ${table}_tenant on ${table} to ${API_ROLE} using ${OWN_PROVINCE} with check ${OWN_PROVINCE}`);
    if (table !== 'household_events') {
      const household = table === 'households' ? 'households.id' : `${table}.household_id`;
      this.addSql(`create policy ${table}_matched on ${table} for select to ${API_ROLE} using ${matchedByMinistry(household)}`);
    }
    this.addSql(`create policy ${table}_worker on ${table} to ${WORKER_ROLE} using (true) with check (true)`);
    // FORCE applies to the owner too; migrations and seeding run as the owner and see everything.
    this.addSql(`do $$ begin execute format('create policy ${table}_owner on ${table} to %I using (true) with check (true)', current_user); end $$`);
  }

  private definerFunctions(): void {
    // An ID number's registry facts, whatever the province: the DUPLICATE_ID_NUMBER check of a push
    // and lookupPersons. The caller must already hold the ID numbers; nothing else is returned.
    this.addSql(`
      create function registry_active_persons(ids jsonb)
      returns table (id_number text, registry_no text, province_code text, household_status text)
      language sql stable security definer set search_path = public, pg_temp as $$
        select m.id_number, h.registry_no, h.province_code, h.status
        from members m join households h on h.id = m.household_id
        where m.status = 'ACTIVE' and m.id_number in (select jsonb_array_elements_text(ids))
      $$`);
    this.addSql(`revoke all on function registry_active_persons(jsonb) from public`);
    this.addSql(`grant execute on function registry_active_persons(jsonb) to ${API_ROLE}, ${WORKER_ROLE}`);
    // ANALYZE needs ownership; the worker's nightly refresh of the planner's statistics goes through here.
    this.addSql(`
      create function analyze_registry_table(t text) returns void
      language plpgsql security definer set search_path = public, pg_temp as $$
      begin
        if t not in ('households', 'members', 'household_events', 'batch_matches', 'household_status_facts') then
          raise exception 'not a registry table: %', t;
        end if;
        execute format('analyze %I', t);
      end $$`);
    this.addSql(`revoke all on function analyze_registry_table(text) from public`);
    this.addSql(`grant execute on function analyze_registry_table(text) to ${WORKER_ROLE}`);
  }

  override async down(): Promise<void> {
    this.addSql('drop function if exists analyze_registry_table(text)');
    this.addSql('drop function if exists registry_active_persons(jsonb)');
    for (const table of REGISTRY_TABLES) {
      for (const p of ['tenant', 'matched', 'worker', 'owner']) this.addSql(`drop policy if exists ${table}_${p} on ${table}`);
      this.addSql(`alter table ${table} no force row level security`);
      this.addSql(`alter table ${table} disable row level security`);
    }
    this.addSql(`alter function audit_chain_link() security invoker`);
    this.addSql(`alter default privileges in schema public revoke all on tables from ${API_ROLE}, ${WORKER_ROLE}`);
    this.addSql(`alter default privileges in schema public revoke all on sequences from ${API_ROLE}, ${WORKER_ROLE}`);
    this.addSql(`revoke all on all tables in schema public from ${API_ROLE}, ${WORKER_ROLE}`);
    this.addSql(`revoke all on all sequences in schema public from ${API_ROLE}, ${WORKER_ROLE}`);
    this.addSql(`revoke usage on schema public from ${API_ROLE}, ${WORKER_ROLE}`);
  }
}
