import type { EntityManager } from '@mikro-orm/postgresql';
import { runSql, sql } from '../../db/sql';
import { type OwnerScope, ownerScopeSql } from '../../db/tenant-scope';
import type { Webhook, WebhookDelivery } from './webhook.types';

/** A webhook row as the reads serve it, with its page key. */
export type WebhookRow = Omit<Webhook, 'secret'> & { seq: number };

/** A delivery row as `webhookDeliveries` serves it, with its page key. */
export type DeliveryRow = WebhookDelivery & { seq: number };

const WEBHOOK_COLUMNS = sql`w.id, w.seq::int as seq, w.tenant_code as "tenantCode", w.url, w.events, w.enabled, w.disabled_reason as "disabledReason",
  w.disabled_at as "disabledAt", w.created_at as "createdAt"`;

/** Registers an endpoint for `tenantCode`; the secret is stored for signing and never read back by the API. */
export async function insertWebhook(em: EntityManager, w: { tenantCode: string; url: string; events: string[]; secret: string }): Promise<WebhookRow> {
  const [row] = await runSql<WebhookRow>(
    em,
    sql`insert into webhooks as w (tenant_code, url, events, secret) values (${w.tenantCode}, ${w.url}, ${w.events}::text[], ${w.secret})
        returning ${WEBHOOK_COLUMNS}`,
  );
  return row;
}

/** The endpoints the owner scope reads, in registration order, after `afterSeq`. */
export function findWebhooks(em: EntityManager, owner: OwnerScope, afterSeq: number, limit: number): Promise<WebhookRow[]> {
  return runSql<WebhookRow>(
    em,
    sql`select ${WEBHOOK_COLUMNS} from webhooks w where ${ownerScopeSql(owner, 'w')} and w.seq > ${afterSeq}::bigint order by w.seq limit ${limit}::int`,
  );
}

/** One endpoint in the owner scope, or none. */
export async function findWebhook(em: EntityManager, owner: OwnerScope, id: string): Promise<WebhookRow | null> {
  const [row] = await runSql<WebhookRow>(em, sql`select ${WEBHOOK_COLUMNS} from webhooks w where ${ownerScopeSql(owner, 'w')} and w.id = ${id}::uuid`);
  return row ?? null;
}

/** Removes an endpoint in the owner scope with its deliveries; false when there was none. */
export async function removeWebhook(em: EntityManager, owner: OwnerScope, id: string): Promise<boolean> {
  const rows = await runSql(em, sql`delete from webhooks w where ${ownerScopeSql(owner, 'w')} and w.id = ${id}::uuid returning w.id`);
  return rows.length > 0;
}

/** A page of an endpoint's deliveries, newest first, each with its attempts (oldest first) in the same statement. */
export function findDeliveries(em: EntityManager, webhookId: string, beforeSeq: number | null, limit: number): Promise<DeliveryRow[]> {
  const before = beforeSeq === null ? sql.empty : sql`and d.seq < ${beforeSeq}::bigint`;
  return runSql<DeliveryRow>(
    em,
    sql`select d.id, d.seq::int as seq, d.webhook_id as "webhookId", d.event_id::text as "eventId", e.type as "eventType", d.status,
          d.attempts as "attemptCount", d.last_response_code as "lastResponseCode", d.next_attempt_at as "nextAttemptAt",
          d.created_at as "createdAt", d.delivered_at as "deliveredAt",
          coalesce((select jsonb_agg(jsonb_build_object('attemptNo', a.attempt_no, 'startedAt', a.started_at, 'durationMs', a.duration_ms,
            'succeeded', a.succeeded, 'responseCode', a.response_code, 'responseBody', a.response_body, 'error', a.error,
            'nextAttemptAt', a.next_attempt_at) order by a.attempt_no) from webhook_attempts a where a.delivery_id = d.id), '[]') as attempts
        from webhook_deliveries d join webhook_events e on e.id = d.event_id
        where d.webhook_id = ${webhookId}::uuid ${before} order by d.seq desc limit ${limit}::int`,
  );
}
