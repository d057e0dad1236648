import { readFileSync } from 'node:fs';
import path from 'node:path';
import express, { type Response, type Router } from 'express';
import type { Logger } from '../logging/logger';

/** Where the hub serves the web console (scripts/build-console.mjs builds it with this public path). */
export const CONSOLE_PATH = '/console';

/**
 * The console's policy: its own scripts only (no inline script, no eval), data only from this origin (the hub's
 * /graphql and /auth). Styles allow 'unsafe-inline': antd's CSS-in-JS injects <style> elements at run time and
 * not all of them take ConfigProvider's nonce (the browser test saw them refused), and echarts and antd's motion
 * set style attributes. Styles cannot run code; scripts stay 'self' only.
 */
export function consoleCsp(): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}

function secureHeaders(res: Response): void {
  res.setHeader('Content-Security-Policy', consoleCsp());
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
}

/**
 * The built console (dist/console): hashed assets cached for a year as immutable, and index.html (never cached) for /console and every client route under it. Without a build it answers 404 with
 * what to run, and the rest of the hub is unaffected.
 */
export function consoleRouter(opts: { dir?: string; log: Logger }): Router {
  const dir = path.resolve(opts.dir ?? path.join('dist', 'console'));
  const router = express.Router();
  let template: string | null = null;
  try {
    template = readFileSync(path.join(dir, 'index.html'), 'utf8');
  } catch {
    opts.log.warn({ dir }, 'web console not built (npm run build); /console answers 404');
  }
  router.use(
    `${CONSOLE_PATH}/assets`,
    (_req, res, next) => (secureHeaders(res), next()),
    express.static(path.join(dir, 'assets'), { immutable: true, maxAge: '365d', index: false, redirect: false }),
    (_req, res) => void res.status(404).type('text/plain').send('Not found'),
  );
  router.get([CONSOLE_PATH, `${CONSOLE_PATH}/{*route}`], (_req, res) => {
    if (!template) {
      res.status(404).type('text/plain').send('The web console is not built: run npm run build');
      return;
    }
    secureHeaders(res);
    res.setHeader('Cache-Control', 'no-store');
    res.type('html').send(template);
  });
  return router;
}
