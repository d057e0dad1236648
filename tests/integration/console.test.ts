import type { Page } from 'playwright-core';
import { StaffRole } from '../../src/modules/staff-accounts/staff-account.enums';
import { type ConsoleBrowser, chartInk, logIn, openBrowser, screenshot, seriousViolations } from '../support/console-browser';
import { type ConsoleData, type StaffLogin, addStaffUser, prepareConsoleData } from '../support/console-fixtures';
import { startTestHub, type TestHub } from '../support/test-hub';

/**
 * The web console in a real browser (Debian's Chromium through playwright-core) against the real hub with demo
 * data and staff accounts: every page renders with data, charts paint their canvases, no console error, no serious
 * or critical axe violation; a province clerk resolves a case through the UI; a ministry user gets the API's
 * FORBIDDEN on LGOP pages; logging out leaves nothing of the tenant in the page. Screenshots go to
 * artifacts/console-screenshots/.
 */
describe('the web console', () => {
  jest.setTimeout(600_000);
  let hub: TestHub;
  let data: ConsoleData;
  const admin: StaffLogin = { tenant: 'LGOP', username: 'lgop.admin', password: 'admin-password-of-the-test', role: StaffRole.ADMIN };
  const clerk: StaffLogin = { tenant: 'P52', username: 'gz.clerk', password: 'clerk-password-of-the-test', role: StaffRole.CLERK };
  const analyst: StaffLogin = { tenant: 'MCA', username: 'mca.analyst', password: 'analyst-password-of-the-test', role: StaffRole.VIEWER };

  beforeAll(async () => {
    hub = await startTestHub();
    data = await prepareConsoleData(hub);
    for (const who of [admin, clerk, analyst]) await addStaffUser(hub, who);
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

  it('forgets the tenant’s data on logout, and keeps only the language choice', async () => {
    await as(clerk, async (b) => {
      const p = b.page;
      await p.goto(`${hub.url}/console/households/${data.mismatched[0].registryNo}`);
      await p.getByText(data.mismatched[0].name).first().waitFor();
      await p.getByRole('button', { name: /English/ }).click();
      await p.getByRole('button', { name: 'Log out' }).click();
      await p.locator('#login_tenant').waitFor();
      await p.goBack();
      await p.locator('#login_tenant').waitFor();
      expect(await p.content()).not.toContain(data.mismatched[0].name);
      type Storages = Record<'localStorage' | 'sessionStorage', object>;
      const stored = await p.evaluate(() => {
        const w = globalThis as unknown as Storages;
        return { local: Object.keys(w.localStorage), session: Object.keys(w.sessionStorage) };
      });
      expect(stored).toEqual({ local: ['hub-console-locale'], session: [] });
      expect(await p.evaluate(() => fetch('/auth/me').then((r) => r.status))).toBe(401);
    });
  });
});

async function firstIssueVillage(hub: TestHub): Promise<string> {
  const res = await hub.gql<{ dataQualityIssues: { edges: Array<{ node: { villageCode: string } }> } }>(
    'LGOP',
    `{ dataQualityIssues(filter: { provinceCode: "52" }, first: 1) { edges { node { villageCode } } } }`,
  );
  return res.body.data!.dataQualityIssues.edges[0].node.villageCode;
}
