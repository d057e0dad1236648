import { type MiddlewareFn, createMethodMiddlewareDecorator } from 'type-graphql';
import { inTenantTransaction } from '../../db/tenant-transaction';
import type { HubContext } from '../../graphql/hub-context';
import { type ReadAuditRow, appendAudit } from './audit.repository';

/** What a read handed out: the households and the people it named. */
export interface ReadFacts {
  registryNos?: Array<string | null | undefined>;
  idNumbers?: Array<string | null | undefined>;
}

const present = (xs: Array<string | null | undefined> | undefined) => [...new Set((xs ?? []).filter((x): x is string => !!x))];

/**
 * Writes the audit row of a read that returns personal data, before the data
 * leaves: if the row cannot be written, the request fails and nothing is
 * returned. A read that found nobody writes nothing.
 */
export async function auditRead<T>(
  ctx: Pick<HubContext, 'auditReads' | 'em' | 'primaryEm' | 'caller' | 'requestId'>,
  operation: string,
  result: T,
  facts: (result: T) => ReadFacts,
): Promise<T> {
  if (!ctx.auditReads || isAuditWritten(result)) return result;
  const f = handedOutFacts(result) ?? facts(result);
  const registryNos = present(f.registryNos);
  const idNumbers = present(f.idNumbers);
  if (!registryNos.length && !idNumbers.length) return result;
  const entry = { tenantCode: ctx.caller.tenant.code, operation, requestId: ctx.requestId, registryNos, idNumbers, detail: { read: true } };
  // A read served by the standby (read-only) writes its audit row on the primary, committed before the answer leaves.
  if (ctx.primaryEm) await inTenantTransaction(ctx.primaryEm, ctx.caller, (em) => appendAudit(em, entry));
  else await appendAudit(ctx.em, entry);
  return result;
}

const AUDIT_WRITTEN = Symbol('auditWritten');

/**
 * The audit row a read may write in its own statement (readAuditInsert), or
 * null when reads are not audited; the result it returns is then `auditWritten`.
 * On the standby there is none: the statement cannot write there, and AuditRead writes the row on the primary.
 */
export function readAuditRow(ctx: Pick<HubContext, 'auditReads' | 'caller' | 'requestId' | 'primaryEm'>, operation: string): ReadAuditRow | null {
  return ctx.auditReads && !ctx.primaryEm ? { tenantCode: ctx.caller.tenant.code, operation, requestId: ctx.requestId } : null;
}

/** Marks a result whose statement wrote its read's audit row already, with the same facts: AuditRead writes no second one. */
export function auditWritten<T extends object>(result: T): T {
  return Object.assign(result, { [AUDIT_WRITTEN]: true });
}

const isAuditWritten = (result: unknown) => typeof result === 'object' && result !== null && AUDIT_WRITTEN in result;

const HANDED_OUT = Symbol('handedOut');

/**
 * Gives a result the facts its audit row names when the answer cannot (a policy cut the registry numbers the
 * read still handed out, on a standby whose statement cannot write the row): AuditRead takes these instead.
 * A symbol key: the answer never shows them.
 */
export function withHandedOut<T extends object>(result: T, facts: ReadFacts): T {
  return Object.assign(result, { [HANDED_OUT]: facts });
}

const handedOutFacts = (result: unknown): ReadFacts | undefined =>
  typeof result === 'object' && result !== null && HANDED_OUT in result ? (result as { [HANDED_OUT]: ReadFacts })[HANDED_OUT] : undefined;

/** Names, on the middleware of an audited read, the operation it audits (tests find the audited reads by it). */
export const AUDITED_READ = Symbol('auditedRead');

/**
 * Marks an operation that hands out personal data: once its resolver has
 * answered, and before the answer leaves, the read's audit row is written with
 * the facts taken from the answer (see auditRead). A refused call (the auth
 * checker runs first) and a read that found nobody write nothing.
 */
export function AuditRead<T>(operation: string, facts: (result: T) => ReadFacts): MethodDecorator {
  const audit: MiddlewareFn<HubContext> = async ({ context }, next) => auditRead(context, operation, (await next()) as T, facts);
  return createMethodMiddlewareDecorator(Object.assign(audit, { [AUDITED_READ]: operation }));
}
