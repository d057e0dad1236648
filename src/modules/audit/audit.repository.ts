import type { EntityManager } from '@mikro-orm/postgresql';
import { type Sql, runSql, sql } from '../../db/sql';

/** Who touched which personal data, through which operation. */
export interface AuditEntry {
  tenantCode: string;
  operation: string;
  requestId: string | null;
  registryNos?: string[];
  idNumbers?: string[];
  detail?: Record<string, unknown>;
}

/**
 * Appends one audit row. Called with the EntityManager of the write's own
 * transaction, so a write and its audit commit or vanish together.
 */
export async function appendAudit(em: EntityManager, entry: AuditEntry): Promise<void> {
  await runSql(
    em,
    sql`insert into audit_log (tenant_code, operation, request_id, registry_nos, id_numbers, detail)
     select ${entry.tenantCode}::text, ${entry.operation}::text, ${entry.requestId}::text,
       array(select jsonb_array_elements_text(${JSON.stringify(entry.registryNos ?? [])}::jsonb)),
       array(select jsonb_array_elements_text(${JSON.stringify(entry.idNumbers ?? [])}::jsonb)), ${JSON.stringify(entry.detail ?? {})}::jsonb`,
  );
}

/** What one page of the audit log is cut by: every given condition must hold. */
export interface AuditConditions {
  tenantCode?: string | null;
  operation?: string | null;
  registryNo?: string | null;
  from?: Date | null;
  to?: Date | null;
  /** Entries naming this (normalised) ID number, or a household the person belongs or belonged to. */
  idNumber?: string;
}

const COLUMNS = sql`a.id::text as id, a.tenant_code as "tenantCode", a.operation, a.request_id as "requestId",
  a.registry_nos as "registryNos", a.id_numbers as "idNumbers", a.detail, a.created_at as "createdAt"`;

/** The registry numbers of the households a person belongs or belonged to. */
const personHouseholds = (idNumber: string) =>
  sql`(select coalesce(array_agg(distinct h.registry_no), '{}') from members m join households h on h.id = m.household_id where m.id_number = ${idNumber})`;

function conditionsSql(c: AuditConditions): Sql[] {
  const conds: Sql[] = [];
  if (c.tenantCode) conds.push(sql`a.tenant_code = ${c.tenantCode}`);
  if (c.operation) conds.push(sql`a.operation = ${c.operation}`);
  if (c.registryNo) conds.push(sql`a.registry_nos @> array[${c.registryNo}]::text[]`);
  if (c.from) conds.push(sql`a.created_at >= ${c.from.toISOString()}::timestamptz`);
  if (c.to) conds.push(sql`a.created_at < ${c.to.toISOString()}::timestamptz`);
  if (c.idNumber) conds.push(sql`(a.id_numbers @> array[${c.idNumber}]::text[] or a.registry_nos && ${personHouseholds(c.idNumber)})`);
  return conds;
}

/** A keyset page of the audit log, newest first: entries with an id below `beforeId` (when given). */
export function findAuditEntries<T>(em: EntityManager, c: AuditConditions, beforeId: number | null, limit: number): Promise<T[]> {
  const conds = conditionsSql(c);
  if (beforeId !== null) conds.push(sql`a.id < ${beforeId}`);
  return runSql<T>(em, sql`select ${COLUMNS} from audit_log a ${sql.where(conds)} order by a.id desc limit ${limit}::int`);
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

/** The first audit row that is in no link of the chain (inserted around it). */
export async function firstUnlinkedRow(em: EntityManager): Promise<number | undefined> {
  const [unlinked] = await runSql<{ id: number }>(
    em,
    sql`select a.id::int as id from audit_log a where not exists (select 1 from audit_chain c where c.audit_id = a.id) order by a.id limit 1`,
  );
  return unlinked?.id;
}
