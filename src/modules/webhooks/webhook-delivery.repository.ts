import type { EntityManager } from '@mikro-orm/postgresql';
import { runSql, sql } from '../../db/sql';
import type { Receiver, WebhookEventType } from './webhook.rules';
import type { WebhookDeliveryStatus } from './webhook.types';

/** The outbox topic of a delivery waiting for the queue (webhook_emit writes it, migration 20261211000100; webhook.jobs publishes it). */
export const DELIVERY_OUTBOX_TOPIC = 'webhook-delivery';

/** What one delivery needs: the endpoint, its secret and receiver, and the event. Read by the worker only. */
export interface DeliveryTarget {
  id: string;
  status: WebhookDeliveryStatus;
  webhookId: string;
  url: string;
  secret: string;
  enabled: boolean;
  receiver: Receiver;
  eventType: WebhookEventType;
  eventData: Record<string, unknown>;
  eventAt: Date;
}

export async function loadDelivery(em: EntityManager, deliveryId: string): Promise<DeliveryTarget | null> {
  const [row] = await runSql<DeliveryTarget>(
    em,
    sql`select d.id, d.status, w.id as "webhookId", w.url, w.secret, w.enabled,
          jsonb_build_object('kind', t.kind, 'householdFields', sp.household_fields, 'projectFields', sp.project_fields) as receiver,
          e.type as "eventType", e.data as "eventData", e.created_at as "eventAt"
        from webhook_deliveries d join webhooks w on w.id = d.webhook_id join webhook_events e on e.id = d.event_id
          join tenants t on t.code = w.tenant_code left join sharing_policies sp on sp.tenant_code = w.tenant_code
        where d.id = ${deliveryId}::uuid`,
  );
  return row ?? null;
}

/** One attempt's outcome, as recorded. */
export interface AttemptRecord {
  deliveryId: string;
  startedAt: Date;
  durationMs: number;
  succeeded: boolean;
  responseCode: number | null;
  responseBody: string | null;
  error: string | null;
  status: WebhookDeliveryStatus;
  nextAttemptAt: Date | null;
}

/** The delivery's new status and its attempt row, in one statement (the attempt number is the delivery's count). */
export async function recordAttempt(em: EntityManager, a: AttemptRecord): Promise<void> {
  await runSql(
    em,
    sql`with d as (
          update webhook_deliveries set attempts = attempts + 1, status = ${a.status}, next_attempt_at = ${a.nextAttemptAt}::timestamptz,
            last_response_code = ${a.responseCode}::int, delivered_at = case when ${a.succeeded}::boolean then clock_timestamp() end
          where id = ${a.deliveryId}::uuid returning id, attempts, tenant_code
        )
        insert into webhook_attempts (delivery_id, attempt_no, tenant_code, started_at, duration_ms, succeeded, response_code, response_body, error, next_attempt_at)
        select d.id, d.attempts, d.tenant_code, ${a.startedAt}::timestamptz, ${a.durationMs}::int, ${a.succeeded}::boolean, ${a.responseCode}::int,
          ${a.responseBody}::text, ${a.error}::text, ${a.nextAttemptAt}::timestamptz
        from d on conflict do nothing`,
  );
}

/** Gives an endpoint up: disabled with the reason, and its deliveries not yet sent cancelled (their jobs find them so and stop). */
export async function disableWebhook(em: EntityManager, webhookId: string, reason: string): Promise<void> {
  await runSql(
    em,
    sql`with w as (update webhooks set enabled = false, disabled_reason = ${reason}, disabled_at = now() where id = ${webhookId}::uuid and enabled returning id)
        update webhook_deliveries d set status = 'CANCELLED', next_attempt_at = null
        from w where d.webhook_id = w.id and d.status in ('PENDING', 'RETRYING')`,
  );
}

/** A delivery whose endpoint was disabled before it was sent. */
export async function cancelDelivery(em: EntityManager, deliveryId: string): Promise<void> {
  await runSql(
    em,
    sql`update webhook_deliveries set status = 'CANCELLED', next_attempt_at = null where id = ${deliveryId}::uuid and status in ('PENDING', 'RETRYING')`,
  );
}

/** An unfinished delivery the queue may have lost, with the tries it has had. */
export interface LostDelivery {
  id: string;
  attempts: number;
}

/**
 * Unfinished deliveries overdue by `graceSeconds` whose outbox row was published: after a Redis that came
 * back empty these have no job. One with a live job is overdue only while the worker is behind (adding it again is a no-op).
 */
export function overdueDeliveries(em: EntityManager, graceSeconds: number, limit: number): Promise<LostDelivery[]> {
  return runSql<LostDelivery>(
    em,
    sql`select d.id, d.attempts from webhook_deliveries d
        where d.status in ('PENDING', 'RETRYING')
          and coalesce(d.next_attempt_at, d.created_at) < clock_timestamp() - make_interval(secs => ${graceSeconds}::int)
          and not exists (select 1 from outbox o where o.published_at is null and o.topic = ${DELIVERY_OUTBOX_TOPIC} and o.aggregate_id = d.id::text)
        order by d.seq limit ${limit}::int`,
  );
}
