import type { NextFunction, Request, Response } from 'express';
import { ContractErrorCode } from '../graphql/error-code';
import { closeIfBodyUnread } from '../http/unread-body';
import type { TenantService } from '../modules/tenants/tenant.service';
import { type Caller, callerFor } from './caller';
import type { TokenService } from './token.service';

/**
 * Authenticates `Authorization: Bearer <token>` before any body is read: a
 * missing, bad or expired token, or one naming an unknown tenant, is answered
 * with HTTP 401 and UNAUTHENTICATED (closing the connection if a body is still
 * coming), and never reaches a body parser or a resolver.
 */
export function authMiddleware(tokens: TokenService, tenants: TenantService) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) return unauthenticated(req, res, 'Missing bearer token: send Authorization: Bearer <token>');
    let tenantCode: string;
    try {
      tenantCode = (await tokens.verify(match[1])).tenantCode;
    } catch {
      return unauthenticated(req, res, 'Invalid or expired token');
    }
    const tenant = await tenants.findByCode(tenantCode);
    if (!tenant) return unauthenticated(req, res, 'The token names no known tenant');
    res.locals.caller = callerFor(tenant) satisfies Caller;
    next();
  };
}

function unauthenticated(req: Request, res: Response, message: string): void {
  closeIfBodyUnread(req, res);
  res
    .status(401)
    .set('WWW-Authenticate', 'Bearer')
    .json({ errors: [{ message, extensions: { code: ContractErrorCode.UNAUTHENTICATED } }] });
}
