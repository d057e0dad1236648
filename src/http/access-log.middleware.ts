import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, Response } from 'express';
import { pinoHttp } from 'pino-http';
import type { Caller } from '../auth/caller';
import { ContractErrorCode } from '../graphql/error-code';
import { accessNoteOf } from '../logging/access-note';
import type { Logger } from '../logging/logger';

/** Probes come every few seconds; their line is kept for debugging only. */
const PROBE_PATHS = new Set(['/healthz', '/readyz']);

/**
 * One line per request when its response ends: request id, tenant, GraphQL
 * operation, status, duration. No body, headers or query string (an address
 * may carry a token or an ID number); errors' stacks are logged where they happen.
 */
export function accessLog(log: Logger) {
  return pinoHttp<Request, Response>({
    logger: log,
    genReqId: (_req, res) => res.locals.requestId as string,
    serializers: { req: (req: { method: string; url: string }) => ({ method: req.method, path: pathOf(req.url) }) },
    customLogLevel: levelOf,
    customSuccessObject: (_req, res, val: { responseTime: number }) => lineOf(res, val.responseTime),
    customErrorObject: (_req, res, _err, val: { responseTime: number }) => lineOf(res, val.responseTime),
    customSuccessMessage: () => 'request',
    customErrorMessage: () => 'request',
  });
}

function lineOf(res: Response, durationMs: number): Record<string, unknown> {
  const note = accessNoteOf(res.locals);
  return {
    requestId: res.locals.requestId,
    tenant: (res.locals.caller as Caller | undefined)?.tenant.code,
    operation: note.operation,
    status: res.statusCode,
    durationMs,
    ...(note.errorCodes.length > 0 ? { errorCodes: [...new Set(note.errorCodes)] } : {}),
  };
}

/** The client's mistakes are warnings; only what the hub did not expect is an error. */
function levelOf(req: IncomingMessage, res: ServerResponse, err?: Error): 'debug' | 'info' | 'warn' | 'error' {
  const codes = accessNoteOf((res as Response).locals).errorCodes;
  if (err || res.statusCode >= 500 || codes.includes(ContractErrorCode.INTERNAL)) return 'error';
  if (res.statusCode >= 400 || codes.length > 0) return 'warn';
  return PROBE_PATHS.has(pathOf((req as Request).originalUrl ?? req.url ?? '')) ? 'debug' : 'info';
}

function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}
