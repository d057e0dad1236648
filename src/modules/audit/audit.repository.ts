import type { EntityManager } from '@mikro-orm/postgresql';
import { boundQuery } from '../../db/bound-query';

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
  await boundQuery(
    em,
    `insert into audit_log (tenant_code, operation, request_id, registry_nos, id_numbers, detail)
     select ?, ?, ?, array(select jsonb_array_elements_text(?::jsonb)), array(select jsonb_array_elements_text(?::jsonb)), ?::jsonb`,
    [
      entry.tenantCode,
      entry.operation,
      entry.requestId,
      JSON.stringify(entry.registryNos ?? []),
      JSON.stringify(entry.idNumbers ?? []),
      JSON.stringify(entry.detail ?? {}),
    ],
  );
}

type Param = string | number;

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

const COLUMNS = `a.id::text as id, a.tenant_code as "tenantCode", a.operation, a.request_id as "requestId",
  a.registry_nos as "registryNos", a.id_numbers as "idNumbers", a.detail, a.created_at as "createdAt"`;

const PERSON_HOUSEHOLDS = `(select coalesce(array_agg(distinct h.registry_no), '{}') from members m join households h on h.id = m.household_id where m.id_number = ?)`;

function conditionsSql(c: AuditConditions): [string[], Param[]] {
  const conds: string[] = [];
  const params: Param[] = [];
  const add = (sql: string, ...values: Param[]) => (conds.push(sql), params.push(...values));
  if (c.tenantCode) add('a.tenant_code = ?', c.tenantCode);
  if (c.operation) add('a.operation = ?', c.operation);
  if (c.registryNo) add('a.registry_nos @> array[?]::text[]', c.registryNo);
  if (c.from) add('a.created_at >= ?::timestamptz', c.from.toISOString());
  if (c.to) add('a.created_at < ?::timestamptz', c.to.toISOString());
  if (c.idNumber) add(`(a.id_numbers @> array[?]::text[] or a.registry_nos && ${PERSON_HOUSEHOLDS})`, c.idNumber, c.idNumber);
  return [conds, params];
}

/** A keyset page of the audit log, newest first: entries with an id below `beforeId` (when given). */
export function findAuditEntries<T>(em: EntityManager, c: AuditConditions, beforeId: number | null, limit: number): Promise<T[]> {
  const [conds, params] = conditionsSql(c);
  if (beforeId !== null) (conds.push('a.id < ?'), params.push(beforeId));
  const where = conds.length ? `where ${conds.join(' and ')}` : '';
  return boundQuery<T>(em, `select ${COLUMNS} from audit_log a ${where} order by a.id desc limit ?`, [...params, limit]);
}
