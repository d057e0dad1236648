import { type Request, type RequestHandler, type Response, Router } from 'express';
import { ContractErrorCode } from '../../graphql/error-code';
import type { Logger } from '../../logging/logger';
import { Sector } from '../tenants/tenant.enums';
import { sendError } from './record-upload.refusals';
import { csvTemplate, xlsxTemplate } from './record-template';

export const TEMPLATES_PATH = '/templates';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const FILE = /^([A-Z_]+)\.(csv|xlsx)$/;

export interface RecordTemplateDeps {
  /** Must set `res.locals.caller` (authMiddleware does). */
  authenticate: RequestHandler;
  rateLimit?: RequestHandler;
  log?: Pick<Logger, 'error'>;
}

/**
 * `GET /templates/{sector}.csv` and `.xlsx` (contract: "Files, events and the
 * console"). Any authenticated tenant may fetch any sector's: a template holds
 * no data, and provinces and LGOP help ministries fill them in. Built once per
 * process (they change only with a deployment).
 */
export function recordTemplateRouter(deps: RecordTemplateDeps): Router {
  const built = new Map<string, Promise<Buffer>>();
  const router = Router();
  const guards = deps.rateLimit ? [deps.authenticate, deps.rateLimit] : [deps.authenticate];
  router.get(`${TEMPLATES_PATH}/:file`, ...guards, async (req: Request<{ file: string }>, res: Response) => {
    const [, sector, ext] = FILE.exec(req.params.file) ?? [];
    if (!sector || !Object.values<string>(Sector).includes(sector)) {
      const known = Object.values(Sector).join(', ');
      const message = `No template "${req.params.file.slice(0, 60)}": ask for /templates/{sector}.csv or .xlsx, sector one of ${known}`;
      return sendError(req, res, { status: 404, code: ContractErrorCode.NOT_FOUND, message });
    }
    try {
      const key = `${sector}.${ext}`;
      if (!built.has(key)) built.set(key, build(sector as Sector, ext));
      const body = await built.get(key)!;
      res.set({
        'Content-Type': ext === 'csv' ? 'text/csv; charset=utf-8' : XLSX_TYPE,
        'Content-Disposition': `attachment; filename="${key}"`,
        'Cache-Control': 'private, no-cache',
      });
      res.status(200).send(body);
    } catch (err) {
      built.delete(`${sector}.${ext}`);
      deps.log?.error({ err, requestId: res.locals.requestId as string | undefined }, 'template failed');
      sendError(req, res, { status: 500, code: ContractErrorCode.INTERNAL, message: 'Internal error' });
    }
  });
  return router;
}

async function build(sector: Sector, ext: string): Promise<Buffer> {
  return ext === 'csv' ? Buffer.from(csvTemplate(sector), 'utf8') : xlsxTemplate(sector);
}
