import type { EntityManager } from '@mikro-orm/postgresql';

/** The outcome of checking the audit chain. */
export type ChainCheck =
  | { intact: true; rows: number }
  | { intact: false; rows: number; auditId: number; seq: number | null; problem: string };

/**
 * Recomputes the whole chain in one statement (a window over the links) and
 * names the first link that does not hold: a row altered after it was
 * written, a link removed, or an audit row that was never linked.
 */
export async function verifyAuditChain(em: EntityManager): Promise<ChainCheck> {
  const [{ rows }] = await em.execute<Array<{ rows: number }>>(`select count(*)::int as rows from audit_chain`);
  const [broken] = await em.execute<Array<{ seq: number; auditId: number; problem: string }>>(`
    with links as (
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
    order by seq limit 1`);
  if (broken) return { intact: false, rows, seq: broken.seq, auditId: broken.auditId, problem: broken.problem };
  const [unlinked] = await em.execute<Array<{ id: number }>>(
    `select a.id::int as id from audit_log a where not exists (select 1 from audit_chain c where c.audit_id = a.id) order by a.id limit 1`,
  );
  if (unlinked) return { intact: false, rows, seq: null, auditId: unlinked.id, problem: 'the audit row is not in the chain (inserted around it)' };
  return { intact: true, rows };
}
