import type { EntityManager } from '@mikro-orm/postgresql';
import { runSql, sql } from '../db/sql';
import { currentTraceparent } from '../tracing/trace-context';

/** A pending outbox row: what to publish, and for which aggregate. */
export interface PendingMessage {
  id: string;
  aggregateId: string;
  /** The traceparent of the request that wrote the row (null with tracing off), for the job's span link. */
  traceParent: string | null;
}

/** Writes the message in the caller's transaction: it is published only if that commits. It carries the active trace. */
export async function insertOutbox(tem: EntityManager, topic: string, aggregateId: string): Promise<void> {
  await runSql(tem, sql`insert into outbox (topic, aggregate_id, trace_parent) values (${topic}, ${aggregateId}, ${currentTraceparent()})`);
}

/** Up to `limit` unpublished rows of `topic`, locked; SKIP LOCKED lets relays of several processes share them without waiting. */
export function claimPending(tem: EntityManager, topic: string, limit: number): Promise<PendingMessage[]> {
  return runSql<PendingMessage>(
    tem,
    sql`select id, aggregate_id as "aggregateId", trace_parent as "traceParent" from outbox where published_at is null and topic = ${topic} order by id limit ${limit}::int for update skip locked`,
  );
}

export async function markPublished(tem: EntityManager, ids: readonly string[]): Promise<void> {
  if (!ids.length) return;
  await runSql(tem, sql`update outbox set published_at = now(), attempts = attempts + 1 where id = any(${ids}::bigint[])`);
}
