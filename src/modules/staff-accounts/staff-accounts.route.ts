import express, { type NextFunction, type Request, type RequestHandler, type Response, Router } from 'express';
import { TenantCounter } from '../../graphql/limits/tenant-counter';
import type { Logger } from '../../logging/logger';
import type { Redis } from '../../queues/redis.connection';
import type { StaffAccountSettings } from './staff-account.settings';
import { type StaffRefusal, staffRefusals } from './staff-accounts.errors';
import { sessionTokenOf } from './staff-accounts.rules';
import { StaffAccountsService } from './staff-accounts.service';

/** The session cookie's name (console-interface.md). */
export const SESSION_COOKIE = 'hub_session';
/** The header a cookie-carried state-changing request must bear. */
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface StaffRoutesDeps {
  service: StaffAccountsService;
  settings: StaffAccountSettings;
  redis: Redis;
  keyPrefix: string;
  log: Pick<Logger, 'warn'>;
}

function refuse(res: Response, r: StaffRefusal, clearCookie: boolean, secure: boolean): void {
  if (clearCookie) res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', path: '/', secure });
  if (typeof r.body.retryAfterSeconds === 'number') res.setHeader('Retry-After', String(r.body.retryAfterSeconds));
  res.status(r.status).json(r.body);
}

/**
 * Authenticates a request by its session cookie: the caller becomes the user's tenant and the
 * person; a state-changing method must also carry the session's CSRF token in X-CSRF-Token.
 */
export function sessionAuth(service: StaffAccountsService, settings: Pick<StaffAccountSettings, 'secureCookie'>): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const token = sessionTokenOf(req.headers.cookie, SESSION_COOKIE);
    void service.resume(token).then((s) => {
      res.setHeader('Cache-Control', 'no-store');
      if (!s.ok) return refuse(res, s.refusal, token !== undefined, settings.secureCookie);
      if (!SAFE_METHODS.has(req.method) && !StaffAccountsService.csrfMatches(s.csrfToken, req.get(CSRF_HEADER))) {
        return refuse(res, staffRefusals.CSRF(), false, settings.secureCookie);
      }
      res.locals.caller = s.caller;
      res.locals.csrfToken = s.csrfToken;
      res.locals.sessionToken = token;
      next();
    }, next);
  };
}

/**
 * Machines keep their bearer tokens: a request with Authorization, or with no session cookie
 * (answered as before: 401 asking for a bearer token), goes to `bearer`; a cookie alone to the session.
 */
export function bearerOrSession(bearer: RequestHandler, session: RequestHandler): RequestHandler {
  return (req, res, next) =>
    req.headers.authorization || sessionTokenOf(req.headers.cookie, SESSION_COOKIE) === undefined ? bearer(req, res, next) : session(req, res, next);
}

/** Login attempts per client address, counted before the body is read (the hub's rate limiter, keyed by address). */
function loginRate(deps: StaffRoutesDeps): RequestHandler {
  const points = deps.settings.loginRatePerMinute;
  const counter = new TenantCounter(deps.redis, { points: Math.max(points, 1), windowSeconds: 60, key: `${deps.keyPrefix}:login` });
  return (req, res, next) => {
    if (points <= 0) return next();
    void counter.take(req.ip ?? req.socket.remoteAddress ?? 'unknown').then((outcome) => {
      if (outcome.kind === 'allowed') return next();
      if (outcome.kind === 'unavailable') {
        deps.log.warn({ err: (outcome.error as Error)?.message }, 'login rate limiter unavailable; attempt let through');
        return next();
      }
      refuse(res, staffRefusals.RATE_LIMITED(outcome.retryAfterSeconds), false, deps.settings.secureCookie);
    }, next);
  };
}

/** POST /auth/login, POST /auth/logout, GET /auth/me (console-interface.md). */
export function staffAccountsRouter(deps: StaffRoutesDeps): Router {
  const { service, settings } = deps;
  const router = Router();
  const session = sessionAuth(service, settings);
  const cookie = { httpOnly: true, sameSite: 'strict' as const, path: '/', secure: settings.secureCookie, maxAge: settings.absoluteSeconds * 1000 };
  router.post('/auth/login', loginRate(deps), express.json({ limit: '4kb' }), (req, res, next) => {
    void service.login(req.body).then((outcome) => {
      res.setHeader('Cache-Control', 'no-store');
      if (!outcome.ok) return refuse(res, outcome.refusal, false, settings.secureCookie);
      res.cookie(SESSION_COOKIE, outcome.token, cookie).status(200).json(outcome.me);
    }, next);
  });
  router.post('/auth/logout', session, (_req, res, next) => {
    void service.logout(res.locals.sessionToken as string).then(() => {
      res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', path: '/', secure: settings.secureCookie }).status(204).end();
    }, next);
  });
  router.get('/auth/me', session, (_req, res) => {
    res.status(200).json(StaffAccountsService.meOf(res.locals.caller, res.locals.csrfToken as string));
  });
  return router;
}
