import { type GraphQLField, type GraphQLNamedType, type GraphQLSchema, getNamedType, isEnumType, isInputObjectType, isObjectType, isScalarType } from 'graphql';
import { FUNDS_FAULTS } from '../src/demo/project-faults';
import type { SeedProjectsResult } from '../src/demo/project-seed.service';
import { buildHubSchema } from '../src/graphql/schema';
import type { BenchDatabase } from './bench-database';
import { type BenchHub, countStatements } from './bench-hub';
import { fmt, load, median, timeRuns } from './bench-stats';
import { startWorker } from './reconcile-batch';

/**
 * (c)-(e) of `npm run bench -- funds`, written against the contract's names
 * (runFundSupervision, fundStats, projects { funds beneficiaries }), which other
 * branches build: each section runs once its field is in the schema, and says
 * it was skipped otherwise. Selections of types the contract leaves open (the
 * stats row, the beneficiaries) are read from the schema itself.
 */
export async function runFundsMergedBench(db: BenchDatabase, hub: BenchHub, seeded: SeedProjectsResult): Promise<string[]> {
  const schema = await buildHubSchema();
  const mutations = schema.getMutationType()?.getFields() ?? {};
  const queries = schema.getQueryType()?.getFields() ?? {};
  const skipped = (what: string, field: string) => `funds ${what}: skipped, ${field} is not in the schema yet`;
  return [
    ...(mutations.runFundSupervision ? await supervisionSection(db, hub, seeded) : [skipped('(c)', 'runFundSupervision')]),
    ...(queries.fundStats ? await statsSection(db, hub, queries.fundStats) : [skipped('(d)', 'fundStats')]),
    ...(queries.projects ? await pageSection(db, hub, schema) : [skipped('(e)', 'projects')]),
  ];
}

const RUNS = 9;
const SUPERVISION_TARGET_S = 60;
const STATS_TARGET_MS = 500;
const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
const int = (n: number) => Math.round(n).toLocaleString('en-US');

async function gql<T>(hub: BenchHub, token: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch(`${hub.url}/graphql`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const json = (await res.json()) as { data?: T; errors?: unknown };
  if (json.errors || !json.data) throw new Error(`bench query failed: ${JSON.stringify(json).slice(0, 800)}`);
  return json.data;
}

/** (c) A full supervision run by LGOP through the hub and the real worker process, each rule's count beside what was planted. */
async function supervisionSection(db: BenchDatabase, hub: BenchHub, seeded: SeedProjectsResult): Promise<string[]> {
  const before = load();
  const worker = startWorker(db.workerUrl, hub.redisUrl);
  try {
    await worker.ready;
    const lgop = await hub.token('LGOP');
    const t0 = performance.now();
    const { runFundSupervision: started } = await gql<{ runFundSupervision: { id: string } }>(hub, lgop, 'mutation { runFundSupervision { id status } }');
    type Run = { status: string; doneRules: string[]; failedRules: string[]; found: number };
    let run: Run;
    do {
      await new Promise((r) => setTimeout(r, 250));
      run = (
        await gql<{ dataQualityRun: Run }>(hub, lgop, 'query($id: ID!) { dataQualityRun(id: $id) { status doneRules failedRules found } }', { id: started.id })
      ).dataQualityRun;
    } while (!['COMPLETED', 'PARTIAL', 'FAILED'].includes(run.status));
    const seconds = (performance.now() - t0) / 1000;
    const summary = (
      await gql<{ dataQualitySummary: Array<{ rule: string; kind: string; open: number }> }>(hub, lgop, '{ dataQualitySummary { rule kind open } }')
    ).dataQualitySummary;
    const found = (rule: string) => summary.filter((s) => s.rule === rule).reduce((n, s) => n + s.open, 0);
    const planted = (rule: string) => seeded.planted.filter((p) => p.rule === rule).length;
    const conn = db.orm.em.getConnection();
    const scan = median(
      await timeRuns(3, 1, async () => {
        await conn.execute('select count(*) from benefits b join households h on h.id = b.household_id');
        await conn.execute('select project_id, kind, sum(amount) from fund_transactions group by 1, 2');
      }),
    );
    return [
      `funds (c): runFundSupervision (${FUNDS_FAULTS.length} rules, ${run.status}, failed: ${run.failedRules.join(' ') || 'none'}): ${fmt(seconds)} s, ${int(run.found)} issues ` +
        `| baseline one benefits-households join and one ledger group-by per rule pair: ${fmt((scan * 6) / 1000)} s ` +
        `| target < ${SUPERVISION_TARGET_S} s: ${verdict(seconds < SUPERVISION_TARGET_S && run.status === 'COMPLETED')} | ${before}, after: ${load()}`,
      foundVsPlanted(found, planted),
    ];
  } finally {
    await worker.stop();
  }
}

/** Each rule's open issues beside the faults the generator planted for it, MISMATCH where they differ. */
function foundVsPlanted(found: (rule: string) => number, planted: (rule: string) => number): string {
  const mismatches = FUNDS_FAULTS.filter((r) => found(r) !== planted(r));
  const each = FUNDS_FAULTS.map((r) => `${r} found ${int(found(r))} planted ${int(planted(r))}${found(r) === planted(r) ? '' : ' MISMATCH'}`);
  return (
    `funds (c): open issues by rule, found vs planted: ${each.join(', ')} ` +
    `| found == planted for every rule: ${verdict(mismatches.length === 0)}${mismatches.length ? ` (${mismatches.length} MISMATCH)` : ''}`
  );
}

/** Up to `max` scalar or enum fields without arguments of an object type: a selection for a type the contract leaves open. */
function leaves(type: GraphQLNamedType, max = 20): string {
  if (!isObjectType(type)) return '';
  const fields = Object.values(type.getFields()).filter((f) => !f.args.length && (isScalarType(getNamedType(f.type)) || isEnumType(getNamedType(f.type))));
  return fields
    .slice(0, max)
    .map((f) => f.name)
    .join(' ');
}

/** (d) fundStats(PROVINCE, TYPE) and (COUNTY, MONTH) for province 52, each beside a plain group by over the same tables. */
async function statsSection(db: BenchDatabase, hub: BenchHub, field: GraphQLField<unknown, unknown>): Promise<string[]> {
  const before = load();
  const filterArg = field.args.find((a) => a.name === 'filter');
  const filterType = filterArg && getNamedType(filterArg.type);
  const byProvince = filterType && isInputObjectType(filterType) && filterType.getFields().provinceCode;
  const filterDecl = filterType ? `, $filter: ${filterType.name}` : '';
  const query = `query($groupBy: [FundDimension!]!${filterDecl}) { fundStats(groupBy: $groupBy${filterType ? ', filter: $filter' : ''}) { ${leaves(getNamedType(field.type))} } }`;
  const p52 = await hub.token('P52');
  const stats = (groupBy: string[]) => () => gql(hub, p52, query, { groupBy, ...(byProvince ? { filter: { provinceCode: '52' } } : {}) });
  const conn = db.orm.em.getConnection();
  const plainType = () =>
    conn.execute(`select p.type, sum(bl.amount), count(distinct p.id) from projects p join project_budget_lines bl on bl.project_id = p.id
      where p.province_code = '52' group by 1`);
  const plainMonth = () =>
    conn.execute(`select p.county_code, date_trunc('month', t.date), sum(t.amount) filter (where t.kind = 'ALLOCATION'), sum(t.amount) filter (where t.kind = 'DISBURSEMENT')
      from fund_transactions t join projects p on p.id = t.project_id where p.province_code = '52' group by 1, 2`);
  const rows: string[] = [];
  for (const [dims, plain] of [
    [['PROVINCE', 'TYPE'], plainType],
    [['COUNTY', 'MONTH'], plainMonth],
  ] as const) {
    const api = median(await timeRuns(RUNS, 2, stats([...dims])));
    const base = median(await timeRuns(RUNS, 2, plain));
    rows.push(
      `funds (d): fundStats(${dims.join(', ')}) for province 52 through the hub: median ${fmt(api)} ms over ${RUNS} runs ` +
        `| baseline plain group by: ${fmt(base)} ms | target < ${STATS_TARGET_MS} ms: ${verdict(api < STATS_TARGET_MS)}`,
    );
  }
  rows[rows.length - 1] += ` | ${before}, after: ${load()}`;
  return rows;
}

/** (e) A page of 50 projects with funds and 20 beneficiaries each: statements at 5 and 50 projects, median beside the registry's 50-household page. */
async function pageSection(db: BenchDatabase, hub: BenchHub, schema: GraphQLSchema): Promise<string[]> {
  const before = load();
  const project = schema.getType('Project');
  const funds = project && isObjectType(project) ? project.getFields().funds : undefined;
  const beneficiaries = project && isObjectType(project) ? project.getFields().beneficiaries : undefined;
  if (!funds || !beneficiaries) return ['funds (e): skipped, Project.funds or Project.beneficiaries is not in the schema yet'];
  const connection = getNamedType(beneficiaries.type);
  const node = isObjectType(connection) && connection.getFields().edges ? getNamedType(connection.getFields().edges.type) : undefined;
  const nodeType = node && isObjectType(node) ? getNamedType(node.getFields().node.type) : connection;
  const inner = node ? `edges { node { ${leaves(nodeType, 4)} } }` : leaves(connection, 4);
  const page = `query($first: Int!) { projects(first: $first) { edges { node { projectNo status funds { ${leaves(getNamedType(funds.type))} }
    beneficiaries(first: 20) { ${inner} } } } pageInfo { endCursor hasNextPage } } }`;
  const registry = `query($first: Int!) { households(first: $first) { edges { node { registryNo status members { idNumber name relationship } } } } }`;
  const lgop = await hub.token('LGOP');
  const run = (query: string, first: number) => () => gql(hub, lgop, query, { first });
  await run(page, 5)();
  // The relay polls the same database every 100 ms: paused, so only the page's statements are counted.
  const [s5, s50] = await hub.quiet(async () => [await countStatements(db.apiOrm, run(page, 5)), await countStatements(db.apiOrm, run(page, 50))]);
  const api = median(await timeRuns(RUNS * 3, 3, run(page, 50)));
  const households = median(await timeRuns(RUNS * 3, 3, run(registry, 50)));
  return [
    `funds (e): 50-project page with funds and 20 beneficiaries each: ${s50} SQL statements (5-project page: ${s5}; constant: ${verdict(s5 === s50)}), ` +
      `median ${fmt(api)} ms over ${RUNS * 3} runs | beside the registry's 50-household page with members: median ${fmt(households)} ms | ${before}, after: ${load()}`,
  ];
}
