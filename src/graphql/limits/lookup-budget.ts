import type { Logger } from '../../logging/logger';
import type { Redis } from '../../queues/redis.connection';
import { TenantCounter } from './tenant-counter';

/** What a tenant may look up a day. */
export interface LookupBudgetOptions {
  /** Points per tenant per day: one an ID number looked up; 0 turns the budget off. @defaultValue `20000` */
  perDay: number;
  /** Points a `household(registryNo:)` answer of null takes. @defaultValue `10` */
  missCost: number;
  /** Key prefix in Redis, so that hubs sharing a Redis count apart. @defaultValue `hub` */
  keyPrefix: string;
}

export const DEFAULT_LOOKUP_BUDGET = { perDay: 20_000, missCost: 10 } as const;

/** Share of the day's budget at which a tenant's use is logged as a warning, once a day. */
const WARN_SHARE = 0.8;
const DAY_SECONDS = 24 * 3600;

/** Null when allowed; when not, how long until the tenant's day starts again. */
export type BudgetRefusal = { retryAfterSeconds: number } | null;

/**
 * Per-tenant daily lookup budget, a TenantCounter in Redis, so every API process counts
 * against one budget (a day from the tenant's first lookup; as with the rate limit, an
 * in-process budget of the same size stands in when Redis does not answer). Logs carry
 * the tenant and its counts, never what was looked up.
 */
export class LookupBudget {
  private readonly counter: TenantCounter;
  private readonly warnAt: number;

  constructor(
    redis: Redis,
    private readonly options: LookupBudgetOptions,
    private readonly log: Pick<Logger, 'warn'>,
  ) {
    this.counter = new TenantCounter(redis, { points: options.perDay, windowSeconds: DAY_SECONDS, key: `${options.keyPrefix}:lookups` });
    this.warnAt = Math.ceil(options.perDay * WARN_SHARE);
  }

  /** Takes `points` from the tenant's day; refused when they do not fit (they count all the same). */
  async take(tenant: string, points: number): Promise<BudgetRefusal> {
    const outcome = await this.counter.take(tenant, points);
    if (outcome.kind === 'unavailable') return this.unavailable(outcome.error);
    const before = outcome.consumed - points;
    if (outcome.kind === 'allowed') {
      if (outcome.consumed >= this.warnAt && before < this.warnAt) {
        this.log.warn({ tenant, used: outcome.consumed, budget: this.options.perDay }, `lookup budget of the day ${WARN_SHARE * 100}% used`);
      }
      return null;
    }
    if (before <= this.options.perDay) {
      this.log.warn({ tenant, used: outcome.consumed, budget: this.options.perDay }, 'lookup budget of the day spent; lookups refused');
    }
    return { retryAfterSeconds: outcome.retryAfterSeconds };
  }

  /** Refused when nothing is left of the tenant's day; takes nothing. */
  async check(tenant: string): Promise<BudgetRefusal> {
    const outcome = await this.counter.check(tenant);
    if (outcome.kind === 'unavailable') return this.unavailable(outcome.error);
    return outcome.kind === 'refused' ? { retryAfterSeconds: outcome.retryAfterSeconds } : null;
  }

  /** A `household` lookup that found nothing: guessing registry numbers is mostly misses. */
  async chargeMiss(tenant: string): Promise<void> {
    await this.take(tenant, this.options.missCost);
  }

  private unavailable(err: unknown): null {
    this.log.warn({ err: (err as Error)?.message }, 'lookup budget unavailable; lookup let through');
    return null;
  }
}
