import { runSql, sql } from '../../src/db/sql';
import { byHeader, csvRows, getExport, xlsxRows } from '../support/export-client';
import { plantRegistry, submitAndRun } from '../support/reconcile-fixtures';
import { insertHouseholds, makeHouseholds } from '../support/registry-fixtures';
import { MASKED, readShared } from '../support/sharing-fixtures';
import { startTestHub, type TestHub } from '../support/test-hub';

const HOUSEHOLD = `registryNo provinceCode countyCode villageCode status identifiedYear exitYear primaryCause otherCauses annualIncomePerCapita
  housingSafe drinkingWaterSafe removalReason version createdAt updatedAt`;
const MEMBER = `idNumber name sex birthDate relationship ethnicity education inSchool health disabilityLevel labourCapacity migrantWorker
  medicalInsured pensionInsured receivesDibao status statusDate`;
const TWIN = `query($sector: Sector!, $filter: MatchedHouseholdFilter) { matchedHouseholds(sector: $sector, filter: $filter, first: 500) {
  edges { node { household { ${HOUSEHOLD} members { ${MEMBER} } } } } } }`;

type Twin = { matchedHouseholds: { edges: Array<{ node: { household: Record<string, unknown> & { members: Array<Record<string, unknown>> } } }> } };

/** A value as the export writes it in CSV. */
const text = (v: unknown) => (v === null || v === undefined ? '' : Array.isArray(v) ? v.join(';') : String(v));

/** The twin's answer as the export's lines: one per member, household fields repeated. */
async function twinLines(hub: TestHub, who: string, sector: string, filter?: Record<string, unknown>): Promise<Array<Record<string, string>>> {
  const { data } = await readShared<Twin>(hub, who, TWIN, { sector, filter });
  return data.matchedHouseholds.edges.flatMap(({ node: { household } }) => {
    const { members, ...h } = household;
    const head = Object.fromEntries(Object.entries(h).map(([k, v]) => [k, text(v)]));
    if (!members.length) return [head];
    return members.map((m) => ({ ...head, ...Object.fromEntries(Object.entries(m).map(([k, v]) => [`member.${k}`, text(v)])) }));
  });
}

/** Every column of the file holds what the twin says; a column the twin would null for every row is not there at all. */
function expectSameCells(lines: Array<Record<string, string>>, twin: Array<Record<string, string>>, header: string[]) {
  expect(lines).toHaveLength(twin.length);
  lines.forEach((line, i) => {
    for (const key of header) expect({ key, value: line[key] }).toEqual({ key, value: twin[i][key] });
  });
}

describe('exports: matched households with members (GET /exports/matched-households)', () => {
  let hub: TestHub;
  let reg: Awaited<ReturnType<typeof plantRegistry>>;
  beforeAll(async () => {
    hub = await startTestHub();
    reg = await plantRegistry(hub);
    await insertHouseholds(hub.db.orm, makeHouseholds('53', 2));
    const h1 = reg.h1.members as unknown as Array<{ idNumber: string; name: string }>;
    await submitAndRun(hub, 'MOE', 'EDUCATION', [{ idNumber: h1[2].idNumber, name: h1[2].name, attributes: { enrolled: true } }]);
    await submitAndRun(hub, 'MCA', 'MINIMUM_LIVING', [{ idNumber: h1[0].idNumber, name: h1[0].name, attributes: { monthlyAmount: 300 } }]);
  });
  afterAll(() => hub.close());

  it('LGOP: every field of every member, as the twin answers', async () => {
    const twin = await twinLines(hub, 'LGOP', 'EDUCATION');
    const res = await getExport(hub, 'LGOP', '/exports/matched-households?sector=EDUCATION');
    expect(res.status).toBe(200);
    const table = csvRows(res.bytes);
    expect(table.header).toEqual(expect.arrayContaining(['registryNo', 'annualIncomePerCapita', 'member.idNumber', 'member.health']));
    expect(twin.length).toBe(reg.h1.members.length);
    expectSameCells(byHeader(table), twin, table.header);
  });

  it('a ministry: only the columns its policy can show, each row cut and masked as the twin cuts it (CSV and XLSX)', async () => {
    const twin = await twinLines(hub, 'MOE', 'EDUCATION');
    for (const format of ['csv', 'xlsx']) {
      const res = await getExport(hub, 'MOE', `/exports/matched-households?sector=EDUCATION&format=${format}`);
      expect(res.status).toBe(200);
      const table = format === 'csv' ? csvRows(res.bytes) : await xlsxRows(res.bytes);
      // MOE's policy hides the registry number, the income and health: the file has no such column.
      expect(table.header).not.toEqual(expect.arrayContaining(['registryNo']));
      expect(table.header).not.toContain('annualIncomePerCapita');
      expect(table.header).not.toContain('member.health');
      expect(table.header).toContain('member.inSchool');
      const lines = byHeader(table);
      expectSameCells(lines, twin, table.header);
      // Nothing the twin nulls for a row is in the file, and the numbers MOE did not send are masked.
      for (const [i, line] of lines.entries()) for (const key of table.header) if (twin[i][key] === '') expect(line[key]).toBe('');
      expect(lines.filter((l) => MASKED.test(l['member.idNumber']))).toHaveLength(lines.length - 1);
    }
  });

  it('the twin’s filters as parameters; a province is refused as by the twin; bad parameters name their path', async () => {
    const exited = await getExport(hub, 'MCA', '/exports/matched-households?sector=MINIMUM_LIVING&status=EXITED');
    expect(csvRows(exited.bytes).rows).toEqual([]);
    const county = await getExport(hub, 'MCA', `/exports/matched-households?sector=MINIMUM_LIVING&countyCode=${String(reg.h1.villageCode).slice(0, 6)}`);
    expectSameCells(byHeader(csvRows(county.bytes)), await twinLines(hub, 'MCA', 'MINIMUM_LIVING'), csvRows(county.bytes).header);
    const province = await getExport(hub, 'P52', '/exports/matched-households?sector=EDUCATION');
    expect(province.status).toBe(403);
    expect(province.errors?.[0].extensions.code).toBe('FORBIDDEN');
    expect((await getExport(hub, null, '/exports/matched-households?sector=EDUCATION')).status).toBe(401);
    const bad = await getExport(hub, 'MCA', '/exports/matched-households?status=RICH&provinceCode=5');
    expect(bad.status).toBe(400);
    expect(bad.errors?.[0].extensions.fields?.map((f) => f.path).sort()).toEqual(['sector', 'status']);
    const badCode = await getExport(hub, 'MCA', '/exports/matched-households?sector=MINIMUM_LIVING&provinceCode=5');
    expect(badCode.status).toBe(400);
    expect(badCode.errors?.[0].extensions.fields?.map((f) => f.path)).toEqual(['provinceCode']);
  });

  it('the audit row lists the households as the twin’s: by registry number for LGOP; none for a ministry not shown it', async () => {
    const count = async () =>
      (await runSql<{ n: number }>(hub.db.orm.em.fork(), sql`select count(*)::int as n from audit_log where operation = 'matchedHouseholds'`))[0].n;
    const before = await count();
    await getExport(hub, 'MOE', '/exports/matched-households?sector=EDUCATION');
    expect(await count()).toBe(before);
    await getExport(hub, 'LGOP', '/exports/matched-households?sector=EDUCATION&format=xlsx');
    const [row] = await runSql<{ registry_nos: string[]; detail: Record<string, unknown> }>(
      hub.db.orm.em.fork(),
      sql`select registry_nos, detail from audit_log where operation = 'matchedHouseholds' order by id desc limit 1`,
    );
    expect(row.registry_nos).toEqual([reg.h1.registryNo]);
    expect(row.detail).toMatchObject({ export: 'xlsx', filters: { sector: 'EDUCATION' } });
  });
});
