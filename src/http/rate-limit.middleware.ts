import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Caller } from '../auth/caller';
import { ContractErrorCode } from '../graphql/error-code';
import { TenantCounter } from '../graphql/limits/tenant-counter';
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
 * Per-tenant request budget (a TenantCounter in Redis, with its in-process stand-in),
 * counted before the body is read, so a refused request's body is never read.
 */
export function rateLimit(redis: Redis, options: RateLimitOptions, log: Pick<Logger, 'warn'>, onRefused?: (caller: Caller) => void): RequestHandler {
  const counter = new TenantCounter(redis, { points: options.points, windowSeconds: options.windowSeconds, key: `${options.keyPrefix}:rate` });
  return (req: Request, res: Response, next: NextFunction) => {
    if (options.points <= 0) return next();
    const caller = res.locals.caller as Caller;
    void counter.take(caller.tenant.code).then((outcome) => {
      if (outcome.kind === 'allowed') return next();
      if (outcome.kind === 'unavailable') {
        log.warn({ err: (outcome.error as Error)?.message }, 'rate limiter unavailable; request let through');
        return next();
      }
      const retryAfter = outcome.retryAfterSeconds;
      onRefused?.(caller);
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
    }, next);
  };
}
