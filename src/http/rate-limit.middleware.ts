import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Caller } from '../auth/caller';
import { ContractErrorCode } from '../graphql/error-code';
import type { Logger } from '../logging/logger';
import type { Redis } from '../queues/redis.connection';
import { closeIfBodyUnread } from './unread-body';

/** Requests a tenant may make. */
export interface RateLimitOptions {
  /** Requests per tenant per window; 0 turns the limit off. @defaultValue `1200` */
  points: number;
  /** Window length. @defaultValue `60` seconds */
  windowSeconds: number;
  /** Key prefix in Redis, so that hubs sharing a Redis count apart. @defaultValue `hub` */
  keyPrefix: string;
}

/**
 * Per-tenant request budget kept in Redis, counted before the body is read (a
 * refused request's body is never read), so every API process counts
 * against one budget. If Redis does not answer, an in-process budget of the
 * same size stands in: the hub keeps serving, each process limits alone.
 */
export function rateLimit(redis: Redis, options: RateLimitOptions, log: Pick<Logger, 'warn'>): RequestHandler {
  const fallback = new RateLimiterMemory({ points: options.points, duration: options.windowSeconds });
  const limiter = new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: `${options.keyPrefix}:rate`,
    points: options.points,
    duration: options.windowSeconds,
    insuranceLimiter: fallback,
  });
  return (req: Request, res: Response, next: NextFunction) => {
    if (options.points <= 0) return next();
    const caller = res.locals.caller as Caller;
    limiter.consume(caller.tenant.code).then(
      () => next(),
      (rejection: unknown) => {
        if (!(rejection instanceof RateLimiterRes)) {
          log.warn({ err: (rejection as Error).message }, 'rate limiter unavailable; request let through');
          return next();
        }
        const retryAfter = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
        closeIfBodyUnread(req, res);
        res.setHeader('Retry-After', String(retryAfter));
        res.status(429).json({
          errors: [
            {
              message: `Too many requests for ${caller.tenant.code}; retry in ${retryAfter} s`,
              extensions: { code: ContractErrorCode.RATE_LIMITED, retryAfterSeconds: retryAfter },
            },
          ],
        });
      },
    );
  };
}
