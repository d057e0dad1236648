import pino from 'pino';
import { runSql, sql } from '../../src/db/sql';
import { RunMode } from '../../src/modules/data-quality/data-quality.enums';
import { createRun } from '../../src/modules/data-quality/data-quality.jobs';
import { DataQualityRunner } from '../../src/modules/data-quality/data-quality.runner';
import { DATA_QUALITY_RULES } from '../../src/modules/data-quality/data-quality.rules';
import { DQ_CASES, P53_CASE, plantCleanRegistry } from '../support/data-quality-fixtures';
import { byHeader, csvRows, getExport, xlsxRows } from '../support/export-client';
import { plantRegistry, submitAndRun } from '../support/reconcile-fixtures';
import { startTestHub, type TestHub } from '../support/test-hub';

const CASES = `query($filter: DiscrepancyFilter) { discrepancies(filter: $filter, first: 500) { edges { node {
  id kind sector raisedBy status provinceCode countyCode idNumber registryNo evidence batchId rowNo raisedCount openedAt lastRaisedAt
  resolvedAt resolvedBy dismissalReason note eventId } } } }`;
const ISSUES = `query($filter: DataQualityIssueFilter) { dataQualityIssues(filter: $filter, first: 500) { edges { node {
  id ruleCode kind severity provinceCode countyCode villageCode registryNo idNumber memberName projectNo reference field message detail
  relatedRegistryNo relatedIdNumber relatedProvinceCode status detectedAt lastSeenAt fixedAt } } } }`;

const text = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));

/** The twin's nodes, each field as the export's CSV writes it (JSON as parsed back, so key order does not matter). */
async function twin(hub: TestHub, who: string, query: string, filter?: Record<string, unknown>): Promise<Array<Record<string, unknown>>> {
  const res = await hub.gql<Record<string, { edges: Array<{ node: Record<string, unknown> }> }>>(who, query, { filter });
  if (!res.body.data) throw new Error(JSON.stringify(res.body.errors));
  return Object.values(res.body.data)[0].edges.map((e) => Object.fromEntries(Object.entries(e.node).map(([k, v]) => [k, comparable(k, text(v))])));
}

const comparable = (key: string, value: string) => (key === 'evidence' && value ? JSON.parse(value) : value);

function expectTwin(table: { header: string[]; rows: string[][] }, nodes: Array<Record<string, unknown>>) {
  const lines = byHeader(table).map((l) => Object.fromEntries(Object.entries(l).map(([k, v]) => [k, comparable(k, v)])));
  // Every column of the file is a field of the twin with the twin's value; nothing more.
  expect(lines).toEqual(nodes.map((n) => Object.fromEntries(table.header.map((h) => [h, n[h]]))));
  for (const h of table.header) expect(Object.keys(nodes[0] ?? { [h]: 1 })).toContain(h);
}

const auditOf = async (hub: TestHub, operation: string) =>
  runSql<{ tenant_code: string; registry_nos: string[]; id_numbers: string[] }>(
    hub.db.orm.em.fork(),
    sql`select tenant_code, registry_nos, id_numbers from audit_log where operation = ${operation} and detail->>'export' is not null order by id desc`,
  );

describe('exports: discrepancy cases (GET /exports/discrepancies)', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
    const reg = await plantRegistry(hub);
    const h1 = reg.h1.members as unknown as Array<{ idNumber: string; name: string }>;
    await submitAndRun(hub, 'MCA', 'MINIMUM_LIVING', [{ idNumber: h1[0].idNumber, name: h1[0].name, attributes: { monthlyAmount: 300 } }]);
  });
  afterAll(() => hub.close());

  it('discrepancies: LGOP, the province and the raising ministry each get the twin’s rows; the ministry no registry number', async () => {
    for (const who of ['LGOP', 'P52', 'MCA']) {
      const nodes = await twin(hub, who, CASES);
      expect(nodes.length).toBeGreaterThan(0);
      const table = csvRows((await getExport(hub, who, '/exports/discrepancies')).bytes);
      expectTwin(table, nodes);
      expect(table.header.includes('registryNo')).toBe(who !== 'MCA');
    }
    expect(csvRows((await getExport(hub, 'P53', '/exports/discrepancies')).bytes).rows).toEqual([]);
    expect(csvRows((await getExport(hub, 'MOE', '/exports/discrepancies')).bytes).rows).toEqual([]);
  });

  it('discrepancies: XLSX, a filter, bad parameters, and the audit row as the twin’s', async () => {
    expectTwin(
      await xlsxRows((await getExport(hub, 'MCA', '/exports/discrepancies?format=xlsx&status=OPEN')).bytes),
      await twin(hub, 'MCA', CASES, { status: 'OPEN' }),
    );
    expect(csvRows((await getExport(hub, 'P52', '/exports/discrepancies?status=DISMISSED')).bytes).rows).toEqual([]);
    const bad = await getExport(hub, 'P52', '/exports/discrepancies?status=GONE&minAgeDays=x&countyCode=1');
    expect(bad.status).toBe(400);
    expect(bad.errors?.[0].extensions.fields?.map((f) => f.path).sort()).toEqual(['minAgeDays', 'status']);
    expect((await getExport(hub, null, '/exports/discrepancies')).status).toBe(401);
    const nodes = await twin(hub, 'MCA', CASES);
    await getExport(hub, 'MCA', '/exports/discrepancies');
    const [row] = await auditOf(hub, 'discrepancies');
    expect(row).toEqual({ tenant_code: 'MCA', registry_nos: [], id_numbers: [...new Set(nodes.map((n) => n.idNumber))].sort() });
  });
});

describe('exports: data-quality issues (GET /exports/data-quality-issues)', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
    await plantCleanRegistry(hub.db.orm);
    const execute = (q: string, params: unknown[] = []) => hub.db.orm.em.fork().getConnection().execute(q, params);
    for (const c of [...DQ_CASES, P53_CASE]) await c.plant(execute);
    const runId = await createRun(hub.db.orm.em.fork(), 'LGOP', null, RunMode.FULL);
    await new DataQualityRunner(hub.db.orm, pino({ level: 'silent' }), { rules: DATA_QUALITY_RULES }).run(runId);
  });
  afterAll(() => hub.close());

  it('data-quality issues: LGOP and each province the twin’s rows, a cross-province pair cut for the province as by the twin', async () => {
    for (const who of ['LGOP', 'P52', 'P53']) {
      const nodes = await twin(hub, who, ISSUES);
      expect(nodes.length).toBeGreaterThan(0);
      expectTwin(csvRows((await getExport(hub, who, '/exports/data-quality-issues')).bytes), nodes);
    }
    const p52 = byHeader(csvRows((await getExport(hub, 'P52', '/exports/data-quality-issues')).bytes));
    expect(p52.every((r) => r.provinceCode === '52')).toBe(true);
    const across = p52.filter((r) => r.relatedProvinceCode && r.relatedProvinceCode !== '52');
    expect(across.length).toBeGreaterThan(0);
    expect(across.every((r) => r.relatedRegistryNo === '' && r.relatedIdNumber === '')).toBe(true);
    // A ministry reads no issue in the twin, and none in the file.
    expect(csvRows((await getExport(hub, 'MOE', '/exports/data-quality-issues')).bytes).rows).toEqual([]);
  });

  it('data-quality issues: XLSX with a filter, bad parameters, one audit row with the twin’s numbers', async () => {
    const filter = { rule: DQ_CASES[0].rule };
    expectTwin(
      await xlsxRows((await getExport(hub, 'P52', `/exports/data-quality-issues?format=xlsx&rule=${filter.rule}`)).bytes),
      await twin(hub, 'P52', ISSUES, filter),
    );
    const bad = await getExport(hub, 'P52', '/exports/data-quality-issues?kind=ODD&villageCode=12');
    expect(bad.errors?.[0].extensions.fields?.map((f) => f.path).sort()).toEqual(['kind']);
    const badVillage = await getExport(hub, 'P52', '/exports/data-quality-issues?villageCode=12');
    expect(badVillage.errors?.[0].extensions.fields?.map((f) => f.path)).toEqual(['villageCode']);
    const nodes = await twin(hub, 'P52', ISSUES);
    await getExport(hub, 'P52', '/exports/data-quality-issues');
    const [row] = await auditOf(hub, 'dataQualityIssues');
    const present = (k: string) => [...new Set(nodes.map((n) => n[k] as string).filter(Boolean))].sort();
    expect({ ...row, registry_nos: [...row.registry_nos].sort(), id_numbers: [...row.id_numbers].sort() }).toEqual({
      tenant_code: 'P52',
      registry_nos: present('registryNo'),
      id_numbers: present('idNumber'),
    });
  });
});
