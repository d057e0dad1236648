import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { type BrowserContext, type Page, chromium } from 'playwright-core';

/** Debian's Chromium (.ci/run installs it); playwright-core downloads no browser. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where each page's screenshot goes (gitignored; the README names it). */
export const SCREENSHOT_DIR = path.resolve('artifacts', 'console-screenshots');

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** One person's browser: headless Chromium on a fresh user-data dir, removed on close. */
export interface ConsoleBrowser {
  context: BrowserContext;
  page: Page;
  /** Console errors, page errors and failed requests seen so far (CSP violations are console errors). */
  problems: string[];
  close(): Promise<void>;
}

export async function openBrowser(): Promise<ConsoleBrowser> {
  const dir = mkdtempSync(path.join(tmpdir(), 'hub-console-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const problems: string[] = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page: ${e.message}`));
  // A navigation cancels the previous page's requests (net::ERR_ABORTED): that is the test moving on, not a fault.
  page.on('requestfailed', (r) => r.failure()?.errorText !== 'net::ERR_ABORTED' && problems.push(`request: ${r.url()} ${r.failure()?.errorText}`));
  return {
    context,
    page,
    problems,
    async close() {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Logs in through the console's own form. */
export async function logIn(page: Page, baseUrl: string, who: { tenant: string; username: string; password: string }): Promise<void> {
  await page.goto(`${baseUrl}/console/`);
  await fillLogin(page, who);
}

/** Fills and sends the login form the page shows now (no navigation: the page keeps what it held). */
export async function fillLogin(page: Page, who: { tenant: string; username: string; password: string }): Promise<void> {
  await fillLoginForm(page, who);
  await page.getByTestId('who').waitFor();
}

/** Fills and sends the login form, waiting for nothing (the answer may be a refusal). */
export async function fillLoginForm(page: Page, who: { tenant: string; username: string; password: string }): Promise<void> {
  await page.locator('#login_tenant').fill(who.tenant);
  await page.locator('#login_username').fill(who.username);
  await page.locator('#login_password').fill(who.password);
  await page.locator('form[id=login] button[type=submit]').click();
}

// The page's side of evaluate() in the few shapes used here (the tests compile without the DOM library).
type PageDocument = { querySelectorAll(selector: string): ArrayLike<{ getAttribute(name: string): string | null }> };
type PageCanvas = {
  width: number;
  height: number;
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } };
};

/** Waits until every chart on the page has drawn, then counts the canvases' painted pixels, one figure per chart. */
export async function chartInk(page: Page): Promise<number[]> {
  await page.waitForFunction(() => {
    const charts = Array.from((globalThis as unknown as { document: PageDocument }).document.querySelectorAll('[data-chart]'));
    return charts.length > 0 && charts.every((c) => c.getAttribute('data-drawn') === 'true');
  });
  return page.$$eval('[data-chart] canvas', (canvases) =>
    (canvases as unknown as PageCanvas[]).map((c) => {
      const pixels = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let painted = 0;
      for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) painted++;
      return painted;
    }),
  );
}

/** Axe's serious and critical violations of the page as it stands, with the elements concerned. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** Runs `fn` in a fresh browser logged in as `who`; the login page's own 401 probe is not counted as a problem. */
export async function asStaff<T>(
  baseUrl: string,
  who: { tenant: string; username: string; password: string },
  fn: (b: ConsoleBrowser) => Promise<T>,
): Promise<T> {
  const b = await openBrowser();
  try {
    await logIn(b.page, baseUrl, who);
    b.problems.length = 0;
    return await fn(b);
  } finally {
    await b.close();
  }
}
