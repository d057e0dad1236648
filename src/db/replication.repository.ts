import type { EntityManager } from '@mikro-orm/postgresql';
import type { Client } from 'pg';
import { runSql, sql } from './sql';

/** Whether the node a client reached is a standby (in recovery). */
export async function isInRecovery(client: Client): Promise<boolean> {
  const { rows } = await client.query<{ standby: boolean }>(sql`select pg_is_in_recovery() as standby`.toPg());
  return rows[0].standby;
}

/** What a node is (standby or primary) and, on a standby, its replay lag in seconds (as `replayLagSeconds`). */
export async function nodeReplication(client: Client): Promise<{ standby: boolean; lag: number | null }> {
  const { rows } = await client.query<{ standby: boolean; lag: number | null }>(
    sql`select pg_is_in_recovery() as standby, case when not pg_is_in_recovery() then null
      when pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() then 0
      else extract(epoch from now() - pg_last_xact_replay_timestamp())::float8 end as lag`.toPg(),
  );
  return rows[0];
}

/** The primary's WAL position now: after a commit, at or past that commit's record. */
export async function currentWalLsn(em: EntityManager): Promise<string> {
  const [row] = await runSql<{ lsn: string }>(em, sql`select pg_current_wal_lsn()::text as lsn`);
  return row.lsn;
}

/** Whether the node has replayed `lsn` (a primary has everything it wrote). */
export async function hasReplayed(em: EntityManager, lsn: string): Promise<boolean> {
  const [row] = await runSql<{ done: boolean }>(
    em,
    sql`select case when pg_is_in_recovery() then coalesce(pg_last_wal_replay_lsn() >= ${lsn}::pg_lsn, false) else true end as done`,
  );
  return row.done;
}

/** How far the node is behind: seconds since its last replayed commit when there are unreplayed WAL, null on a primary. */
export async function replayLagSeconds(em: EntityManager): Promise<number | null> {
  const [row] = await runSql<{ lag: number | null }>(
    em,
    sql`select case when not pg_is_in_recovery() then null
      when pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() then 0
      else extract(epoch from now() - pg_last_xact_replay_timestamp())::float8 end as lag`,
  );
  return row.lag;
}
