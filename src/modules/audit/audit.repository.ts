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
 * Appends one audit row (its staff columns, the person of a console session, default to the
 * request transaction's settings: src/db/tenant-transaction.ts). Called with the EntityManager of the write's own
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

/** Who read, through which operation: the audit row a read writes in its own statement. */
export interface ReadAuditRow {
  tenantCode: string;
  operation: string;
  requestId: string | null;
}

/**
 * The audit row of a read as a data-modifying CTE of the read's own statement
 * (one round trip less than appendAudit after it): `registryNos` is an array
 * over that statement's rows; an empty one writes nothing, as for auditRead.
 */
export function readAuditInsert(row: ReadAuditRow, registryNos: Sql): Sql {
  return sql`insert into audit_log (tenant_code, operation, request_id, registry_nos, id_numbers, detail)
    select ${row.tenantCode}::text, ${row.operation}::text, ${row.requestId}::text, r.nos, '{}'::text[], ${JSON.stringify({ read: true })}::jsonb
    from (select ${registryNos} as nos) r where cardinality(r.nos) > 0`;
}

/** What an export handed out, as expressions over its rows (alias `q`); null: that kind of fact is not listed. */
export interface ExportFacts {
  registryNo: Sql | null;
  idNumber: Sql | null;
}

/**
 * The one audit row of an export (a file download mirroring a read): the
 * distinct registry and ID numbers over every row of `rows`, in one statement;
 * an export that hands out nobody writes nothing, as for a read.
 */
export function exportAuditInsert(row: ReadAuditRow, detail: Record<string, unknown>, rows: Sql, facts: ExportFacts): Sql {
  return sql`insert into audit_log (tenant_code, operation, request_id, registry_nos, id_numbers, detail)
    select ${row.tenantCode}::text, ${row.operation}::text, ${row.requestId}::text, r.nos, r.ids, ${JSON.stringify({ read: true, ...detail })}::jsonb
    from (${exportFactsQuery(rows, facts)}) r
    where cardinality(r.nos) + cardinality(r.ids) > 0`;
}

/** The distinct registry numbers (`nos`) and ID numbers (`ids`) over every row of `rows`, as one row. */
export function exportFactsQuery(rows: Sql, facts: ExportFacts): Sql {
  const listed = (expr: Sql | null) =>
    expr ? sql`coalesce(array_agg(distinct (${expr})::text) filter (where (${expr}) is not null), '{}')` : sql`'{}'::text[]`;
  return sql`select ${listed(facts.registryNo)} as nos, ${listed(facts.idNumber)} as ids from (${rows}) q`;
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

const COLUMNS = sql`a.id::text as id, a.tenant_code as "tenantCode", a.staff_username as "staffUsername", a.operation, a.request_id as "requestId",
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
