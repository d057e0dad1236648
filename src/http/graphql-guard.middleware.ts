import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ContractErrorCode } from '../graphql/error-code';
import type { RequestLimits } from '../graphql/limits/request-limits';

const refuse = (res: Response, status: number, code: ContractErrorCode, message: string, limit?: string) =>
  void res.status(status).json({ errors: [{ message, extensions: { code, ...(limit ? { limit } : {}) } }] });

/** A deadline for the whole request (body included): a slow client or query cannot hold a connection for ever. */
export function requestDeadline(timeoutMs: number): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const deadline = setTimeout(() => {
      if (!res.headersSent) refuse(res, 503, ContractErrorCode.INTERNAL, `The request took longer than ${timeoutMs} ms and was stopped`);
      req.socket.destroy();
    }, timeoutMs);
    res.once('close', () => clearTimeout(deadline));
    next();
  };
}

/** Checks on `/graphql` that need no parsing: one operation per request, and the query text's length. */
export function graphqlGuard(limits: Pick<RequestLimits, 'maxQueryChars'>): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const body: unknown = req.body;
    if (Array.isArray(body))
      return refuse(res, 400, ContractErrorCode.QUERY_TOO_COMPLEX, 'Batched operations are not accepted; send one operation per request', 'batch');
    const query = req.method === 'GET' ? req.query.query : (body as { query?: unknown } | undefined)?.query;
    if (typeof query === 'string' && query.length > limits.maxQueryChars) {
      return refuse(
        res,
        400,
        ContractErrorCode.QUERY_TOO_COMPLEX,
        `The query has ${query.length} characters; the limit is ${limits.maxQueryChars}`,
        'queryLength',
      );
    }
    next();
  };
}
