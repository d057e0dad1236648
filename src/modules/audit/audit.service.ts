import type { EntityManager } from '@mikro-orm/postgresql';
import type { Caller } from '../../auth/caller';
import { decodeCursor, pageSize, toPage } from '../../graphql/pagination';
import { normaliseIdNumber } from '../id-number/id-number';
import type { AuditEntry } from './audit-entry.type';
import { auditErrors } from './audit.errors';
import type { AuditLogFilter } from './audit.inputs';
import { type AuditConditions, findAuditEntries } from './audit.repository';

/** LGOP's view of the audit log: pages newest first, and one person's access history. */
export class AuditService {
  constructor(
    private readonly em: EntityManager,
    private readonly caller: Caller,
  ) {}

  list(filter: AuditLogFilter | undefined, first?: number | null, after?: string | null) {
    return this.page({ ...filter }, first, after);
  }

  /** Who was given this person's data: entries naming the ID number, or the households the person belongs or belonged to. */
  accessHistory(idNumber: string, first?: number | null, after?: string | null) {
    const id = normaliseIdNumber(idNumber);
    if (!id.ok) throw auditErrors.BAD_ID_NUMBER(id.reason);
    return this.page({ idNumber: id.idNumber }, first, after);
  }

  private async page(conditions: AuditConditions, first?: number | null, after?: string | null) {
    const limit = pageSize(first);
    const rows = await findAuditEntries<AuditEntry>(this.em, conditions, decodeCursor(after), limit + 1);
    return toPage(rows, limit, (r) => r.id);
  }
}
