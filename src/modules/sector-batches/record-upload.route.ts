import { addAbortSignal } from 'node:stream';
import type { MikroORM } from '@mikro-orm/postgresql';
import { type Request, type RequestHandler, type Response, Router } from 'express';
import type { Caller } from '../../auth/caller';
import { ContractErrorCode } from '../../graphql/error-code';
import type { Logger } from '../../logging/logger';
import { BatchTransition, allows } from '../batch-lifecycle/batch-lifecycle.rules';
import type { Sector } from '../tenants/tenant.enums';
import { readSpool, removeSpool, spoolBody, spoolPath, sweepSpool } from './body-spool';
import { CHARSET_LABELS } from './record-body.decoder';
import type { BodyType, UploadFormat } from './record-body.streams';
import { checkBody } from './record-dry-run';
import { type BlockEncoder, EncoderPool, IN_THREAD } from './record-encoder.pool';
import { RecordUploadError } from './record-upload.errors';
import { NOT_FOUND, type Refusal, gateRefusal, refusalFor, sealed, sendError } from './record-upload.refusals';
import { batchOwner } from './record-upload.repository';
import { appendRecords } from './record-upload.service';
import { UploadDeadline } from './upload-deadline';
import { UploadGate } from './upload-gate';
import { DEFAULT_UPLOAD_LIMITS, type UploadLimits } from './upload-limits';

/** What the upload route needs; `authenticate` must set `res.locals.caller` (authMiddleware does). */
export interface RecordUploadDeps {
  orm: MikroORM;
  authenticate: RequestHandler;
  /** The per-tenant request budget, counted after authentication and before the body is read. */
  rateLimit?: RequestHandler;
  /** Over DEFAULT_UPLOAD_LIMITS. */
  limits?: Partial<UploadLimits>;
  /** Where unexpected failures are logged; the client only sees their requestId. */
  log?: Pick<Logger, 'error' | 'warn'>;
}

interface Upload {
  deps: RecordUploadDeps;
  limits: UploadLimits;
  gate: UploadGate;
  encoder: BlockEncoder;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FORMATS: Readonly<Record<string, UploadFormat>> = {
  'application/x-ndjson': 'ndjson',
  'application/jsonl': 'ndjson',
  'application/json-lines': 'ndjson',
  'text/csv': 'csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
};

/**
 * `PUT /batches/:id/records`: an NDJSON, CSV or XLSX body into a RECEIVING batch of
 * the caller's (contract: "Sector batches and reconciliation"). Authenticated
 * and counted before any byte of the body is read; then, within the caller's
 * upload slots, the body is spooled to disk at the client's pace and written to
 * the database at the database's, on one of a few connections set aside for it.
 * With `?dryRun=true` the spooled body is only checked and counted (record-dry-run).
 */
export function recordUploadRouter(deps: RecordUploadDeps): Router {
  const limits = { ...DEFAULT_UPLOAD_LIMITS, ...deps.limits };
  const encoder = limits.encoderThreads > 0 ? new EncoderPool(limits.encoderThreads) : IN_THREAD;
  const ctx: Upload = { deps, limits, gate: new UploadGate(limits), encoder };
  sweepSpool(limits.spoolDir, limits.deadlineMs).catch((err: unknown) => deps.log?.warn({ err }, 'could not sweep the upload spool'));
  const router = Router();
  const guards = deps.rateLimit ? [deps.authenticate, deps.rateLimit] : [deps.authenticate];
  router.put('/batches/:id/records', ...guards, async (req: Request<{ id: string }>, res: Response) => {
    const caller = res.locals.caller as Caller;
    const slot = ctx.gate.enter(caller.tenant.code);
    if (typeof slot === 'string') return sendError(req, res, gateRefusal(slot, caller.tenant.code, limits));
    // The slot is free before the answer leaves, so a client that sends its next upload on the answer finds it free.
    let answer: Answer;
    try {
      answer = await upload(ctx, req, res, caller);
    } finally {
      slot();
    }
    answer();
  });
  return router;
}

/** Sends an upload's answer once its work and cleanup are over. */
type Answer = () => void;

async function upload(ctx: Upload, req: Request<{ id: string }>, res: Response, caller: Caller): Promise<Answer> {
  const batchId = req.params.id;
  const deadline = new UploadDeadline(ctx.limits.deadlineMs);
  const gone = clientGone(res);
  const signal = AbortSignal.any([deadline.signal, gone]);
  const file = spoolPath(ctx.limits.spoolDir);
  try {
    const batch = await checkBatch(ctx.deps.orm, batchId, caller);
    if ('status' in batch) return () => sendError(req, res, batch);
    const format = formatOf(req);
    if ('status' in format) return () => sendError(req, res, format);
    const dryRun = dryRunOf(req);
    if (typeof dryRun !== 'boolean') return () => sendError(req, res, dryRun);
    await spoolBody(req, file, ctx.limits, signal);
    if (dryRun) {
      // Read and judged as the upload below would be, and only counted: no connection, no row, no audit.
      const target = { sector: batch.sector, maxProblems: ctx.limits.dryRunMaxProblems };
      const report = await checkBody(addAbortSignal(signal, readSpool(file)), format, target, ctx.encoder, signal);
      return () => res.status(200).json({ batchId, dryRun: true, ...report });
    }
    const audit = { tenantCode: caller.tenant.code, requestId: (res.locals.requestId as string | undefined) ?? null };
    const turn = await ctx.gate.copying.acquire(signal);
    try {
      const result = await appendRecords(ctx.deps.orm, batchId, format, addAbortSignal(signal, readSpool(file)), audit, deadline.remainingMs(), ctx.encoder);
      return () => res.status(200).json({ batchId, ...result });
    } finally {
      turn();
    }
  } catch (err) {
    // A client gone has no one to answer; what it sent was rolled back or never reached the database.
    const failure = deadline.explain(err);
    return () => {
      if (!gone.aborted) answerFailure(ctx.deps, req, res, failure);
    };
  } finally {
    deadline.stop();
    await removeSpool(file).catch((err: unknown) => ctx.deps.log?.warn({ err }, 'could not remove an upload spool file'));
  }
}

/** Aborts when the client goes away before its answer: a commit it never hears of would be sent again by its retry. */
function clientGone(res: Response): AbortSignal {
  const gone = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) gone.abort(new Error('the client went away before its answer'));
  });
  return gone.signal;
}

/** 404 for a batch that is missing or another tenant's alike, so no one learns which ids exist; else the batch's sector. */
async function checkBatch(orm: MikroORM, batchId: string, caller: Caller): Promise<Refusal | { sector: Sector }> {
  if (!UUID.test(batchId)) return NOT_FOUND;
  const batch = await batchOwner(orm.em.fork(), batchId);
  if (!batch || batch.tenantCode !== caller.tenant.code) return NOT_FOUND;
  if (!allows(BatchTransition.RECEIVE, batch.status)) return sealed(batch.status);
  return { sector: batch.sector };
}

/**
 * `?dryRun=true` checks the body and writes nothing. The name is read in any case and a value other than
 * true or false is refused, lest a typo (`dryrun=1`) upload for real.
 */
function dryRunOf(req: Request): boolean | Refusal {
  const key = Object.keys(req.query).find((k) => k.toLowerCase() === 'dryrun');
  const value = key === undefined ? undefined : req.query[key];
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  return { status: 400, code: ContractErrorCode.BAD_USER_INPUT, message: 'dryRun must be true or false' };
}

/** The body's format and encoding from its Content-Type; no Content-Encoding is read. */
function formatOf(req: Request): BodyType | Refusal {
  const [type = '', ...params] = (req.headers['content-type'] ?? '').split(';').map((p) => p.trim().toLowerCase());
  const unsupported = (message: string): Refusal => ({ status: 415, code: ContractErrorCode.BAD_USER_INPUT, message });
  const format = FORMATS[type];
  if (!format) {
    return unsupported(`Content-Type must be one of ${Object.keys(FORMATS).join(', ')} (got ${type ? `"${type.slice(0, 80)}"` : 'none'})`);
  }
  const label =
    params
      .find((p) => p.startsWith('charset='))
      ?.slice(8)
      .replace(/"/g, '') || null;
  // NDJSON is UTF-8 by its definition; CSV is whatever the spreadsheet that saved it wrote.
  const charset = label === null ? 'utf-8' : format === 'csv' ? CHARSET_LABELS[label] : label === 'utf-8' || label === 'utf8' ? 'utf-8' : undefined;
  if (!charset) {
    const read = format === 'csv' ? Object.keys(CHARSET_LABELS).join(', ') : 'utf-8';
    return unsupported(`charset ${label!.slice(0, 40)} is not read; a ${type} body may be ${read}`);
  }
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
  if (encoding !== 'identity') return unsupported(`Content-Encoding ${encoding.slice(0, 40)} is not read; send the body uncompressed`);
  return { format, charset: { charset, label, hintGb18030: format === 'csv' } };
}

function answerFailure(deps: RecordUploadDeps, req: Request, res: Response, err: unknown): void {
  if (err instanceof RecordUploadError) return sendError(req, res, refusalFor(err));
  const requestId = res.locals.requestId as string | undefined;
  deps.log?.error({ err, requestId }, 'record upload failed');
  sendError(req, res, { status: 500, code: ContractErrorCode.INTERNAL, message: 'Internal error' }, { requestId });
}
