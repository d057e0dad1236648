import type { NextFunction, Request, Response } from 'express';
import { ContractErrorCode } from '../graphql/error-code';
import type { TenantService } from '../modules/tenants/tenant.service';
import { type Caller, callerFor } from './caller';
import type { TokenService } from './token.service';

/**
 * Authenticates `Authorization: Bearer <token>` before GraphQL runs: a missing,
 * bad or expired token, or one naming an unknown tenant, is answered with HTTP
 * 401 and UNAUTHENTICATED, and never reaches a resolver.
 */
export function authMiddleware(tokens: TokenService, tenants: TenantService) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) return unauthenticated(res, 'Missing bearer token: send Authorization: Bearer <token>');
    let tenantCode: string;
    try {
      tenantCode = (await tokens.verify(match[1])).tenantCode;
    } catch {
      return unauthenticated(res, 'Invalid or expired token');
    }
    const tenant = await tenants.findByCode(tenantCode);
    if (!tenant) return unauthenticated(res, 'The token names no known tenant');
    res.locals.caller = callerFor(tenant) satisfies Caller;
    next();
  };
}

function unauthenticated(res: Response, message: string): void {
  res
    .status(401)
    .set('WWW-Authenticate', 'Bearer')
    .json({ errors: [{ message, extensions: { code: ContractErrorCode.UNAUTHENTICATED } }] });
}
