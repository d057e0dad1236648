import type { Page } from 'playwright-core';
import pino from 'pino';
import { runSql, sql } from '../../src/db/sql';
import { failRun, startRun } from '../../src/modules/batch-lifecycle/batch-lifecycle.service';
import { ReconciliationRunner } from '../../src/modules/reconciliation/reconciliation.runner';
import { StaffRole } from '../../src/modules/staff-accounts/staff-account.enums';
import { asStaff, screenshot } from '../support/console-browser';
import { type ConsoleData, type StaffLogin, addStaffUser, prepareConsoleData } from '../support/console-fixtures';
import { ChunkGate, fieldsOf, householdQuery, pageFields, shownFields, tableRows } from '../support/console-work';
import { BATCH, SUBMIT } from '../support/reconcile-fixtures';
import { StaffBrowser } from '../support/staff-session';
import { startTestHub, type TestHub } from '../support/test-hub';
import { waitFor } from '../support/wait-for';

/**
 * The console's work pages in a real browser, each compared with the API's own answer: a batch's progress bar
 * moving as the real runner commits its chunks, with records/s and ETA; LGOP's admin retrying a FAILED batch and
 * cancelling a running and a queued one through the UI (an LGOP clerk sees neither button, and the hub refuses
 * them the mutation); a ministry analyst's household page holding exactly the fields the hub gives that ministry;
 * the case filters; the audit's search by ID number.
 */
describe('the web console at work', () => {
  jest.setTimeout(600_000);
  let hub: TestHub;
  let data: ConsoleData;
  const admin: StaffLogin = { tenant: 'LGOP', username: 'lgop.admin', password: 'admin-password-of-the-test', role: StaffRole.ADMIN };
  const lgopClerk: StaffLogin = { tenant: 'LGOP', username: 'lgop.clerk', password: 'lgop-clerk-password-test', role: StaffRole.CLERK };
  const clerk: StaffLogin = { tenant: 'P52', username: 'gz.clerk', password: 'clerk-password-of-the-test', role: StaffRole.CLERK };
  const analyst: StaffLogin = { tenant: 'MCA', username: 'mca.analyst', password: 'analyst-password-of-the-test', role: StaffRole.VIEWER };

  beforeAll(async () => {
    hub = await startTestHub();
    data = await prepareConsoleData(hub);
    for (const who of [admin, lgopClerk, clerk, analyst]) await addStaffUser(hub, who);
  });
  afterAll(() => hub?.close());

  const statusOf = async (id: string) => (await hub.gql<{ sectorBatch: { status: string } }>('MCA', BATCH, { id })).body.data!.sectorBatch.status;
  const submit = async (n: number, period: string) => {
    const members = await runSql<{ idNumber: string; name: string }>(
      hub.db.orm.em.fork(),
      sql`select id_number as "idNumber", name from members where status = 'ACTIVE' order by id_number desc limit ${n}`,
    );
    const res = await hub.gql<{ submitSectorBatch: { id: string } }>('MCA', SUBMIT, {
      key: `work-${period}`,
      sector: 'MINIMUM_LIVING',
      period,
      records: members,
    });
    return res.body.data!.submitSectorBatch.id;
  };
  const jobRow = (p: Page, id: string) => p.locator(`tr[data-row-key="${id}"]`);
  const percentShown = (p: Page, id: string, percent: number) => jobRow(p, id).locator(`[role=progressbar][aria-valuenow="${percent}"]`).waitFor();

  it('moves a running batch’s progress bar as the runner commits chunks, with records/s and ETA; the admin cancels it in the UI', async () => {
    const id = await submit(10, '2022');
    const gate = new ChunkGate();
    await asStaff(hub.url, admin, async (b) => {
      const p = b.page;
      await p.goto(`${hub.url}/console/jobs`);
      await percentShown(p, id, 0);
      expect(await jobRow(p, id).getByRole('button').allTextContents()).toEqual([expect.stringMatching(/取\s?消|Cancel/)]);
      // The real runner, two records a chunk; it waits after each committed chunk until the test lets it go on.
      const run = new ReconciliationRunner(hub.db.orm, pino({ level: 'silent' })).run(id, {
        chunkSize: 2,
        exactConnections: 1,
        onProgress: () => gate.reached(),
      });
      await gate.waitForChunks(1);
      await percentShown(p, id, 20);
      const rate = Number(await jobRow(p, id).locator('[data-rate]').textContent());
      expect(rate).toBeGreaterThan(0);
      expect(await jobRow(p, id).locator('[data-eta]').textContent()).toMatch(/^(\d+ s|\d+ min \d+ s)$/);
      gate.release();
      await gate.waitForChunks(2);
      await percentShown(p, id, 40);
      await screenshot(p, 'jobs-running');
      await jobRow(p, id)
        .getByRole('button', { name: /取\s?消|Cancel/ })
        .click();
      await waitFor('the batch cancelled', async () => (await statusOf(id)) === 'CANCELLED', 15_000);
      gate.releaseAll();
      expect(await run).toBe('cancelled');
      // Cancelled, it is offered for a retry.
      await jobRow(p, id)
        .getByRole('button', { name: /重\s?试|Retry/ })
        .waitFor();
      expect(b.problems).toEqual([]);
    });
  });

  it('lets LGOP’s admin retry a FAILED batch and cancel it queued through the UI; an LGOP clerk sees neither button and the hub refuses them', async () => {
    const id = await submit(2, '2023');
    await startRun(hub.db.orm.em.fork(), id);
    expect(await failRun(hub.db.orm.em.fork(), id, 'reconciliation failed: the test’s failure')).toBe(true);
    await asStaff(hub.url, admin, async (b) => {
      const p = b.page;
      await p.goto(`${hub.url}/console/jobs`);
      await jobRow(p, id)
        .getByRole('button', { name: /重\s?试|Retry/ })
        .click();
      await waitFor('the batch queued again', async () => (await statusOf(id)) === 'QUEUED', 15_000);
      await jobRow(p, id)
        .getByRole('button', { name: /取\s?消|Cancel/ })
        .click();
      await waitFor('the queued batch cancelled', async () => (await statusOf(id)) === 'CANCELLED', 15_000);
      await jobRow(p, id)
        .getByRole('button', { name: /重\s?试|Retry/ })
        .waitFor();
      expect(b.problems).toEqual([]);
    });
    await asStaff(hub.url, lgopClerk, async (b) => {
      await b.page.goto(`${hub.url}/console/jobs`);
      await percentShown(b.page, id, 0);
      expect(await b.page.locator('.ant-table-tbody').getByRole('button').count()).toBe(0);
      expect(b.problems).toEqual([]);
    });
    const session = new StaffBrowser(hub.url);
    await session.login(lgopClerk.tenant, lgopClerk.username, lgopClerk.password);
    const refused = await session.gql(`mutation($id: ID!) { retryBatch(id: $id) { id } }`, { id });
    expect(refused.body.errors![0].extensions!.code).toBe('FORBIDDEN');
  });

  it('shows a ministry analyst a matched household with exactly the fields the API gives that ministry, no more', async () => {
    const hh = data.mismatched[0];
    const fields = await fieldsOf(hub);
    const asked = (tenant: string) => hub.gql<{ household: Record<string, unknown> }>(tenant, householdQuery(fields), { no: hh.registryNo });
    const mca = (await asked('MCA')).body.data!.household;
    const lgop = (await asked('LGOP')).body.data!.household;
    const expected = shownFields(mca);
    // The policy withholds something LGOP sees (the members' medical insurance, say), so the comparison can tell.
    expect(shownFields(lgop).members[0].length).toBeGreaterThan(expected.members[0].length);
    await asStaff(hub.url, analyst, async (b) => {
      const p = b.page;
      await p.goto(`${hub.url}/console/households/${hh.registryNo}`);
      await p.getByText(hh.name).first().waitFor();
      expect(await pageFields(p)).toEqual(expected);
      expect(await p.locator('.ant-timeline-item').count()).toBe((mca.events as unknown[]).length);
      await screenshot(p, 'household-ministry');
      expect(b.problems).toEqual([]);
    });
  });

  it('filters the cases by kind, county and age to exactly the rows the API returns for the same filter', async () => {
    // Two cases opened 40 days ago, so an age filter has something on each side.
    await runSql(
      hub.db.orm.em.fork(),
      sql`update discrepancy_cases set opened_at = now() - interval '40 days'
           where id in (select id from discrepancy_cases where province_code = '52' order by id limit 2)`,
    );
    type Node = { kind: string; idNumber: string; countyCode: string };
    const api = async (filter: Record<string, unknown>) => {
      const res = await hub.gql<{ discrepancies: { edges: Array<{ node: Node }> } }>(
        'P52',
        `query($f: DiscrepancyFilter) { discrepancies(filter: $f, first: 50) { edges { node { kind idNumber countyCode } } } }`,
        { f: { status: 'OPEN', ...filter } },
      );
      return res.body.data!.discrepancies.edges.map((e) => [e.node.kind, e.node.idNumber, e.node.countyCode]);
    };
    const all = await api({});
    const county = all[all.length - 1][2];
    const filters: Array<Record<string, string | number>> = [
      { kind: 'NAME_MISMATCH' },
      { countyCode: county },
      { minAgeDays: 30 },
      { maxAgeDays: 30, kind: 'ALLOWANCE_STATUS_STALE' },
    ];
    await asStaff(hub.url, clerk, async (b) => {
      const p = b.page;
      for (const filter of filters) {
        const expected = await api(filter);
        expect({ filter, empty: expected.length === 0, unchanged: JSON.stringify(expected) === JSON.stringify(all) }).toEqual({
          filter,
          empty: false,
          unchanged: false,
        });
        await p.goto(`${hub.url}/console/cases`);
        await tableRows(p, [1, 3, 5]);
        if (filter.kind) {
          await p.locator('#kind').fill(String(filter.kind));
          await p.locator('.ant-select-item-option', { hasText: String(filter.kind) }).click();
        }
        if (filter.countyCode) await p.locator('#countyCode').fill(String(filter.countyCode));
        if (filter.minAgeDays) await p.locator('#minAgeDays').fill(String(filter.minAgeDays));
        if (filter.maxAgeDays) await p.locator('#maxAgeDays').fill(String(filter.maxAgeDays));
        await p.getByRole('button', { name: /查\s?询|Search/ }).click();
        const shown = () => tableRows(p, [1, 3, 5], false);
        await waitFor(`the rows of ${JSON.stringify(filter)}`, async () => JSON.stringify(await shown()) === JSON.stringify(expected), 15_000).catch(
          () => null,
        );
        expect({ filter, rows: await shown() }).toEqual({ filter, rows: expected });
      }
      expect(b.problems).toEqual([]);
    });
  });

  it('lists, for LGOP’s search by ID number, the rows of the API’s audit query: who was given the person’s data', async () => {
    const hh = data.mismatched[0];
    // The analyst reads the household through the console's session: the audit names the person.
    const session = new StaffBrowser(hub.url);
    await session.login(analyst.tenant, analyst.username, analyst.password);
    const HOUSEHOLD = `query($no: String!) { household(registryNo: $no) { registryNo members { name } } }`;
    const read = await session.gql(HOUSEHOLD, { no: hh.registryNo });
    expect(read.body.errors).toBeUndefined();
    // And the province's own system, by its tenant token: no person named.
    expect((await hub.gql('P52', HOUSEHOLD, { no: hh.registryNo })).body.errors).toBeUndefined();
    await asStaff(hub.url, admin, async (b) => {
      const p = b.page;
      await p.goto(`${hub.url}/console/audit`);
      await tableRows(p, [1]);
      // Asked once the admin's own landing on the overview (an audited read of open cases) is in the log.
      type Entry = { createdAt: string; tenantCode: string; staffUsername: string | null; operation: string; requestId: string | null };
      const res = await hub.gql<{ accessHistory: { edges: Array<{ node: Entry }> } }>(
        'LGOP',
        `query($id: String!) { accessHistory(idNumber: $id, first: 100) { edges { node { createdAt tenantCode staffUsername operation requestId } } } }`,
        { id: hh.idNumber },
      );
      const entries = res.body.data!.accessHistory.edges.map((e) => e.node);
      expect(entries.filter((e) => e.staffUsername === analyst.username).map((e) => [e.tenantCode, e.operation])).toContainEqual(['MCA', 'household']);
      expect(entries.filter((e) => e.tenantCode === 'P52' && e.staffUsername === null).length).toBeGreaterThan(0);
      const expected = entries.map((e) => [e.createdAt, e.tenantCode, e.staffUsername ?? '—', e.operation, e.requestId ?? '']);
      await p.locator('#idNumber').fill(hh.idNumber);
      await p.locator('#idNumber').press('Enter');
      const shown = () => tableRows(p, [1, 2, 3, 4, 5], false);
      await waitFor('the person’s history', async () => JSON.stringify(await shown()) === JSON.stringify(expected), 15_000).catch(() => null);
      expect(await shown()).toEqual(expected);
      await screenshot(p, 'audit-by-id');
      expect(b.problems).toEqual([]);
    });
  });
});
