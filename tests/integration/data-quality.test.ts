import { Worker } from 'bullmq';
import pino from 'pino';
import { sql as sqlTag } from '../../src/db/sql';
import { createDataQualityProcessor, createRun } from '../../src/modules/data-quality/data-quality.jobs';
import { IssueKind, IssueSeverity, RunMode } from '../../src/modules/data-quality/data-quality.enums';
import { DATA_QUALITY_RULES } from '../../src/modules/data-quality/data-quality.rules';
import { DataQualityRunner } from '../../src/modules/data-quality/data-quality.runner';
import type { DataQualityRule } from '../../src/modules/data-quality/data-quality.rule';
import { QueueName } from '../../src/queues/queue-names';
import { createRedis } from '../../src/queues/redis.connection';
import { DQ_CASES, P53_CASE, plantCleanRegistry } from '../support/data-quality-fixtures';
import { startTestHub, type TestHub } from '../support/test-hub';
import { waitFor } from '../support/wait-for';

const RUN = `mutation($p: String, $c: Boolean) { runDataQualityCheck(provinceCode: $p, changedOnly: $c) { id status mode provinceCode } }`;
const RUN_STATE = `query($id: ID!) { dataQualityRun(id: $id) { id status rulesTotal doneRules failedRules found opened fixed } }`;
const ISSUES = `query($f: DataQualityIssueFilter, $after: String) { dataQualityIssues(filter: $f, first: 500, after: $after) {
  edges { node { ruleCode kind severity provinceCode countyCode villageCode registryNo idNumber memberName field message detail
    relatedRegistryNo relatedIdNumber status fixedAt } } pageInfo { hasNextPage endCursor } } }`;

type Issue = {
  ruleCode: string;
  provinceCode: string;
  countyCode: string;
  villageCode: string;
  registryNo: string;
  idNumber: string | null;
  field: string;
  status: string;
  fixedAt: string | null;
  relatedRegistryNo: string | null;
  relatedIdNumber: string | null;
};
type RunState = { id: string; status: string; rulesTotal: number; doneRules: string[]; failedRules: string[]; found: number; opened: number; fixed: number };

describe('data quality: rules, positioning, lifecycle, scope', () => {
  let hub: TestHub;
  let worker: Worker;
  let connection: ReturnType<typeof createRedis>;
  const silent = pino({ level: 'silent' });
  const sql = (q: string, params: unknown[] = []) => hub.db.orm.em.fork().getConnection().execute(q, params);

  async function data<T>(who: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const res = await hub.gql(who, query, variables);
    if (res.body.errors) throw new Error(JSON.stringify(res.body.errors));
    return Object.values(res.body.data as Record<string, unknown>)[0] as T;
  }

  /** Asks for a check and follows its progress until it ends (the worker runs it). */
  async function check(who: string, provinceCode?: string, changedOnly = false): Promise<RunState> {
    const run = await data<{ id: string; status: string }>(who, RUN, { p: provinceCode, c: changedOnly });
    return waitFor(
      `the data-quality check ${run.id} to end`,
      async () => {
        const state = await data<RunState>(who, RUN_STATE, { id: run.id });
        return !['QUEUED', 'RUNNING'].includes(state.status) && state;
      },
      30_000,
    );
  }

  async function issues(who: string, filter: Record<string, unknown> = {}): Promise<Issue[]> {
    const out: Issue[] = [];
    let after: string | null = null;
    do {
      const page: { edges: Array<{ node: Issue }>; pageInfo: { hasNextPage: boolean; endCursor: string } } = await data(who, ISSUES, { f: filter, after });
      out.push(...page.edges.map((e) => e.node));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    return out;
  }

  beforeAll(async () => {
    hub = await startTestHub();
    // Ages refer to the real today, as in production.
    connection = createRedis(hub.redisUrl, 'worker');
    worker = new Worker(QueueName.DATA_QUALITY, createDataQualityProcessor(hub.db.orm, silent), { connection, prefix: hub.queuePrefix });
    await plantCleanRegistry(hub.db.orm);
  });
  afterAll(async () => {
    await worker.close();
    await connection.quit();
    await hub.close();
  });

  it('finds nothing in a clean registry', async () => {
    const run = await check('LGOP');
    expect(run).toMatchObject({ status: 'COMPLETED', rulesTotal: DATA_QUALITY_RULES.length, failedRules: [], found: 0 });
    expect(run.doneRules).toHaveLength(DATA_QUALITY_RULES.length);
  });

  it('every rule of domain.md has a case here, with a stable code, a kind, a severity and a message', () => {
    expect(new Set(DQ_CASES.map((c) => c.rule))).toEqual(new Set(DATA_QUALITY_RULES.map((r) => r.code)));
    for (const r of DATA_QUALITY_RULES) {
      expect(Object.values(IssueKind)).toContain(r.kind);
      expect(Object.values(IssueSeverity)).toContain(r.severity);
      expect(r.message.length).toBeGreaterThan(10);
    }
  });

  it('finds each planted problem, positioned at province, county, village, registry number, member and field', async () => {
    for (const c of [...DQ_CASES, P53_CASE]) await c.plant(sql);
    const run = await check('LGOP');
    expect(run.status).toBe('COMPLETED');
    const all = await issues('LGOP');
    for (const c of DQ_CASES) {
      const got = all.filter((i) => i.ruleCode === c.rule).map(position);
      const expected = [...c.expected, ...(c.rule === P53_CASE.rule ? P53_CASE.expected : [])].map((e) => ({ ...e, field: c.field }));
      expect({ rule: c.rule, got: got.sort(byKey) }).toEqual({ rule: c.rule, got: expected.sort(byKey) });
    }
    // Nothing but the planted problems.
    const expectedCount = DQ_CASES.reduce((n, c) => n + c.expected.length, 0) + P53_CASE.expected.length;
    expect(all).toHaveLength(expectedCount);
    expect(run).toMatchObject({ found: expectedCount, opened: expectedCount, fixed: 0 });
    // A second run finds the same and opens nothing new.
    expect(await check('LGOP')).toMatchObject({ found: expectedCount, opened: 0, fixed: 0 });
  });

  it('shows a province its own issues only, and filters by county, village, rule and kind', async () => {
    const p52 = await issues('P52');
    const p53 = await issues('P53');
    expect(p52.length).toBeGreaterThan(0);
    expect(p52.every((i) => i.provinceCode === '52')).toBe(true);
    expect(p53.map((i) => i.ruleCode).sort()).toEqual(['HOUSEHOLD_NO_PRIMARY_CAUSE', 'ID_15_AND_18_DIGIT_FORMS']);
    expect(await issues('P53', { provinceCode: '52' })).toEqual([]);
    expect(await issues('MOE')).toEqual([]);
    const village = p52[0].villageCode;
    expect((await issues('P52', { villageCode: village })).every((i) => i.villageCode === village)).toBe(true);
    expect((await issues('P52', { kind: 'REPEATED' })).every((i) => i.field === 'members.idNumber')).toBe(true);
    const summary = await data<Array<{ provinceCode: string; rule: string; open: number }>>(
      'P53',
      `{ dataQualitySummary { provinceCode rule kind open fixed } }`,
    );
    expect(summary).toEqual(expect.arrayContaining([expect.objectContaining({ provinceCode: '53', rule: 'HOUSEHOLD_NO_PRIMARY_CAUSE', open: 1 })]));
    expect(summary.every((s) => s.provinceCode === '53')).toBe(true);
  });

  it('tells a province only that a repeated ID has a duplicate in another province; LGOP sees both sides', async () => {
    const q = `query { dataQualityIssues(filter: { rule: "ID_15_AND_18_DIGIT_FORMS" }, first: 50) { edges { node {
      provinceCode registryNo idNumber detail relatedRegistryNo relatedIdNumber relatedProvinceCode } } } }`;
    type Node = Record<string, string | null>;
    const read = async (who: string) => {
      const res = await hub.gql<{ dataQualityIssues: { edges: Array<{ node: Node }> } }>(who, q);
      if (!res.body.data) throw new Error(JSON.stringify(res.body.errors));
      const redacted = (res.body as { extensions?: { redactedFields?: string[] } }).extensions?.redactedFields ?? [];
      return { nodes: res.body.data.dataQualityIssues.edges.map((e) => e.node), redacted };
    };
    for (const [who, own, other] of [
      ['P53', '53', '52'],
      ['P52', '52', '53'],
    ]) {
      const { nodes, redacted } = await read(who);
      expect(nodes).toHaveLength(1);
      expect(nodes[0]).toMatchObject({ provinceCode: own, relatedProvinceCode: other, relatedRegistryNo: null, relatedIdNumber: null, detail: null });
      expect(redacted).toEqual(expect.arrayContaining(['relatedRegistryNo', 'relatedIdNumber', 'detail'].map((f) => `dataQualityIssues.edges.0.node.${f}`)));
    }
    const lgop = await read('LGOP');
    expect(lgop.nodes).toHaveLength(2);
    for (const n of lgop.nodes)
      expect(n).toMatchObject({ relatedRegistryNo: expect.stringMatching(/^5[23]/), relatedIdNumber: expect.any(String), detail: expect.any(String) });
    expect(lgop.redacted).toEqual([]);
    // Inside one province the other member stays in view.
    const typo = await issues('P52', { rule: 'ID_ONE_CHARACTER_APART' });
    expect(typo.every((i) => i.relatedRegistryNo !== null && i.relatedIdNumber !== null)).toBe(true);
  });

  it('lets a province check only its own registry', async () => {
    const other = await hub.gql('P52', RUN, { p: '53' });
    expect(other.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const ministry = await hub.gql('MOE', RUN, {});
    expect(ministry.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const bad = await hub.gql('LGOP', RUN, { p: 'x1' });
    expect(bad.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('closes fixed problems as FIXED on the next run of the changed households, leaving other provinces alone', async () => {
    for (const c of DQ_CASES) await c.fix(sql);
    const run = await check('P52', undefined, true);
    expect(run.status).toBe('COMPLETED');
    expect(await issues('P52')).toEqual([]);
    const fixed = await issues('LGOP', { status: 'FIXED' });
    for (const c of DQ_CASES) {
      const got = fixed.filter((i) => i.ruleCode === c.rule);
      expect({ rule: c.rule, n: got.length }).toEqual({ rule: c.rule, n: c.expected.length });
      expect(got.every((i) => i.fixedAt !== null)).toBe(true);
    }
    // P53's own problem is outside P52's check and stays open until P53 fixes it.
    expect((await issues('P53')).map((i) => i.ruleCode)).toEqual(['HOUSEHOLD_NO_PRIMARY_CAUSE']);
    await P53_CASE.fix(sql);
    expect(await check('P53')).toMatchObject({ status: 'COMPLETED', fixed: 1 });
    expect(await issues('LGOP')).toEqual([]);
  });

  it('reports a throwing rule as failed for the run, runs the others, and writes nothing of it', async () => {
    await DQ_CASES[1].plant(sql);
    const broken: DataQualityRule = {
      ...DATA_QUALITY_RULES[0],
      code: 'BROKEN',
      sql: () =>
        sqlTag`select h.id as household_id, null::int as member_id, null::int as related_member_id, (1 / (h.id - h.id))::text as detail from households h`,
    };
    const throwing: DataQualityRule = {
      ...DATA_QUALITY_RULES[0],
      code: 'THROWS',
      sql: () => {
        throw new Error('bad rule');
      },
    };
    const runner = new DataQualityRunner(hub.db.orm, silent, { rules: [broken, ...DATA_QUALITY_RULES, throwing] });
    const runId = await createRun(hub.db.orm.em.fork(), 'LGOP', null, RunMode.FULL);
    expect(await runner.run(runId)).toBe('PARTIAL');
    const state = await data<RunState>('LGOP', RUN_STATE, { id: runId });
    expect(state).toMatchObject({ status: 'PARTIAL', failedRules: ['BROKEN', 'THROWS'], found: 1, opened: 1 });
    expect(state.doneRules).toHaveLength(DATA_QUALITY_RULES.length);
    expect((await issues('LGOP')).map((i) => i.ruleCode)).toEqual([DQ_CASES[1].rule]);
    expect(await sql(`select count(*)::int as n from data_quality_issues where rule_code in ('BROKEN', 'THROWS')`)).toEqual([{ n: 0 }]);
  });
});

function position(i: Issue) {
  return {
    registryNo: i.registryNo,
    idNumber: i.idNumber,
    relatedIdNumber: i.relatedIdNumber,
    field: i.field,
    countyCode: i.countyCode,
    villageCode: i.villageCode,
    provinceCode: i.provinceCode,
  };
}

function byKey(a: { registryNo: string; idNumber: string | null }, b: { registryNo: string; idNumber: string | null }): number {
  return `${a.registryNo}/${a.idNumber}`.localeCompare(`${b.registryNo}/${b.idNumber}`);
}
