import type { Page } from 'playwright-core';
import { StaffRole } from '../../src/modules/staff-accounts/staff-account.enums';
import { runSql, sql } from '../../src/db/sql';
import { type ConsoleBrowser, chartInk, fillLogin, fillLoginForm, logIn, openBrowser, screenshot, seriousViolations } from '../support/console-browser';
import { type ConsoleData, type StaffLogin, addStaffUser, prepareConsoleData } from '../support/console-fixtures';
import { StaffBrowser } from '../support/staff-session';
import { startTestHub, type TestHub } from '../support/test-hub';

/**
 * The web console in a real browser (Debian's Chromium through playwright-core) against the real hub with demo
 * data and staff accounts: every page renders with data, charts paint their canvases, no console error, no serious
 * or critical axe violation; a province clerk resolves a case through the UI; a ministry user gets the API's
 * FORBIDDEN on LGOP pages; a batch's records by match score; an expired session back at the login page; logging
 * out (or expiring) leaves nothing of the tenant in the page for the next person. Screenshots go to
 * artifacts/console-screenshots/.
 */
describe('the web console', () => {
  jest.setTimeout(600_000);
  let hub: TestHub;
  let data: ConsoleData;
  const admin: StaffLogin = { tenant: 'LGOP', username: 'lgop.admin', password: 'admin-password-of-the-test', role: StaffRole.ADMIN };
  const clerk: StaffLogin = { tenant: 'P52', username: 'gz.clerk', password: 'clerk-password-of-the-test', role: StaffRole.CLERK };
  const analyst: StaffLogin = { tenant: 'MCA', username: 'mca.analyst', password: 'analyst-password-of-the-test', role: StaffRole.VIEWER };
  // Another province's clerk: the next person at the browser Guizhou's clerk used.
  const guangxi: StaffLogin = { tenant: 'P45', username: 'gx.clerk', password: 'guangxi-password-of-the-test', role: StaffRole.CLERK };

  beforeAll(async () => {
    hub = await startTestHub();
    data = await prepareConsoleData(hub);
    for (const who of [admin, clerk, analyst, guangxi]) await addStaffUser(hub, who);
  });
  afterAll(() => hub?.close());

  async function as<T>(who: StaffLogin, fn: (b: ConsoleBrowser) => Promise<T>): Promise<T> {
    const b = await openBrowser();
    try {
      await logIn(b.page, hub.url, who);
      // The login page's own probe of /auth/me answers 401 before there is a session: not a fault of a page.
      b.problems.length = 0;
      return await fn(b);
    } finally {
      await b.close();
    }
  }

  /** Opens a console path, waits for what shows its data, checks it as every page is checked and screenshots it. */
  async function visit(b: ConsoleBrowser, route: string, name: string, ready: (p: Page) => Promise<unknown>) {
    await b.page.goto(`${hub.url}/console${route}`);
    await ready(b.page);
    if (await b.page.locator('[data-chart]').count()) {
      const ink = await chartInk(b.page);
      expect({ name, blank: ink.filter((n) => n < 500).length }).toEqual({ name, blank: 0 });
    }
    expect({ name, problems: b.problems.splice(0) }).toEqual({ name, problems: [] });
    expect({ name, violations: await seriousViolations(b.page) }).toEqual({ name, violations: [] });
    await screenshot(b.page, name);
  }

  const rows = (p: Page, min = 1) =>
    p
      .locator('.ant-table-tbody tr.ant-table-row')
      .nth(min - 1)
      .waitFor();

  it('shows LGOP every page with data: charts drawn, no console error, no serious axe violation', async () => {
    const hh = data.mismatched[0];
    await as(admin, async (b) => {
      await visit(b, '/', 'overview', (p) => p.locator('[data-chart]').nth(4).waitFor());
      await visit(b, '/?province=52', 'overview-guizhou', (p) => p.getByText('520102').first().waitFor());
      await visit(b, '/jobs', 'jobs', (p) => p.locator(`a[href="/console/jobs/${data.batchId}"]`).waitFor());
      await visit(b, `/jobs/${data.batchId}`, 'batch', (p) => rows(p, 10));
      await visit(b, '/cases', 'cases', (p) => p.getByText(hh.idNumber).first().waitFor());
      await visit(b, '/quality', 'quality', (p) => p.locator('a[href="/console/quality?province=52"]').waitFor());
      await visit(b, '/quality?province=52', 'quality-province', (p) => rows(p));
      const village = await firstIssueVillage(hub);
      await visit(b, `/quality?province=${village.slice(0, 2)}&county=${village.slice(0, 6)}&village=${village}`, 'quality-village', (p) =>
        p.locator('a[href^="/console/households/"]').first().waitFor(),
      );
      await visit(b, `/households/${hh.registryNo}`, 'household', (p) => p.getByText(hh.name).first().waitFor());
      await visit(b, '/audit', 'audit', (p) => rows(p));
    });
  });

  it('lets a province clerk resolve a case in the UI, the contract field error beside its field first; the API then shows it resolved by the clerk', async () => {
    const target = data.mismatched[1];
    await as(clerk, async (b) => {
      const p = b.page;
      await visit(b, '/cases', 'cases-clerk', (pg) => pg.getByText(target.idNumber).first().waitFor());
      await p.locator('tr', { hasText: target.idNumber }).filter({ hasText: 'NAME_MISMATCH' }).getByRole('button').click();
      await p
        .locator('#resolve_resolution')
        .getByText(/已排除|Dismissed/)
        .click();
      // antd spaces a two-character Chinese button label (提 交).
      await p.getByRole('button', { name: /提\s?交|Submit/ }).click();
      // The API's own BAD_USER_INPUT, shown under the field its path names.
      await p.locator('#resolve_dismissalReason_help').getByText('A dismissal needs a reason from the list').waitFor();
      await p
        .locator('#resolve_resolution')
        .getByText(/已确认|Confirmed/)
        .click();
      await p.locator('#resolve_note').fill('核实后确认，将更正姓名');
      await p.getByRole('button', { name: /提\s?交|Submit/ }).click();
      await p.locator('.ant-modal').waitFor({ state: 'detached' });
      expect(b.problems).toEqual([]);
    });
    const cases = await hub.gql<{ discrepancies: { edges: Array<{ node: { idNumber: string; status: string; resolvedBy: string; note: string } }> } }>(
      'LGOP',
      `{ discrepancies(filter: { status: CONFIRMED }, first: 50) { edges { node { idNumber status resolvedBy note } } } }`,
    );
    expect(cases.body.data!.discrepancies.edges.map((e) => e.node)).toEqual([
      { idNumber: target.idNumber, status: 'CONFIRMED', resolvedBy: 'P52', note: '核实后确认，将更正姓名' },
    ]);
    const audit = await hub.gql<{ auditLog: { edges: Array<{ node: { tenantCode: string; staffUsername: string | null; idNumbers: string[] } }> } }>(
      'LGOP',
      `{ auditLog(filter: { operation: "resolveDiscrepancy" }, first: 10) { edges { node { tenantCode staffUsername idNumbers } } } }`,
    );
    expect(audit.body.data!.auditLog.edges.map((e) => e.node)).toEqual([{ tenantCode: 'P52', staffUsername: clerk.username, idNumbers: [target.idNumber] }]);
  });

  it('gives a ministry user (MCA, whose batch raised the cases) the API’s FORBIDDEN on LGOP pages, and its cases read-only', async () => {
    const api = await hub.gql('MCA', `{ reconciliationJobs(first: 1) { edges { node { progress } } } }`);
    const apiError = api.body.errors![0];
    expect(apiError.extensions!.code).toBe('FORBIDDEN');
    await as(analyst, async (b) => {
      const p = b.page;
      expect(
        await p
          .locator('.ant-menu')
          .getByText(/比对任务|Reconciliation jobs|审计|Audit/)
          .count(),
      ).toBe(0);
      for (const route of ['/jobs', '/audit']) {
        await p.goto(`${hub.url}/console${route}`);
        const refusal = p.locator('[data-error-code="FORBIDDEN"]');
        await refusal.waitFor();
        if (route === '/jobs') expect(await refusal.textContent()).toContain(apiError.message);
        expect(await p.locator('.ant-table-row').count()).toBe(0);
      }
      await screenshot(p, 'forbidden-ministry');
      await p.goto(`${hub.url}/console/cases`);
      await p.getByText(data.mismatched[2].idNumber).first().waitFor();
      expect(await p.locator('.ant-table-row').getByRole('button').count()).toBe(0);
      // The browser's own log line for each refused /graphql answer is the only console output allowed.
      expect(b.problems.filter((m) => !/status of 403/.test(m))).toEqual([]);
    });
  });

  it('shows the contract’s field errors beside their fields in the login, audit and case-filter forms, as the API words them', async () => {
    type Fielded = { errors?: Array<{ extensions?: { fields?: Array<{ path: string; message: string }> } }> };
    const fieldMessage = (body: Fielded) => body.errors![0].extensions!.fields![0].message;
    const badId = await hub.gql('LGOP', `{ accessHistory(idNumber: "12345") { edges { node { id } } } }`);
    const badCounty = await hub.gql('P52', `{ discrepancies(filter: { countyCode: "52x" }) { edges { node { id } } } }`);
    const b = await openBrowser();
    try {
      await b.page.goto(`${hub.url}/console/`);
      // Longer than a tenant code may be: refused by /auth/login with a field error, not taken for a wrong password.
      await fillLoginForm(b.page, { ...admin, tenant: 'LGOP'.repeat(5) });
      await b.page.locator('#login_tenant_help').getByText('at most 16 characters').waitFor();
      expect(await b.page.getByText(/单位、用户名或密码不正确/).count()).toBe(0);
      expect(b.problems.filter((m) => !/status of (400|401)/.test(m))).toEqual([]);
    } finally {
      await b.close();
    }
    await as(admin, async ({ page: p, problems }) => {
      await p.goto(`${hub.url}/console/audit`);
      await p.locator('#idNumber').fill('12345');
      await p.locator('#idNumber').press('Enter');
      await p
        .locator('#idNumber_help')
        .getByText(fieldMessage(badId.body as Fielded))
        .waitFor();
      expect(problems.filter((m) => !/status of 400/.test(m))).toEqual([]);
    });
    await as(clerk, async ({ page: p, problems }) => {
      await p.goto(`${hub.url}/console/cases`);
      await p.locator('#countyCode').fill('52x');
      await p.locator('#countyCode').press('Enter');
      await p
        .locator('#countyCode_help')
        .getByText(fieldMessage(badCounty.body as Fielded))
        .waitFor();
      expect(problems.filter((m) => !/status of 400/.test(m))).toEqual([]);
    });
  });

  it('orders a batch’s records by match score, highest first, where it has PROBABLE ones, and by row on request', async () => {
    const { batchId, byScore } = data.probable;
    const api = await hub.gql<{ batchRecords: { edges: Array<{ node: { idNumber: string; matchScore: number } }> } }>(
      'MCA',
      `query($id: ID!) { batchRecords(batchId: $id, orderBy: MATCH_SCORE, first: 10) { edges { node { idNumber matchScore } } } }`,
      { id: batchId },
    );
    const nodes = api.body.data!.batchRecords.edges.map((e) => e.node);
    expect(nodes.map((n) => n.idNumber)).toEqual(byScore);
    // Two levels of score (the sex digit agrees or not), so the order shown is the score's and not the rows'.
    expect(nodes[0].matchScore).toBeGreaterThan(nodes[3].matchScore);
    await as(admin, async (b) => {
      const p = b.page;
      const idCells = p.locator('.ant-table-tbody tr.ant-table-row td:nth-child(2)');
      await visit(b, `/jobs/${batchId}`, 'batch-by-score', (pg) => rows(pg, 4));
      expect(await idCells.allTextContents()).toEqual(byScore);
      const shown = await p.locator('[data-score]').evaluateAll((els) => els.map((e) => Number((e as unknown as Attributed).getAttribute('data-score'))));
      expect(shown).toEqual(nodes.map((n) => n.matchScore));
      expect(await p.locator('[data-score]').first().textContent()).toBe(`${(nodes[0].matchScore * 100).toFixed(2)}%`);
      await p
        .getByTestId('record-order')
        .getByText(/按行号|By row/)
        .click();
      const byRow = [byScore[2], byScore[3], byScore[0], byScore[1]];
      await idCells.first().filter({ hasText: byRow[0] }).waitFor();
      expect(await idCells.allTextContents()).toEqual(byRow);
      expect(b.problems).toEqual([]);
    });
  });

  it('forgets the tenant’s data on logout, keeping only the language choice, and shows the next person of another tenant none of it', async () => {
    const hh = data.mismatched[0];
    await as(clerk, async (b) => {
      const p = b.page;
      await p.goto(`${hub.url}/console/households/${hh.registryNo}`);
      await p.getByText(hh.name).first().waitFor();
      await p.getByRole('button', { name: /English/ }).click();
      await p.getByRole('button', { name: 'Log out' }).click();
      await p.locator('#login_tenant').waitFor();
      await p.goBack();
      await p.locator('#login_tenant').waitFor();
      expect(await p.content()).not.toContain(hh.name);
      type Stores = Record<'localStorage' | 'sessionStorage', object> & {
        caches: { keys(): Promise<string[]> };
        indexedDB: { databases(): Promise<unknown[]> };
      };
      const stored = await p.evaluate(async () => {
        const w = globalThis as unknown as Stores;
        return {
          local: Object.keys(w.localStorage),
          session: Object.keys(w.sessionStorage),
          caches: await w.caches.keys(),
          idb: await w.indexedDB.databases(),
        };
      });
      expect(stored).toEqual({ local: ['hub-console-locale'], session: [], caches: [], idb: [] });
      expect(await p.evaluate(() => fetch('/auth/me').then((r) => r.status))).toBe(401);
      // Guangxi's clerk logs in at the same browser, on the page Guizhou's clerk left: the household is not theirs to see.
      await fillLogin(p, guangxi);
      await p.locator('main').locator('.ant-empty, [data-error-code]').first().waitFor();
      expect(await p.content()).not.toContain(hh.name);
      expect(await p.content()).not.toContain(hh.idNumber);
      expect(b.problems.filter((m) => !/status of (401|403|404)/.test(m))).toEqual([]);
    });
  });

  it('sends a person whose session expired back to the login page on the next action; the old cookie is refused; the next person sees none of the answers held', async () => {
    await as(clerk, async (b) => {
      const p = b.page;
      // The overview's answers are held in the page (cached), Guizhou's registry among them.
      const registry = p.locator('.chart-card').first();
      await registry.getByText('贵州 (52)').waitFor();
      const [cookie] = (await b.context.cookies()).filter((c) => c.name === 'hub_session');
      expect(cookie).toBeDefined();
      // Idle past the test hub's lifetime (the default 1,800 s): aged in the database rather than waited for.
      await runSql(
        hub.db.orm.em.fork(),
        sql`update staff_sessions set last_seen_at = now() - interval '1801 seconds'
          where user_id = (select id from staff_users where tenant_code = ${clerk.tenant} and username = ${clerk.username})`,
      );
      await p.locator('.ant-menu').getByText('疑点核查').click();
      await p.locator('#login_tenant').waitFor();
      await p.getByText('会话已过期，请重新登录').waitFor();
      expect(await p.content()).not.toContain('贵州 (52)');
      const old = new StaffBrowser(hub.url);
      old.cookie = `hub_session=${cookie.value}`;
      expect((await old.request('GET', '/auth/me')).status).toBe(401);
      old.cookie = `hub_session=${cookie.value}`;
      expect((await old.gql('{ tenants { code } }', undefined, { csrf: null })).status).toBe(401);
      // The next person, of another province, at the same page without a reload: the overview asks the hub again.
      await fillLogin(p, guangxi);
      expect(await p.getByTestId('who').textContent()).toContain('P45');
      await p.locator('.ant-menu').getByText('总览').click();
      await registry.getByText('广西 (45)').waitFor();
      expect(await registry.textContent()).not.toContain('贵州');
      expect(b.problems.filter((m) => !/status of 401/.test(m))).toEqual([]);
    });
  });
});

/** An element as evaluate() sees it (the tests compile without the DOM library). */
type Attributed = { getAttribute(name: string): string | null };

async function firstIssueVillage(hub: TestHub): Promise<string> {
  const res = await hub.gql<{ dataQualityIssues: { edges: Array<{ node: { villageCode: string } }> } }>(
    'LGOP',
    `{ dataQualityIssues(filter: { provinceCode: "52" }, first: 1) { edges { node { villageCode } } } }`,
  );
  return res.body.data!.dataQualityIssues.edges[0].node.villageCode;
}
