import type { MikroORM } from '@mikro-orm/postgresql';
import { type Request, type Response, Router } from 'express';
import { HubError } from '../../graphql/hub-error';
import type { Logger } from '../../logging/logger';
import { parseAnnouncementQuery } from './announcements.rules';
import { announcementResponse } from './announcements.service';

export const ANNOUNCEMENTS_PATH = '/public/announcements';

/** How long a shared cache may serve a page before asking again (with If-None-Match). */
const MAX_AGE_SECONDS = 60;

/**
 * `GET /public/announcements` (contract: "Projects and funds"): no token, JSON or
 * `?format=csv`, keyset pages (`limit`, `after` = the previous page's nextCursor),
 * `ETag` and `Cache-Control`, and 304 when If-None-Match names the page as it is.
 */
export function announcementsRouter(deps: { orm: MikroORM; log: Pick<Logger, 'error'> }): Router {
  const router = Router();
  router.get(ANNOUNCEMENTS_PATH, async (req: Request, res: Response) => {
    try {
      const query = parseAnnouncementQuery(req.query as Record<string, unknown>);
      const page = await announcementResponse(deps.orm.em.fork(), query);
      res.set({ 'Cache-Control': `public, max-age=${MAX_AGE_SECONDS}`, ETag: page.etag, 'Content-Type': page.contentType });
      if (page.nextCursor) res.set('X-Next-Cursor', page.nextCursor);
      if (matches(req.get('if-none-match'), page.etag)) return void res.status(304).end();
      res.status(200).send(page.body);
    } catch (err) {
      if (err instanceof HubError) return void res.status(400).json({ errors: [{ message: err.message, extensions: err.extensions }] });
      deps.log.error({ err, requestId: res.locals.requestId as string | undefined }, 'public announcements failed');
      res
        .status(500)
        .json({ errors: [{ message: 'Internal error', extensions: { code: 'INTERNAL', requestId: res.locals.requestId as string | undefined } }] });
    }
  });
  return router;
}

/** If-None-Match: `*` or a list of tags, weak ones compared weakly (RFC 9110 13.1.2). */
function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}
