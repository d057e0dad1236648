import type { HubContext } from '../../graphql/hub-context';
import { appendAudit } from './audit.repository';

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
export async function auditRead<T>(ctx: HubContext, operation: string, result: T, facts: (result: T) => ReadFacts): Promise<T> {
  if (!ctx.auditReads) return result;
  const f = facts(result);
  const registryNos = present(f.registryNos);
  const idNumbers = present(f.idNumbers);
  if (!registryNos.length && !idNumbers.length) return result;
  await appendAudit(ctx.em, { tenantCode: ctx.caller.tenant.code, operation, requestId: ctx.requestId, registryNos, idNumbers, detail: { read: true } });
  return result;
}
