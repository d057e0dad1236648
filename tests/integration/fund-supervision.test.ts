import { Worker } from 'bullmq';
import pino from 'pino';
import { sql as sqlTag } from '../../src/db/sql';
import { IssueSeverity } from '../../src/modules/data-quality/data-quality.enums';
import { createFundRun, createFundSupervisionProcessor } from '../../src/modules/fund-supervision/fund-supervision.jobs';
import { FUND_SUPERVISION_RULES } from '../../src/modules/fund-supervision/fund-supervision.rules';
import { FundSupervisionRunner } from '../../src/modules/fund-supervision/fund-supervision.runner';
import type { FundRule } from '../../src/modules/fund-supervision/fund-supervision.rule';
import { QueueName } from '../../src/queues/queue-names';
import { createRedis } from '../../src/queues/redis.connection';
import { H, type Position, REF_DATE, fundProjectNo, plantBenefit, plantFundCases, plantProvince53, plantTx } from '../support/fund-supervision-fixtures';
import { startTestHub, type TestHub } from '../support/test-hub';
import { waitFor } from '../support/wait-for';

const RUN = `mutation($p: String) { runFundSupervision(provinceCode: $p) { id status checks mode provinceCode } }`;
const RUN_STATE = `query($id: ID!) { dataQualityRun(id: $id) { id status checks rulesTotal doneRules failedRules found opened fixed } }`;
const ISSUES = `query($f: DataQualityIssueFilter) { dataQualityIssues(filter: $f, first: 500) { edges { node {
  ruleCode kind severity provinceCode countyCode villageCode projectNo reference registryNo field message detail status fixedAt } } } }`;

type Issue = Position & { kind: string; provinceCode: string; countyCode: string; villageCode: string | null; detail: string; status: string };
type RunState = {
  id: string;
  status: string;
  checks: string;
  rulesTotal: number;
  doneRules: string[];
  failedRules: string[];
  found: number;
  opened: number;
  fixed: number;
};

const DOMAIN_RULES = [
  'ALLOCATED_OVER_BUDGET',
  'DISBURSED_OVER_ALLOCATED',
  'IDLE_FUNDS',
  'DISBURSED_BEFORE_APPROVAL',
  'NOT_ANNOUNCED',
  'OVERDUE',
  'BENEFICIARY_NOT_REGISTERED',
  'BENEFICIARY_NOT_POOR',
  'BENEFICIARY_OUTSIDE_AREA',
  'DUPLICATE_BENEFIT',
  'MICROCREDIT_OVER_CAP',
  'LOW_TARGETING',
];

describe('fund supervision: the twelve FUNDS rules, their issues, runs and scope', () => {
  let hub: TestHub;
  let worker: Worker;
  let connection: ReturnType<typeof createRedis>;
  let expected52: Position[];
  let expected53: Position[];
  const silent = pino({ level: 'silent' });
  const sql = <T = Record<string, unknown>>(q: string, params: unknown[] = []) => hub.db.orm.em.fork().getConnection().execute<T[]>(q, params);

  async function data<T>(who: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const res = await hub.gql(who, query, variables);
    if (res.body.errors) throw new Error(JSON.stringify(res.body.errors));
    return Object.values(res.body.data as Record<string, unknown>)[0] as T;
  }

  /** Asks for a run and follows it until it ends (the worker runs it, on REF_DATE). */
  async function supervise(who: string, provinceCode?: string): Promise<RunState> {
    const run = await data<{ id: string }>(who, RUN, { p: provinceCode });
    return waitFor(
      `fund supervision run ${run.id} to end`,
      async () => {
        const state = await data<RunState>(who, RUN_STATE, { id: run.id });
        return !['QUEUED', 'RUNNING'].includes(state.status) && state;
      },
      30_000,
    );
  }

  const issues = async (who: string, filter: Record<string, unknown> = {}) =>
    (await data<{ edges: Array<{ node: Issue }> }>(who, ISSUES, { f: { kind: 'FUNDS', ...filter } })).edges.map((e) => e.node);
  const position = (i: Position): Position => ({ ruleCode: i.ruleCode, projectNo: i.projectNo, reference: i.reference, registryNo: i.registryNo });
  const key = (p: Position) => `${p.ruleCode} ${p.projectNo} ${p.reference} ${p.registryNo}`;
  const sorted = (ps: Position[]) => ps.map(position).sort((a, b) => key(a).localeCompare(key(b)));

  beforeAll(async () => {
    hub = await startTestHub();
    connection = createRedis(hub.redisUrl, 'worker');
    worker = new Worker(QueueName.FUND_SUPERVISION, createFundSupervisionProcessor(hub.db.orm, silent, { referenceDate: REF_DATE }), {
      connection,
      prefix: hub.queuePrefix,
    });
    expected52 = await plantFundCases(sql);
    expected53 = await plantProvince53(sql);
  });
  afterAll(async () => {
    await worker.close();
    await connection.quit();
    await hub.close();
  });

  it('has the twelve rules of domain.md, each with a severity, a field and a message', () => {
    expect(FUND_SUPERVISION_RULES.map((r) => r.code)).toEqual(DOMAIN_RULES);
    for (const r of FUND_SUPERVISION_RULES) {
      expect(Object.values(IssueSeverity)).toContain(r.severity);
      expect(r.field.length).toBeGreaterThan(0);
      expect(r.message.length).toBeGreaterThan(10);
    }
  });

  it('finds each planted fault and no clean twin, positioned by project and by transaction reference or registry number', async () => {
    const run = await supervise('LGOP');
    expect(run).toMatchObject({ status: 'COMPLETED', checks: 'FUNDS', rulesTotal: 12, failedRules: [] });
    expect(run.doneRules).toEqual(DOMAIN_RULES);
    const all = await issues('LGOP');
    for (const rule of DOMAIN_RULES) {
      const got = sorted(all.filter((i) => i.ruleCode === rule));
      expect({ rule, got }).toEqual({ rule, got: sorted([...expected52, ...expected53].filter((e) => e.ruleCode === rule)) });
    }
    expect(all).toHaveLength(expected52.length + expected53.length);
    expect(run).toMatchObject({ found: all.length, opened: all.length, fixed: 0 });
    expect(all.every((i) => i.kind === 'FUNDS' && i.status === 'OPEN')).toBe(true);
    // A second run finds the same and opens nothing new.
    expect(await supervise('LGOP')).toMatchObject({ status: 'COMPLETED', found: all.length, opened: 0, fixed: 0 });
  });

  it('says what it found: amounts exact to the fen, the FIFO idle money, the status on the benefit date', async () => {
    const detail = async (rule: string, n: number, registryNo?: string) =>
      (await issues('LGOP', { rule, projectNo: fundProjectNo('52', n), ...(registryNo ? { registryNo } : {}) })).map((i) => i.detail).sort();
    expect(await detail('ALLOCATED_OVER_BUDGET', 1)).toEqual(['CENTRAL_SPECIAL: allocated 1000.01 > budget 1000.00', 'COUNTY: allocated 0.01 > budget 0']);
    expect(await detail('DISBURSED_OVER_ALLOCATED', 3)).toEqual(['disbursed 1000.01 > allocated 1000.00']);
    expect(await detail('IDLE_FUNDS', 5)).toEqual(['idle 800.00 since 2016-05-01 (425 days)']);
    expect(await detail('BENEFICIARY_NOT_POOR', 17, H.EXITED_2013)).toEqual(['2016-08-01: EXITED']);
    expect(await detail('BENEFICIARY_NOT_POOR', 17, H.IDENTIFIED_2017)).toEqual(['2016-08-01: not yet identified']);
    expect(await detail('LOW_TARGETING', 23)).toEqual(['1 of 2 households registered poor']);
    const [outside] = await issues('LGOP', { rule: 'BENEFICIARY_OUTSIDE_AREA' });
    expect(outside).toMatchObject({ provinceCode: '52', countyCode: '520102', villageCode: '520103001001' });
  });

  it('closes an issue as FIXED when its cause goes away (a reversal, a payment, an announcement), on the next run', async () => {
    await plantTx(sql, '52', 7, { kind: 'REVERSAL', ref: 'R-1', amount: '100.00', date: '2016-04-01', reverses: { ref: 'D-1', kind: 'DISBURSEMENT' } });
    await plantTx(sql, '52', 7, { kind: 'DISBURSEMENT', ref: 'D-2', amount: '100.00', date: '2016-04-01' });
    await plantTx(sql, '52', 5, { kind: 'DISBURSEMENT', ref: 'D-2', amount: '100.00', date: '2016-07-01' });
    await plantTx(sql, '52', 3, { kind: 'ALLOCATION', ref: 'A-2', amount: '0.01', date: '2016-05-03' });
    await sql(`update projects set announcement_published_on = '2016-03-10', announcement_place = '村务公开栏' where project_no = ?`, [fundProjectNo('52', 9)]);
    await sql(`update benefits set date = '2015-09-01' where date = '2016-09-01' and project_id = (select id from projects where project_no = ?)`, [
      fundProjectNo('52', 20),
    ]);
    const run = await supervise('LGOP');
    expect(run).toMatchObject({ status: 'COMPLETED', fixed: 5, opened: 0 });
    const fixed = sorted(await issues('LGOP', { status: 'FIXED' }));
    expect(fixed).toEqual(
      sorted([
        { ruleCode: 'DISBURSED_BEFORE_APPROVAL', projectNo: fundProjectNo('52', 7), reference: 'D-1', registryNo: null },
        { ruleCode: 'IDLE_FUNDS', projectNo: fundProjectNo('52', 5), reference: 'A-1', registryNo: null },
        { ruleCode: 'DISBURSED_OVER_ALLOCATED', projectNo: fundProjectNo('52', 3), reference: null, registryNo: null },
        { ruleCode: 'NOT_ANNOUNCED', projectNo: fundProjectNo('52', 9), reference: null, registryNo: null },
        { ruleCode: 'DUPLICATE_BENEFIT', projectNo: fundProjectNo('52', 20), reference: null, registryNo: H.POOR },
      ]),
    );
    expect((await issues('LGOP')).filter((i) => fixed.some((f) => key(f) === key(position(i))))).toEqual([]);
  });

  it('opens a new issue for a new fault of a project whose old one was fixed', async () => {
    await plantBenefit(sql, 21, H.POOR, 'MICROCREDIT', '2018-03-01', '1.00');
    await plantBenefit(sql, 22, H.POOR, 'MICROCREDIT', '2018-03-01', '0.01');
    const run = await supervise('LGOP');
    expect(run).toMatchObject({ status: 'COMPLETED', opened: 1, fixed: 0 });
    expect(sorted(await issues('LGOP', { rule: 'MICROCREDIT_OVER_CAP' })).map((i) => i.projectNo)).toEqual([fundProjectNo('52', 21), fundProjectNo('52', 22)]);
  });

  it('isolates a failing rule: the others still run and the run ends PARTIAL naming it', async () => {
    const broken: FundRule = { ...FUND_SUPERVISION_RULES[0], code: 'BROKEN', sql: () => sqlTag`select 1 / 0 as project_id` };
    const before = await issues('LGOP');
    const runId = await createFundRun(hub.db.orm.em.fork(), 'LGOP', null);
    const runner = new FundSupervisionRunner(hub.db.orm, silent, { rules: [broken, ...FUND_SUPERVISION_RULES], referenceDate: REF_DATE });
    expect(await runner.run(runId)).toBe('PARTIAL');
    const state = await data<RunState>('LGOP', RUN_STATE, { id: runId });
    expect(state).toMatchObject({ status: 'PARTIAL', failedRules: ['BROKEN'], rulesTotal: 13, found: before.length, fixed: 0 });
    expect(state.doneRules).toEqual(DOMAIN_RULES);
    expect(sorted(await issues('LGOP'))).toEqual(sorted(before));
  });

  it('lets a province run and read its own projects only; a run of one province fixes nothing of another', async () => {
    const p53 = await issues('P53');
    expect(sorted(p53)).toEqual(sorted(expected53));
    expect((await issues('P52')).every((i) => i.provinceCode === '52')).toBe(true);
    expect(await issues('P53', { provinceCode: '52' })).toEqual([]);
    expect(await issues('P53', { projectNo: fundProjectNo('52', 1) })).toEqual([]);
    const run = await supervise('P53');
    expect(run).toMatchObject({ status: 'COMPLETED', found: expected53.length, fixed: 0 });
    const own = await data<{ provinceCode: string }>('P53', RUN, {});
    expect(own.provinceCode).toBe('53');
    const other = await hub.gql('P53', RUN, { p: '52' });
    expect(other.body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN' });
    const ministry = await hub.gql('MOE', RUN, {});
    expect(ministry.body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN' });
    expect(await issues('MOE')).toEqual([]);
    // Province 52's issues are still open after province 53's run.
    expect((await issues('LGOP', { provinceCode: '52' })).length).toBeGreaterThan(0);
    const summary = await data<Array<{ provinceCode: string; rule: string; kind: string; open: number }>>(
      'P53',
      `{ dataQualitySummary { provinceCode rule kind open } }`,
    );
    expect(summary).toEqual([{ provinceCode: '53', rule: 'NOT_ANNOUNCED', kind: 'FUNDS', open: 1 }]);
  });

  it('lists the FUNDS rules among dataQualityRules and FUNDS issues among all issues', async () => {
    const rules = await data<Array<{ code: string; kind: string }>>('LGOP', `{ dataQualityRules { code kind } }`);
    expect(rules.filter((r) => r.kind === 'FUNDS').map((r) => r.code)).toEqual(DOMAIN_RULES);
    const res = await hub.gql<{ dataQualityIssues: { edges: Array<{ node: { kind: string } }> } }>(
      'LGOP',
      `{ dataQualityIssues(first: 500) { edges { node { kind } } } }`,
    );
    expect(res.body.data!.dataQualityIssues.edges.every((e) => e.node.kind === 'FUNDS')).toBe(true);
    expect(res.body.data!.dataQualityIssues.edges).toHaveLength((await issues('LGOP')).length);
  });
});
