import { randomBytes } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { RequestHandler, Router } from 'express';
import type { Logger } from '../../logging/logger';
import type { Redis } from '../../queues/redis.connection';
import type { TenantService } from '../tenants/tenant.service';
import { DEFAULT_STAFF_ACCOUNT_SETTINGS, type StaffAccountSettings } from './staff-account.settings';
import { bearerOrSession, sessionAuth, staffAccountsRouter } from './staff-accounts.route';
import { StaffAccountsService } from './staff-accounts.service';

export interface StaffMountDeps {
  orm: MikroORM;
  redis: Redis;
  tenants: TenantService;
  log: Pick<Logger, 'warn'>;
  settings?: StaffAccountSettings;
  keyPrefix: string;
  /** Keys the CSRF tokens (every API process must share it); a key of this process alone when absent (tests). */
  secret?: string;
}

/**
 * The staff accounts' HTTP side for the hub server: the /auth routes, and the authentication of a
 * route that takes a bearer token or a session cookie.
 */
export function staffAccountsMount(deps: StaffMountDeps): { router: Router; orBearer(bearer: RequestHandler): RequestHandler } {
  const settings = deps.settings ?? DEFAULT_STAFF_ACCOUNT_SETTINGS;
  const service = new StaffAccountsService(deps.orm, deps.tenants, settings, `csrf|${deps.secret ?? randomBytes(32).toString('hex')}`);
  const router = staffAccountsRouter({ service, settings, redis: deps.redis, keyPrefix: deps.keyPrefix, log: deps.log });
  const session = sessionAuth(service, settings);
  return { router, orBearer: (bearer) => bearerOrSession(bearer, session) };
}
