import { PassThrough, finished } from 'node:stream';
import type { MikroORM } from '@mikro-orm/postgresql';
import { type Request, type RequestHandler, type Response, Router } from 'express';
import type { Caller } from '../../auth/caller';
import { ContractErrorCode } from '../../graphql/error-code';
import type { Logger } from '../../logging/logger';
import type { UploadFormat } from './record-body.streams';
import { RecordUploadError, RecordUploadFailure } from './record-upload.errors';
import { appendRecords } from './record-upload.service';
import { BatchStatus } from './sector-batch.enums';

/** What the upload route needs; `authenticate` must set `res.locals.caller` (authMiddleware does). */
export interface RecordUploadDeps {
  orm: MikroORM;
  authenticate: RequestHandler;
  /** Where unexpected failures are logged; the client only sees their requestId. */
  log?: Pick<Logger, 'error'>;
}

interface Refusal {
  status: number;
  code: ContractErrorCode;
  message: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FORMATS: Readonly<Record<string, UploadFormat>> = {
  'application/x-ndjson': 'ndjson',
  'application/jsonl': 'ndjson',
  'application/json-lines': 'ndjson',
  'text/csv': 'csv',
};
/** A body silent this long is abandoned (and the upload rolled back), so a dead client cannot hold the batch. */
const BODY_IDLE_MS = 120_000;
const NOT_FOUND: Refusal = { status: 404, code: ContractErrorCode.NOT_FOUND, message: 'No such batch of yours' };

/**
 * `PUT /batches/:id/records`: streams an NDJSON or CSV body into a RECEIVING
 * batch of the caller's (contract: "Sector batches and reconciliation"). No
 * body parser runs before it: the request itself is the stream.
 */
export function recordUploadRouter(deps: RecordUploadDeps): Router {
  const router = Router();
  router.put('/batches/:id/records', deps.authenticate, async (req: Request<{ id: string }>, res: Response) => {
    await upload(deps, req, res);
  });
  return router;
}

async function upload(deps: RecordUploadDeps, req: Request<{ id: string }>, res: Response): Promise<void> {
  const caller = res.locals.caller as Caller;
  const batchId = req.params.id;
  try {
    const refusal = await checkBatch(deps.orm, batchId, caller);
    if (refusal) return sendError(req, res, refusal);
    const format = formatOf(req);
    if (typeof format !== 'string') return sendError(req, res, format);
    const audit = { tenantCode: caller.tenant.code, requestId: (res.locals.requestId as string | undefined) ?? null };
    const result = await appendRecords(deps.orm, batchId, format, guardedBody(req), audit);
    res.status(200).json({ batchId, ...result });
  } catch (err) {
    answerFailure(deps, req, res, err);
  }
}

/** 404 for a batch that is missing or another tenant's alike, so no one learns which ids exist. */
async function checkBatch(orm: MikroORM, batchId: string, caller: Caller): Promise<Refusal | null> {
  if (!UUID.test(batchId)) return NOT_FOUND;
  const rows = await orm.em.getConnection().execute<Array<{ tenant_code: string; status: string }>>(
    'select tenant_code, status from sector_batches where id = ?',
    [batchId],
  );
  if (!rows.length || rows[0].tenant_code !== caller.tenant.code) return NOT_FOUND;
  if (rows[0].status !== BatchStatus.RECEIVING) return sealed(rows[0].status);
  return null;
}

function sealed(status: string): Refusal {
  return { status: 409, code: ContractErrorCode.BAD_USER_INPUT, message: `The batch is sealed (status ${status}); records can only be added while it is RECEIVING` };
}

/** The body's format from its Content-Type; only UTF-8, and no Content-Encoding, is read. */
function formatOf(req: Request): UploadFormat | Refusal {
  const [type = '', ...params] = (req.headers['content-type'] ?? '').split(';').map((p) => p.trim().toLowerCase());
  const unsupported = (message: string): Refusal => ({ status: 415, code: ContractErrorCode.BAD_USER_INPUT, message });
  const format = FORMATS[type];
  if (!format) {
    return unsupported(`Content-Type must be one of ${Object.keys(FORMATS).join(', ')} (got ${type ? `"${type.slice(0, 80)}"` : 'none'})`);
  }
  const charset = params.find((p) => p.startsWith('charset='))?.slice(8).replace(/"/g, '');
  if (charset && charset !== 'utf-8' && charset !== 'utf8') return unsupported(`Only UTF-8 bodies are read (got charset ${charset.slice(0, 40)})`);
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
  if (encoding !== 'identity') return unsupported(`Content-Encoding ${encoding.slice(0, 40)} is not read; send the body uncompressed`);
  return format;
}

/**
 * The request body behind a stream of its own: the upload may destroy it on
 * an error without destroying the socket, so the error can still be
 * answered. A client gone, or silent for BODY_IDLE_MS, fails it, which rolls the upload back.
 */
function guardedBody(req: Request): PassThrough {
  const body = new PassThrough();
  const stalled = setTimeout(() => {
    body.destroy(new RecordUploadError(RecordUploadFailure.BAD_BODY, `No bytes of the body for ${BODY_IDLE_MS / 1000} s; nothing of this upload was kept`));
  }, BODY_IDLE_MS).unref();
  const onData = () => stalled.refresh();
  req.on('data', onData);
  finished(req, (err) => {
    clearTimeout(stalled);
    if (err) body.destroy(err);
  });
  body.on('close', () => {
    clearTimeout(stalled);
    req.off('data', onData);
    req.unpipe(body);
  });
  req.pipe(body);
  return body;
}

function answerFailure(deps: RecordUploadDeps, req: Request, res: Response, err: unknown): void {
  if (err instanceof RecordUploadError) return sendError(req, res, refusalFor(err));
  const requestId = res.locals.requestId as string | undefined;
  // A client that went away mid-body caused this itself; its upload is rolled back and there is no one to answer.
  if (req.destroyed && !req.complete) return;
  deps.log?.error({ err, requestId }, 'record upload failed');
  sendError(req, res, { status: 500, code: ContractErrorCode.INTERNAL, message: 'Internal error' }, { requestId });
}

function refusalFor(err: RecordUploadError): Refusal {
  switch (err.failure) {
    case RecordUploadFailure.NOT_FOUND:
      return NOT_FOUND;
    case RecordUploadFailure.SEALED:
    case RecordUploadFailure.BUSY:
      return { status: 409, code: ContractErrorCode.BAD_USER_INPUT, message: err.message };
    case RecordUploadFailure.BAD_BODY:
      return { status: 400, code: ContractErrorCode.BAD_USER_INPUT, message: err.message };
  }
}

function sendError(req: Request, res: Response, refusal: Refusal, extensions: Record<string, unknown> = {}): void {
  if (res.headersSent || !res.socket || res.socket.destroyed) return;
  // Otherwise Node would read an unread body to its end (any size) to keep the connection alive.
  if (!req.complete) res.set('Connection', 'close');
  res.status(refusal.status).json({ errors: [{ message: refusal.message, extensions: { code: refusal.code, ...extensions } }] });
}
