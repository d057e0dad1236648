import type { EntityManager } from '@mikro-orm/postgresql';
import { runSql, sql } from '../../db/sql';

/** An idempotency key as a replay reads it. */
export interface StoredKey<T> {
  operation: string;
  requestHash: string;
  response: T;
}

/**
 * Claims `key` for the tenant: inserts it, or takes over an expired one.
 * False when a live key exists (a concurrent claim waits for the first's commit).
 */
export async function insertKey(
  em: EntityManager,
  k: { tenantCode: string; key: string; operation: string; hash: string; ttlHours: number },
): Promise<boolean> {
  const inserted = await runSql(
    em,
    sql`insert into idempotency_keys as k (tenant_code, key, operation, request_hash, expires_at)
       values (${k.tenantCode}, ${k.key}, ${k.operation}, ${k.hash}, now() + make_interval(hours => ${k.ttlHours}::int))
       on conflict (tenant_code, key) do update set operation = excluded.operation, request_hash = excluded.request_hash,
         response = null, created_at = now(), expires_at = excluded.expires_at
       where k.expires_at < now()
       returning k.key`,
  );
  return inserted.length > 0;
}

/** The stored key of the tenant. */
export async function findKey<T>(em: EntityManager, tenantCode: string, key: string): Promise<StoredKey<T> | undefined> {
  const [row] = await runSql<StoredKey<T>>(
    em,
    sql`select operation, request_hash as "requestHash", response from idempotency_keys where tenant_code = ${tenantCode} and key = ${key}`,
  );
  return row;
}

/** Keeps the response to replay. */
export async function storeResponse(em: EntityManager, tenantCode: string, key: string, response: unknown): Promise<void> {
  await runSql(em, sql`update idempotency_keys set response = ${JSON.stringify(response)}::jsonb where tenant_code = ${tenantCode} and key = ${key}`);
}

/** Rows deleted per statement, so a purge never holds long locks. */
export const PURGE_CHUNK = 10_000;

/** Deletes up to `PURGE_CHUNK` expired keys; returns how many. */
export async function deleteExpiredKeys(em: EntityManager): Promise<number> {
  const [{ purged }] = await runSql<{ purged: number }>(
    em,
    sql`with purged as (
       delete from idempotency_keys where ctid in (select ctid from idempotency_keys where expires_at < now() limit ${PURGE_CHUNK}::int)
       returning 1)
     select count(*)::int as purged from purged`,
  );
  return purged;
}
