import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Redis } from '../../queues/redis.connection';

/** How many points each tenant has per window, and where they are counted. */
export interface TenantCounterOptions {
  points: number;
  windowSeconds: number;
  /** Key in Redis, e.g. `hub:rate`, so that counters and hubs sharing a Redis count apart. */
  key: string;
}

/** The outcome of taking points: allowed (with the window's total), refused (with when to retry), or not counted. */
export type CounterOutcome =
  { kind: 'allowed'; consumed: number } | { kind: 'refused'; consumed: number; retryAfterSeconds: number } | { kind: 'unavailable'; error: unknown };

/**
 * Per-tenant points in a window, kept in Redis so every API process counts
 * against one budget; an in-process counter of the same size stands in when
 * Redis does not answer, so the hub keeps serving and each process limits
 * alone. The rate limit and the daily lookup budget are two of these.
 */
export class TenantCounter {
  private readonly limiter: RateLimiterRedis;

  constructor(
    redis: Redis,
    readonly options: TenantCounterOptions,
  ) {
    this.limiter = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: options.key,
      points: options.points,
      duration: options.windowSeconds,
      insuranceLimiter: new RateLimiterMemory({ points: options.points, duration: options.windowSeconds }),
    });
  }

  /** Takes `points` from the tenant's window; refused points count all the same. */
  async take(tenant: string, points = 1): Promise<CounterOutcome> {
    try {
      return { kind: 'allowed', consumed: (await this.limiter.consume(tenant, points)).consumedPoints };
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) return { kind: 'unavailable', error: rejection };
      return { kind: 'refused', consumed: rejection.consumedPoints, retryAfterSeconds: retryAfter(rejection) };
    }
  }

  /** Refused when nothing is left of the tenant's window; takes nothing. */
  async check(tenant: string): Promise<CounterOutcome> {
    try {
      const res = await this.limiter.get(tenant);
      const consumed = res?.consumedPoints ?? 0;
      return res && consumed >= this.options.points ? { kind: 'refused', consumed, retryAfterSeconds: retryAfter(res) } : { kind: 'allowed', consumed };
    } catch (err) {
      return { kind: 'unavailable', error: err };
    }
  }
}

function retryAfter(res: RateLimiterRes): number {
  return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
}
