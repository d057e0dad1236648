import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type EntityManager, IsolationLevel, type MikroORM } from '@mikro-orm/postgresql';
import type { Response } from 'express';
import type { Caller } from '../../auth/caller';
import { copyOut, setLocalStatementTimeout } from '../../db/copy-out';
import { forkForCaller } from '../../db/request-em';
import type { ReadRouter } from '../../db/read-router';
import { beginTenantTransaction, endTenantTransaction, inTenantTransaction } from '../../db/tenant-transaction';
import type { HubContext } from '../../graphql/hub-context';
import { createLoaders } from '../../graphql/hub-loaders';
import type { Logger } from '../../logging/logger';
import type { ExportPlan } from './export-plan';
import { bomThen, copyLines, csvChunks, viewedRows, writeXlsx } from './export-writers';
import { appendAudit } from '../audit/audit.repository';
import { appendExportAudit, csvColumnsQuery, exportFacts } from './exports.repository';

export type ExportFormat = 'csv' | 'xlsx';

/** What an export needs of the process. */
export interface ExportDeps {
  orm: MikroORM;
  log: Logger;
  /** The longest an export's COPY may run (a slow client holds it open: back-pressure reaches PostgreSQL). */
  timeoutMs: number;
  /** False only in the benchmark without protections: no read audit. */
  auditReads: boolean;
  /** Sends the export's read to the standby when it may; absent without DATABASE_READ_URL. */
  readRouter?: ReadRouter;
}

/** One export request: who asks, the plan of the read it mirrors (built in its transaction), the file format. */
export interface ExportRequest {
  caller: Caller;
  requestId: string;
  format: ExportFormat;
  plan(ctx: HubContext): Promise<ExportPlan>;
}

const CONTENT_TYPE: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/**
 * Runs an export with row-level security as for a GraphQL request. On the
 * primary, in two tenant transactions: the first checks the request, builds
 * the plan (scope, policy, filters) and commits the read's audit row, listing
 * every registry and ID number the file will carry, before any byte of it
 * leaves; the second, read-only, streams the rows with COPY at the client's
 * pace. On the standby (runOnStandby) in one. A client gone mid-file ends the
 * COPY's connection (the server rolls back, the pool discards it); the audit
 * row stays, since part of the file may have left. Throws (before any byte is
 * sent) what the twin read would refuse.
 */
export async function runExport(deps: ExportDeps, req: ExportRequest, res: Response): Promise<void> {
  const ctx = exportContext(deps, req);
  const primaryEm = ctx.em;
  if (await beginOnStandby(deps, ctx)) return runOnStandby(deps, req, ctx, primaryEm, res);
  const plan = await inTransaction(ctx, async () => {
    const p = await req.plan(ctx);
    if (deps.auditReads) {
      const row = { tenantCode: req.caller.tenant.code, operation: p.name, requestId: req.requestId };
      await appendExportAudit(ctx.em, row, { export: req.format, filters: p.filters }, p);
    }
    return p;
  });
  await beginTenantTransaction(ctx.em, req.caller);
  await streamRows(deps, ctx, plan, req.format, res);
}

/**
 * Opens the export's transaction on the standby when the read router allows it (read-your-writes as for
 * queries), in one snapshot (repeatable read: the audit's facts and the file read the same rows), and moves
 * the context there; the primary's EntityManager stays as `primaryEm` for the audit row. False: the primary.
 */
async function beginOnStandby(deps: ExportDeps, ctx: HubContext): Promise<boolean> {
  const router = deps.readRouter;
  if (!router) return false;
  const orm = await router.readOrm(ctx.caller.tenant.code);
  if (orm === router.primary) return false;
  const em = forkForCaller(orm, ctx.caller);
  try {
    await beginTenantTransaction(em, ctx.caller, IsolationLevel.REPEATABLE_READ);
  } catch (err) {
    ctx.log.warn({ err }, 'standby refused an export; exporting from the primary');
    router.markDown();
    await endTenantTransaction(em, false).catch(() => undefined);
    return false;
  }
  Object.assign(ctx, { primaryEm: ctx.em, em, loaders: createLoaders(em, ctx.caller.tenant.code) });
  return true;
}

/** The plan, its facts and the rows from the standby's one transaction; the audit row committed on the primary before the first byte. */
async function runOnStandby(deps: ExportDeps, req: ExportRequest, ctx: HubContext, primaryEm: EntityManager, res: Response): Promise<void> {
  let plan: ExportPlan;
  try {
    plan = await req.plan(ctx);
    if (deps.auditReads) {
      const facts = await exportFacts(ctx.em, plan);
      const entry = { tenantCode: req.caller.tenant.code, operation: plan.name, requestId: req.requestId, ...facts };
      const detail = { read: true, export: req.format, filters: plan.filters };
      if (facts.registryNos.length || facts.idNumbers.length) await inTenantTransaction(primaryEm, req.caller, (em) => appendAudit(em, { ...entry, detail }));
    }
  } catch (err) {
    await endTenantTransaction(ctx.em, false).catch(() => undefined);
    throw err;
  }
  await streamRows(deps, ctx, plan, req.format, res);
}

/** Streams the plan's rows with COPY in the context's open transaction, and ends it. */
async function streamRows(deps: ExportDeps, ctx: HubContext, plan: ExportPlan, format: ExportFormat, res: Response): Promise<void> {
  let done = false;
  try {
    await setLocalStatementTimeout(ctx.em, deps.timeoutMs);
    const direct = format === 'csv' && !plan.view;
    const copy = await copyOut(ctx.em, direct ? csvColumnsQuery(plan) : plan.rows, direct ? 'csv' : 'json-lines');
    res.status(200).set({ 'Content-Type': CONTENT_TYPE[format], 'Content-Disposition': `attachment; filename="${plan.name}.${format}"` });
    try {
      await send(plan, format, direct, copy.rows, res);
    } catch (err) {
      await copy.abandon();
      throw err;
    }
    done = true;
  } finally {
    await endTenantTransaction(ctx.em, done).catch((err: unknown) => ctx.log.warn({ err }, 'export transaction did not end cleanly'));
  }
}

async function send(plan: ExportPlan, format: ExportFormat, direct: boolean, copy: Readable, res: Response): Promise<void> {
  if (direct) return pipeline(Readable.from(bomThen(copy)), res);
  const rows = viewedRows(plan, copyLines(copy));
  if (format === 'csv') return pipeline(Readable.from(csvChunks(plan.columns, rows)), res);
  const out = new PassThrough();
  const delivered = pipeline(out, res);
  try {
    await writeXlsx(plan.name, plan.columns, rows, out);
  } catch (err) {
    out.destroy(err as Error);
    await delivered.catch(() => undefined);
    throw err;
  }
  await delivered;
}

async function inTransaction<T>(ctx: HubContext, work: () => Promise<T>): Promise<T> {
  await beginTenantTransaction(ctx.em, ctx.caller);
  let ok = false;
  try {
    const result = await work();
    ok = true;
    return result;
  } finally {
    await endTenantTransaction(ctx.em, ok);
  }
}

/** The context the twin's services read: the caller's scoped EntityManager and per-request loaders. */
function exportContext(deps: ExportDeps, req: ExportRequest): HubContext {
  const em = forkForCaller(deps.orm, req.caller);
  return {
    requestId: req.requestId,
    caller: req.caller,
    em,
    loaders: createLoaders(em, req.caller.tenant.code),
    log: deps.log.child({ requestId: req.requestId, tenant: req.caller.tenant.code }),
    afterCommit: [],
    auditReads: deps.auditReads,
  };
}
