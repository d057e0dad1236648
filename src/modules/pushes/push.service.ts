import { pushSummary } from './push-summary';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Caller } from '../../auth/caller';
import { appendAudit } from '../audit/audit.repository';
import { IdempotencyService, requestHash } from '../idempotency/idempotency.service';
import { validateHousehold } from './household.validator';
import { pushErrors } from './push.errors';
import type { HouseholdInput } from './push.inputs';
import { type Decision, type PushItem, planPush } from './push.planner';
import { PushRepository } from './push.repository';
import { PushOutcome, type PushSummary } from './push.types';
import { writeDecisions } from './push.writer';

/** Most households one push may carry. */
export const PUSH_MAX = 1000;
const OPERATION = 'pushHouseholds';

/**
 * `pushHouseholds`: validate in memory, then, in one transaction under the
 * province lock, claim the idempotency key, plan against the registry, write
 * set-based, audit, and remember the response for replays.
 */
export class PushService {
  constructor(
    private readonly em: EntityManager,
    private readonly caller: Caller,
    private readonly requestId: string,
  ) {}

  async push(key: string, inputs: HouseholdInput[]): Promise<PushSummary> {
    const provinceCode = requireProvince(this.caller);
    if (inputs.length > PUSH_MAX) throw pushErrors.TOO_MANY_HOUSEHOLDS(PUSH_MAX, inputs.length);
    checkKey(key);
    const hash = requestHash(OPERATION, inputs);
    const today = new Date();
    const items: PushItem[] = inputs.map((input, index) => ({
      index,
      registryNo: input.registryNo,
      expectedVersion: input.expectedVersion ?? null,
      validated: validateHousehold(input, `households[${index}]`, { provinceCode, today }),
    }));
    markRepeatedRegistryNos(items);
    return retryOnUniqueViolation(() => this.em.transactional((tem) => this.inTransaction(tem, provinceCode, key, hash, items)));
  }

  private async inTransaction(tem: EntityManager, provinceCode: string, key: string, hash: string, items: PushItem[]): Promise<PushSummary> {
    const tenantCode = this.caller.tenant.code;
    const idempotency = new IdempotencyService(tem, tenantCode);
    const claim = await idempotency.claim<PushSummary>(key, OPERATION, hash);
    if (claim.kind === 'replay') return claim.response;
    const repo = new PushRepository(tem, provinceCode);
    await repo.lockProvince();
    const decisions = await planPush(repo, items);
    const versions = await writeDecisions(tem, repo, decisions, { tenantCode, requestId: this.requestId });
    const summary = summarise(decisions, versions);
    const touched = decisions.filter((d) => d.outcome === PushOutcome.CREATED || d.outcome === PushOutcome.UPDATED).map((d) => d.registryNo);
    await appendAudit(tem, { tenantCode, operation: OPERATION, requestId: this.requestId, registryNos: touched, detail: counts(summary) });
    await idempotency.complete(key, summary);
    return summary;
  }
}

/** The province a write goes to; only provinces reach a write (`@Authorized(Role.PROVINCE)` on each). */
export function requireProvince(caller: Caller): string {
  if (caller.scope.kind !== 'PROVINCE') throw new Error(`a registry write reached the service for ${caller.tenant.code}, not a province`);
  return caller.scope.provinceCode;
}

function checkKey(key: string): void {
  if (!/^[\x21-\x7e]{1,200}$/.test(key)) throw pushErrors.BAD_IDEMPOTENCY_KEY();
}

/** A registry number listed twice in one push: the later copy is refused. */
function markRepeatedRegistryNos(items: PushItem[]): void {
  const first = new Map<string, number>();
  for (const item of items) {
    const seen = first.get(item.registryNo);
    if (seen === undefined) first.set(item.registryNo, item.index);
    else {
      const error = { path: `households[${item.index}].registryNo`, code: 'BAD_USER_INPUT', message: `Listed twice in this push (also households[${seen}])` };
      item.validated = { ok: false, errors: [...(item.validated.ok ? [] : item.validated.errors), error] };
    }
  }
}

function summarise(decisions: Decision[], versions: Map<string, number>): PushSummary {
  const results = decisions.map((d) => ({
    index: d.index,
    registryNo: d.registryNo,
    outcome: d.outcome,
    version: 'version' in d ? d.version : (versions.get(d.registryNo) ?? null),
    errors: d.outcome === PushOutcome.REJECTED ? d.errors : [],
  }));
  return pushSummary(results);
}

function counts(s: PushSummary) {
  return { created: s.created, updated: s.updated, unchanged: s.unchanged, rejected: s.rejected };
}

/**
 * Two provinces can race for one person (each checks, both insert); the unique
 * index stops the second, and a rerun then sees the first and rejects cleanly.
 */
export async function retryOnUniqueViolation<T>(fn: () => Promise<T>, attempts = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (!(err instanceof UniqueConstraintViolationException) || i >= attempts) throw err;
    }
  }
}
