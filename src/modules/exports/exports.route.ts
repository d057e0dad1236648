import type { MikroORM } from '@mikro-orm/postgresql';
import { type Request, type RequestHandler, type Response, Router } from 'express';
import type { Caller } from '../../auth/caller';
import type { ReadRouter } from '../../db/read-router';
import { ContractErrorCode } from '../../graphql/error-code';
import type { HubContext } from '../../graphql/hub-context';
import { HubError } from '../../graphql/hub-error';
import type { Logger } from '../../logging/logger';
import type { MatchOutcome } from '../sector-batches/sector-batch.enums';
import type { ExportPlan } from './export-plan';
import { type ParamKind, parseExportParams } from './export-params';
import { BATCH_RECORDS_PARAMS, batchRecordsPlan } from './batch-records.export';
import { DISCREPANCY_PARAMS, ISSUE_PARAMS, dataQualityIssuesPlan, discrepanciesPlan } from './cases-and-issues.export';
import { PROJECT_PARAMS, projectsPlan } from './projects.export';
import { MATCHED_PARAMS, matchedHouseholdsPlan } from './matched-households.export';
import { type ExportDeps, runExport } from './exports.service';

/** What the export routes need; `authenticate` must set `res.locals.caller` (authMiddleware does). */
export interface ExportRoutesDeps {
  orm: MikroORM;
  log: Logger;
  authenticate: RequestHandler;
  rateLimit?: RequestHandler;
  /** The longest an export may stream (its COPY's statement timeout). */
  timeoutMs: number;
  auditReads: boolean;
  /** Sends exports to the standby when it may; absent without DATABASE_READ_URL. */
  readRouter?: ReadRouter;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const STATUS: Partial<Record<string, number>> = {
  [ContractErrorCode.BAD_USER_INPUT]: 400,
  [ContractErrorCode.UNAUTHENTICATED]: 401,
  [ContractErrorCode.FORBIDDEN]: 403,
  [ContractErrorCode.NOT_FOUND]: 404,
};

type PlanOf = (ctx: HubContext, values: Record<string, string | number>, req: Request) => Promise<ExportPlan>;

/**
 * The exports (contract: "Files, events and the console"): each the rows of a GraphQL read,
 * without pages, as CSV (UTF-8 with BOM) or XLSX; authenticated and rate-limited like GraphQL.
 */
export function exportsRouter(deps: ExportRoutesDeps): Router {
  const router = Router();
  const guards = deps.rateLimit ? [deps.authenticate, deps.rateLimit] : [deps.authenticate];
  const run: ExportDeps = { orm: deps.orm, log: deps.log, timeoutMs: deps.timeoutMs, auditReads: deps.auditReads, readRouter: deps.readRouter };
  const route = (path: string, spec: Record<string, ParamKind>, planOf: PlanOf, required: string[] = []) =>
    router.get(path, ...guards, (req: Request, res: Response) => serve(run, req, res, spec, required, planOf));
  route('/exports/batches/:id/records', BATCH_RECORDS_PARAMS, (ctx, v, req) => {
    const id = String(req.params.id);
    if (!UUID.test(id)) throw new HubError(ContractErrorCode.NOT_FOUND, 'No such batch of yours');
    return batchRecordsPlan(ctx, id, v.outcome as MatchOutcome | undefined);
  });
  route('/exports/matched-households', MATCHED_PARAMS, (ctx, v) => matchedHouseholdsPlan(ctx, v), ['sector']);
  route('/exports/discrepancies', DISCREPANCY_PARAMS, (ctx, v) => discrepanciesPlan(ctx, v));
  route('/exports/data-quality-issues', ISSUE_PARAMS, (ctx, v) => dataQualityIssuesPlan(ctx, v));
  route('/exports/projects', PROJECT_PARAMS, (ctx, v) => projectsPlan(ctx, v));
  return router;
}

async function serve(deps: ExportDeps, req: Request, res: Response, spec: Record<string, ParamKind>, required: string[], planOf: PlanOf): Promise<void> {
  const caller = res.locals.caller as Caller;
  const requestId = res.locals.requestId as string;
  try {
    const { format, values } = parseExportParams(req.query as Record<string, unknown>, spec, required);
    await runExport(deps, { caller, requestId, format, plan: (ctx) => planOf(ctx, values, req) }, res);
  } catch (err) {
    if (res.headersSent) {
      // Part of the file has left: a cut connection (no last chunk) tells the client the file is incomplete.
      if (!res.destroyed && !isClientGone(res)) deps.log.error({ err, requestId }, 'export failed mid-stream');
      res.destroy();
      return;
    }
    if (err instanceof HubError) {
      const code = String(err.extensions.code);
      return void res.status(STATUS[code] ?? 400).json({ errors: [{ message: err.message, extensions: err.extensions }] });
    }
    deps.log.error({ err, requestId }, 'export failed');
    res.status(500).json({ errors: [{ message: 'Internal error', extensions: { code: ContractErrorCode.INTERNAL, requestId } }] });
  }
}

function isClientGone(res: Response): boolean {
  return !res.writable || !!res.socket?.destroyed;
}
