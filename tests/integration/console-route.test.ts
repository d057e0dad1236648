import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { startTestHub, type TestHub } from '../support/test-hub';

/**
 * The hub serves the built console (npm run build): index.html for /console and every client route under it,
 * never cached, with a CSP that allows no inline script; hashed assets cached for a year as immutable.
 */
describe('the console route', () => {
  let hub: TestHub;
  const assets = path.resolve('dist', 'console', 'assets');

  beforeAll(async () => {
    if (!existsSync(assets)) throw new Error('dist/console is missing: run npm run build first');
    hub = await startTestHub();
  });
  afterAll(() => hub?.close());

  it.each(['/console', '/console/', '/console/cases', '/console/households/5201020010010001'])(
    'answers index.html for %s, no-store, with the CSP (no inline script)',
    async (route) => {
      const res = await fetch(hub.url + route);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const csp = res.headers.get('content-security-policy')!.split('; ');
      expect(csp).toEqual(
        expect.arrayContaining(["default-src 'none'", "script-src 'self'", "connect-src 'self'", "frame-ancestors 'none'", "object-src 'none'"]),
      );
      const html = await res.text();
      // No inline script: the only script is the hashed bundle.
      expect(html.match(/<script[^>]*>/g)).toEqual([expect.stringMatching(/^<script type="module" src="\/console\/assets\/app-[A-Z0-9]+\.js">$/)]);
    },
  );

  it('serves hashed assets immutable for a year, and 404 for an asset that does not exist', async () => {
    const js = readdirSync(assets).find((f) => /^app-.*\.js$/.test(f))!;
    const res = await fetch(`${hub.url}/console/assets/${js}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect((await fetch(`${hub.url}/console/assets/app-NOPE.js`)).status).toBe(404);
  });
});
