import type { EntityManager } from '@mikro-orm/postgresql';
import type { Caller } from '../../auth/caller';
import { appendAudit } from '../audit/audit.repository';
import { IdempotencyService, requestHash } from '../idempotency/idempotency.service';
import { requireProvince, retryOnUniqueViolation } from '../pushes/push.service';
import { projectErrors } from './project.errors';

/** Who writes. */
export interface ProjectWriter {
  em: EntityManager;
  caller: Caller;
  requestId: string;
}

/** What a write did, for its audit row. */
export interface WriteDone<T> {
  summary: T;
  registryNos?: string[];
  detail: Record<string, unknown>;
}

/** The province of the caller, and the tenant code the rows and the audit carry. */
export interface WriteScope {
  tem: EntityManager;
  provinceCode: string;
  tenantCode: string;
  requestId: string;
}

/**
 * The frame of every project, ledger and benefit write, as for a household push:
 * one transaction that claims the idempotency key (a replay answers the first
 * response and writes nothing), does the work, appends the audit row and keeps
 * the response. A unique-key race with a concurrent writer reruns it.
 */
export async function provinceWrite<T>(
  w: ProjectWriter,
  operation: string,
  key: string,
  input: unknown,
  work: (s: WriteScope) => Promise<WriteDone<T>>,
): Promise<T> {
  const provinceCode = requireProvince(w.caller);
  if (!/^[\x21-\x7e]{1,200}$/.test(key)) throw projectErrors.BAD_IDEMPOTENCY_KEY();
  const hash = requestHash(operation, input);
  const tenantCode = w.caller.tenant.code;
  return retryOnUniqueViolation(() =>
    w.em.transactional(async (tem) => {
      const idempotency = new IdempotencyService(tem, tenantCode);
      const claim = await idempotency.claim<T>(key, operation, hash);
      if (claim.kind === 'replay') return claim.response;
      const done = await work({ tem, provinceCode, tenantCode, requestId: w.requestId });
      await appendAudit(tem, { tenantCode, operation, requestId: w.requestId, registryNos: done.registryNos, detail: done.detail });
      await idempotency.complete(key, done.summary);
      return done.summary;
    }),
  );
}

/** Refuses a call carrying more than `max` items, before anything is read or written. */
export function checkSize(field: string, sent: number, max: number): void {
  if (sent > max) throw projectErrors.TOO_MANY_ITEMS(field, max, sent);
}
