import type { EntityManager } from '@mikro-orm/postgresql';
import type { Caller } from '../../auth/caller';
import { decodeCursor, pageSize, toPage } from '../../graphql/pagination';
import { normaliseIdNumber } from '../id-number/id-number';
import type { AuditEntry } from './audit-entry.type';
import { auditErrors } from './audit.errors';
import type { AuditLogFilter } from './audit.inputs';

const COLUMNS = `a.id::text as id, a.tenant_code as "tenantCode", a.operation, a.request_id as "requestId",
  a.registry_nos as "registryNos", a.id_numbers as "idNumbers", a.detail, a.created_at as "createdAt"`;

/** LGOP's view of the audit log: pages newest first, and one person's access history. */
export class AuditService {
  constructor(private readonly em: EntityManager, private readonly caller: Caller) {}

  async list(filter: AuditLogFilter | undefined, first?: number | null, after?: string | null) {
    const conditions: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      conditions.push(sql);
      params.push(value);
    };
    if (filter?.tenantCode) add('a.tenant_code = ?', filter.tenantCode);
    if (filter?.operation) add('a.operation = ?', filter.operation);
    if (filter?.registryNo) add('a.registry_nos @> array[?]::text[]', filter.registryNo);
    if (filter?.from) add('a.created_at >= ?', filter.from);
    if (filter?.to) add('a.created_at < ?', filter.to);
    return this.page(conditions, params, first, after);
  }

  /** Who was given this person's data: entries naming the ID number, or the households the person belongs or belonged to. */
  async accessHistory(idNumber: string, first?: number | null, after?: string | null) {
    const id = normaliseIdNumber(idNumber);
    if (!id.ok) throw auditErrors.BAD_ID_NUMBER(id.reason);
    const households = `(select coalesce(array_agg(distinct h.registry_no), '{}') from members m join households h on h.id = m.household_id where m.id_number = ?)`;
    return this.page([`(a.id_numbers @> array[?]::text[] or a.registry_nos && ${households})`], [id.idNumber, id.idNumber], first, after);
  }

  private async page(conditions: string[], params: unknown[], first?: number | null, after?: string | null) {
    const limit = pageSize(first);
    const before = decodeCursor(after);
    if (before !== null) conditions.push(`a.id < ${before}`);
    const where = conditions.length ? `where ${conditions.join(' and ')}` : '';
    const rows = await this.em.execute<AuditEntry[]>(`select ${COLUMNS} from audit_log a ${where} order by a.id desc limit ${limit + 1}`, params);
    return toPage(rows, limit, (r) => r.id);
  }
}
