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
