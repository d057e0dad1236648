import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { type Page, chromium } from 'playwright-core';
import { seedDemo } from '../src/demo/demo-seed.service';
import { createRun } from '../src/modules/data-quality/data-quality.jobs';
import { RunMode } from '../src/modules/data-quality/data-quality.enums';
import { DATA_QUALITY_RULES } from '../src/modules/data-quality/data-quality.rules';
import { DataQualityRunner } from '../src/modules/data-quality/data-quality.runner';
import { loadBenchConfig } from '../src/config/config';
import { StaffRole } from '../src/modules/staff-accounts/staff-account.enums';
import { addStaffUser } from '../src/modules/staff-accounts/staff-users.service';
import { openBenchDatabase } from './bench-database';
import { startBenchHub } from './bench-hub';
import { fmt, load, median } from './bench-stats';

const TARGET_MS = 2000;
const RUNS = 7;
const USER = { tenant: 'LGOP', username: 'bench.admin', password: 'bench-password-of-the-console' };
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** The overview's own queries, as its cards send them (the baseline: the data alone, no bundle, no drawing). */
const OVERVIEW_QUERIES = [
  `{ registryStats(groupBy: [PROVINCE, STATUS]) { provinceCode countyCode status households people } }`,
  `{ fundStats(groupBy: [PROVINCE]) { provinceCode countyCode allocated disbursed disbursementRate } }`,
  `{ identified: registryStats(groupBy: [IDENTIFIED_YEAR]) { identifiedYear households } exited: registryStats(groupBy: [EXIT_YEAR]) { exitYear households } }`,
  `{ dataQualitySummary { rule kind open fixed } }`,
  `{ discrepancies(filter: { status: OPEN }, first: 500) { edges { node { openedAt } } } }`,
];

/**
 * The overview on `npm start`'s demo data (2,000 households, 300 projects, a full data-quality check): from
 * navigation to its five charts drawn, as LGOP's admin logged in through the console, in Debian's Chromium;
 * cold (a fresh profile each run) and warm (the hashed bundle cached). Beside it, the baseline: the same
 * queries fetched from the page alone.
 */
export async function runConsoleBench(): Promise<string[]> {
  const db = await openBenchDatabase('hub_bench_console');
  // The bench's own loader: its secrets are the benches' (NODE_ENV=production wants a TOKEN_SECRET otherwise).
  const config = loadBenchConfig();
  const silent = pino({ level: 'warn' });
  try {
    await seedDemo(db.orm, { households: config.demoHouseholds, projects: config.demoProjects }, silent);
    await new DataQualityRunner(db.orm, silent, { rules: DATA_QUALITY_RULES }).run(await createRun(db.orm.em.fork(), 'LGOP', null, RunMode.FULL));
    const hub = await startBenchHub(db);
    try {
      const added = await addStaffUser(db.orm.em.fork(), { tenantCode: USER.tenant, username: USER.username, role: StaffRole.ADMIN, password: USER.password });
      if (!added.ok) throw new Error(JSON.stringify(added.problems));
      const cold: number[] = [];
      const warm: number[] = [];
      const data: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const [c, w, d] = await oneRun(hub.url);
        cold.push(c);
        warm.push(w);
        data.push(d);
      }
      const ok = median(cold) < TARGET_MS;
      return [
        `console: overview, navigation to 5 charts drawn, median of ${RUNS}: cold ${fmt(median(cold), 0)} ms, warm ${fmt(median(warm), 0)} ms (target < ${TARGET_MS} ms cold) ${ok ? 'PASS' : 'FAIL'}`,
        `console: baseline, the overview's ${OVERVIEW_QUERIES.length} queries fetched from the page at once: median ${fmt(median(data), 0)} ms; ${load()}`,
      ];
    } finally {
      await hub.close();
    }
  } finally {
    await db.close();
  }
}

/** One fresh profile: log in, then time the overview cold, warm, and the baseline; in milliseconds. */
async function oneRun(url: string): Promise<[number, number, number]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'hub-console-bench-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ARGS,
    viewport: { width: 1440, height: 900 },
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const login = await page.request.post(`${url}/auth/login`, { data: USER });
    if (!login.ok()) throw new Error(`login: ${login.status()} ${await login.text()}`);
    const cold = await timeOverview(page, url);
    const warm = await timeOverview(page, url);
    const csrf = ((await login.json()) as { csrfToken: string }).csrfToken;
    const data = await page.evaluate(
      async ({ queries, token }) => {
        const t0 = performance.now();
        const post = (query: string) =>
          fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': token }, body: JSON.stringify({ query }) });
        await Promise.all(queries.map((q) => post(q).then((r) => r.json())));
        return performance.now() - t0;
      },
      { queries: OVERVIEW_QUERIES, token: csrf },
    );
    return [cold, warm, data];
  } finally {
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function timeOverview(page: Page, url: string): Promise<number> {
  const t0 = performance.now();
  await page.goto(`${url}/console/`);
  await page.waitForFunction(() => {
    const charts = Array.from(
      (globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<{ getAttribute(n: string): string | null }> } }).document.querySelectorAll(
        '[data-chart]',
      ),
    );
    return charts.length === 5 && charts.every((c) => c.getAttribute('data-drawn') === 'true');
  });
  return performance.now() - t0;
}
