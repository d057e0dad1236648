import type { Request, Response } from 'express';
import { ContractErrorCode } from '../../graphql/error-code';
import { closeIfBodyUnread } from '../../http/unread-body';
import { RecordUploadError, RecordUploadFailure } from './record-upload.errors';
import type { GateRefusal } from './upload-gate';
import type { UploadLimits } from './upload-limits';

/** An upload refused, as its HTTP answer. */
export interface Refusal {
  status: number;
  code: ContractErrorCode;
  message: string;
  extensions?: Record<string, unknown>;
}

/** What a client refused for want of an upload slot is told to wait: about the time a modest upload takes. */
export const UPLOAD_RETRY_AFTER_SECONDS = 30;

export const NOT_FOUND: Refusal = { status: 404, code: ContractErrorCode.NOT_FOUND, message: 'No such batch of yours' };

export function sealed(status: string): Refusal {
  return {
    status: 409,
    code: ContractErrorCode.BAD_USER_INPUT,
    message: `The batch is sealed (status ${status}); records can only be added while it is RECEIVING`,
  };
}

export function refusalFor(err: RecordUploadError): Refusal {
  switch (err.failure) {
    case RecordUploadFailure.NOT_FOUND:
      return NOT_FOUND;
    case RecordUploadFailure.SEALED:
    case RecordUploadFailure.BUSY:
      return { status: 409, code: ContractErrorCode.BAD_USER_INPUT, message: err.message };
    case RecordUploadFailure.BAD_BODY:
      return { status: 400, code: ContractErrorCode.BAD_USER_INPUT, message: err.message };
    case RecordUploadFailure.TOO_SLOW:
      return { status: 408, code: ContractErrorCode.BAD_USER_INPUT, message: err.message };
  }
}

/** 429 for an upload over the tenant's or the process's number of uploads in progress. */
export function gateRefusal(which: GateRefusal, tenantCode: string, limits: Pick<UploadLimits, 'maxConcurrent' | 'maxPerTenant'>): Refusal {
  const retry = `retry in ${UPLOAD_RETRY_AFTER_SECONDS} s`;
  const message =
    which === 'TENANT'
      ? `${tenantCode} has ${limits.maxPerTenant} uploads in progress already; ${retry}`
      : `The hub is receiving ${limits.maxConcurrent} uploads already; ${retry}`;
  return { status: 429, code: ContractErrorCode.RATE_LIMITED, message, extensions: { retryAfterSeconds: UPLOAD_RETRY_AFTER_SECONDS } };
}

export function sendError(req: Request, res: Response, refusal: Refusal, extensions: Record<string, unknown> = {}): void {
  if (res.headersSent || !res.socket || res.socket.destroyed) return;
  closeIfBodyUnread(req, res);
  if (refusal.status === 429) res.set('Retry-After', String(UPLOAD_RETRY_AFTER_SECONDS));
  res.status(refusal.status).json({ errors: [{ message: refusal.message, extensions: { code: refusal.code, ...refusal.extensions, ...extensions } }] });
}
