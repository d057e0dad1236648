import { runSql, sql } from '../../src/db/sql';
import { byHeader, csvRows, getExport, xlsxRows } from '../support/export-client';
import { PUSH_PROJECTS, RECORD_TRANSACTIONS, projectInput, transaction } from '../support/project-fixtures';
import { startTestHub, type TestHub } from '../support/test-hub';

const TWIN = `query($filter: ProjectFilter) { projects(filter: $filter, first: 500) { edges { node {
  projectNo name provinceCode countyCode villageCodes type implementingUnit status approvedOn plannedStart plannedEnd completedOn targetsHouseholds
  announcement { publishedOn place } budget { source amount } version
  funds { budget allocated disbursed disbursementRate idleAmount oldestIdleDays } } } } }`;

const text = (v: unknown) => (v === null || v === undefined ? '' : Array.isArray(v) ? v.join(';') : String(v));

/** The twin's projects as the export's lines (nested objects flattened with a dot; the budget lines as parsed JSON). */
async function twin(hub: TestHub, who: string, filter?: Record<string, unknown>): Promise<Array<Record<string, unknown>>> {
  const res = await hub.gql<{ projects: { edges: Array<{ node: Record<string, unknown> }> } }>(who, TWIN, { filter });
  if (!res.body.data) throw new Error(JSON.stringify(res.body.errors));
  return res.body.data.projects.edges.map(({ node }) => {
    const { announcement, funds, budget, ...p } = node as Record<string, Record<string, unknown> | null>;
    const line: Record<string, unknown> = Object.fromEntries(Object.entries(p).map(([k, v]) => [k, text(v)]));
    line['announcement.publishedOn'] = text(announcement?.publishedOn);
    line['announcement.place'] = text(announcement?.place);
    for (const [k, v] of Object.entries(funds ?? {})) line[`funds.${k}`] = text(v);
    line.budget = budget;
    return line;
  });
}

function expectTwin(table: { header: string[]; rows: string[][] }, lines: Array<Record<string, unknown>>) {
  const got = byHeader(table).map((l) => ({ ...l, budget: l.budget ? JSON.parse(l.budget) : null }));
  expect(got).toEqual(lines.map((n) => Object.fromEntries(table.header.map((h) => [h, n[h]]))));
  for (const h of table.header) expect(Object.keys(lines[0])).toContain(h);
}

describe('exports: projects with funds (GET /exports/projects)', () => {
  let hub: TestHub;
  const write = async (who: string, query: string, variables: Record<string, unknown>) => {
    const res = await hub.gql<Record<string, { rejected: number }>>(who, query, variables);
    if (!res.body.data || Object.values(res.body.data)[0].rejected) throw new Error(JSON.stringify(res.body));
  };
  beforeAll(async () => {
    hub = await startTestHub();
    await write('P52', PUSH_PROJECTS, {
      key: 'p52',
      projects: [
        projectInput('52', 1),
        projectInput('52', 2, { type: 'EDUCATION', name: '希望小学, "一期"' }),
        projectInput('52', 3, { type: 'EMPLOYMENT_TRAINING' }),
      ],
    });
    await write('P53', PUSH_PROJECTS, { key: 'p53', projects: [projectInput('53', 1, { type: 'EDUCATION' })] });
    await write('P52', RECORD_TRANSACTIONS, {
      key: 'ledger',
      transactions: [
        transaction('52', 2, 'A1', { amount: '500000.10', date: '2016-05-01' }),
        transaction('52', 2, 'D1', { kind: 'DISBURSEMENT', amount: '120000.05', date: '2016-06-01' }),
      ],
    });
  });
  afterAll(() => hub.close());

  it('LGOP, a province and a ministry: the twin’s projects, fields and funds (money as decimal strings)', async () => {
    const seen: Record<string, string[]> = {};
    for (const who of ['LGOP', 'P52', 'MOE']) {
      const lines = await twin(hub, who);
      const table = csvRows((await getExport(hub, who, '/exports/projects')).bytes);
      expectTwin(table, lines);
      seen[who] = byHeader(table).map((l) => l.projectNo);
    }
    expect(seen.LGOP).toHaveLength(4);
    expect(seen.P52.every((no) => no.startsWith('52'))).toBe(true);
    expect(seen.P52).toHaveLength(3);
    // MOE's agreement: education projects only, of every province.
    expect(seen.MOE).toEqual(['5201022016' + '0002', '5301022016' + '0001']);
    const school = byHeader(csvRows((await getExport(hub, 'P52', '/exports/projects?type=EDUCATION')).bytes))[0];
    expect(school).toMatchObject({ 'funds.allocated': '500000.10', 'funds.disbursed': '120000.05', name: '希望小学, "一期"' });
  });

  it('XLSX and filters as the twin’s; bad parameters name their path; no token, 401; no audit row (no household leaves)', async () => {
    expectTwin(
      await xlsxRows((await getExport(hub, 'LGOP', '/exports/projects?format=xlsx&provinceCode=53')).bytes),
      await twin(hub, 'LGOP', { provinceCode: '53' }),
    );
    const bad = await getExport(hub, 'LGOP', '/exports/projects?year=soon&type=BRIDGE');
    expect(bad.status).toBe(400);
    expect(bad.errors?.[0].extensions.fields?.map((f) => f.path).sort()).toEqual(['type', 'year']);
    expect((await getExport(hub, null, '/exports/projects')).status).toBe(401);
    const [{ n }] = await runSql<{ n: number }>(hub.db.orm.em.fork(), sql`select count(*)::int as n from audit_log where operation = 'projects'`);
    expect(n).toBe(0);
  });
});
