import type { EntityManager } from '@mikro-orm/postgresql';
import { runSql, sql } from '../../db/sql';

/**
 * Links every audit row whose transaction has ended into the chain, in id
 * order, in one statement (the owner's function, migration 000700 of
 * 2026-12-01); returns how many rows it linked.
 */
export async function sealAuditChain(em: EntityManager): Promise<number> {
  const [{ sealed }] = await runSql<{ sealed: number }>(em, sql`select seal_audit_chain() as sealed`);
  return sealed;
}

/** Links in the audit chain. */
export async function countChainLinks(em: EntityManager): Promise<number> {
  const [{ rows }] = await runSql<{ rows: number }>(em, sql`select count(*)::int as rows from audit_chain`);
  return rows;
}

/**
 * Recomputes the whole chain in one statement (a window over the links) and
 * names the first link that does not hold: a row altered after it was
 * written, a link removed, or one inserted.
 */
export async function firstBrokenLink(em: EntityManager): Promise<{ seq: number; auditId: number; problem: string } | undefined> {
  const [broken] = await runSql<{ seq: number; auditId: number; problem: string }>(
    em,
    sql`with links as (
      select c.seq, c.audit_id, c.prev_hash, c.hash, a.id as present,
        coalesce(lag(c.hash) over (order by c.seq), '\\x00'::bytea) as expected_prev,
        case when a.id is null then null else sha256(c.prev_hash || convert_to(audit_row_text(a), 'UTF8')) end as recomputed
      from audit_chain c left join audit_log a on a.id = c.audit_id
    )
    select seq::int, audit_id::int as "auditId",
      case when present is null then 'the audit row is gone'
           when prev_hash <> expected_prev then 'the link to the row before it is broken (a link was removed or inserted)'
           else 'the row was changed after it was written' end as problem
    from links
    where present is null or prev_hash <> expected_prev or hash <> recomputed
    order by seq limit 1`,
  );
  return broken;
}

/** The audit rows outside the chain: those of transactions that may still be running (the tail the next seal links), and the first of the others. */
export interface UnlinkedRows {
  /** Rows of transactions at or above the last seal's mark: not yet sealed. */
  unsealed: number;
  /** Seconds since the oldest of them was written (0 when none). */
  oldestUnsealedSeconds: number;
  /** The first row that no seal will ever link: below the last seal's mark, or with no or an impossible transaction id. */
  firstAround: number | null;
}

/** Sorts the audit rows outside the chain into the unsealed tail and rows inserted around it. */
export async function unlinkedRows(em: EntityManager): Promise<UnlinkedRows> {
  const [row] = await runSql<UnlinkedRows>(
    em,
    sql`with mark as (
      select coalesce((select c.sealed_below from audit_chain c order by c.seq desc limit 1), '0'::xid8) as below,
             pg_snapshot_xmax(pg_current_snapshot()) as next_xid
    ), outside as (
      select a.id, a.created_at, a.xid is not null and a.xid >= m.below and a.xid < m.next_xid as pending
      from audit_log a, mark m where not exists (select 1 from audit_chain c where c.audit_id = a.id)
    )
    select count(*) filter (where pending)::int as unsealed,
      coalesce(extract(epoch from now() - min(created_at) filter (where pending)), 0)::float8 as "oldestUnsealedSeconds",
      min(id) filter (where not pending)::int as "firstAround"
    from outside`,
  );
  return row;
}
