import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import type { NextFunction, Request, Response, Router } from 'express';
import { Role, hasRole } from '../auth/roles';
import type { TokenService } from '../auth/token.service';
import { ContractErrorCode } from '../graphql/error-code';
import type { TenantService } from '../modules/tenants/tenant.service';

/** Where the dashboard lives. */
export const ADMIN_QUEUES_PATH = '/admin/queues';
const COOKIE = 'hub_admin_token';

/**
 * bull-board for LGOP only, and read-only: a retry or a cancel is a transition of the batch's
 * lifecycle with its audit row (`retryBatch`, `cancelBatch`), never a direct change of the queue.
 * A browser cannot send a bearer header, so the first visit may carry `?token=`; it is moved
 * into an HttpOnly cookie scoped to the dashboard and stripped from the address.
 */
export function adminQueuesRouter(
  queues: Queue[],
  tokens: TokenService,
  tenants: TenantService,
): [(req: Request, res: Response, next: NextFunction) => void, Router] {
  const adapter = new ExpressAdapter();
  adapter.setBasePath(ADMIN_QUEUES_PATH);
  createBullBoard({ queues: queues.map((q) => new BullMQAdapter(q, { readOnlyMode: true })), serverAdapter: adapter });
  const guard = (req: Request, res: Response, next: NextFunction) => {
    void lgopOnly(req, res, next, tokens, tenants);
  };
  return [guard, adapter.getRouter() as Router];
}

async function lgopOnly(req: Request, res: Response, next: NextFunction, tokens: TokenService, tenants: TenantService): Promise<void> {
  const fromQuery = typeof req.query.token === 'string' ? req.query.token : undefined;
  const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? fromQuery ?? readCookie(req.headers.cookie, COOKIE);
  const deny = (status: number, code: ContractErrorCode, message: string) => void res.status(status).json({ errors: [{ message, extensions: { code } }] });
  if (!token) return deny(401, ContractErrorCode.UNAUTHENTICATED, 'Log in with ?token=<LGOP token>');
  let tenantCode: string;
  try {
    tenantCode = (await tokens.verify(token)).tenantCode;
  } catch {
    return deny(401, ContractErrorCode.UNAUTHENTICATED, 'Invalid or expired token');
  }
  const tenant = await tenants.findByCode(tenantCode);
  if (!tenant) return deny(401, ContractErrorCode.UNAUTHENTICATED, 'The token names no known tenant');
  if (!hasRole(tenant, Role.LGOP)) return deny(403, ContractErrorCode.FORBIDDEN, 'The queue dashboard is for LGOP only');
  // bull-board refuses its per-queue actions itself; this refuses every other write too (pause all, history purge).
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return deny(405, ContractErrorCode.FORBIDDEN, 'The queue dashboard is read-only; use the retryBatch and cancelBatch mutations');
  }
  if (fromQuery) {
    res.cookie(COOKIE, token, { httpOnly: true, sameSite: 'strict', path: ADMIN_QUEUES_PATH });
    return res.redirect(ADMIN_QUEUES_PATH);
  }
  next();
}

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}
