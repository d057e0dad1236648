import { request } from 'node:http';
import { FUNDS_FAULTS } from '../src/demo/project-faults';
import { type SeedProjectsResult, seedProjects } from '../src/demo/project-seed.service';
import { seedRegistry } from '../src/demo/registry-seed.service';
import { type BenchDatabase, openBenchDatabase } from './bench-database';
import { type BenchHub, startBenchHub } from './bench-hub';
import { fmt, load, median, timeRuns } from './bench-stats';
import { runFundsMergedBench } from './funds-merged.bench';

/** About 1 million members at the seeder's ~2.9 members a household. */
const HOUSEHOLDS = 345_000;
const PROJECTS = 200_000;
const TRANSACTIONS_PER_PROJECT = 10;
const BENEFITS_PER_PROJECT = 15;
const GENERATOR_TARGET_S = 120;
const CALL_SIZE = 5_000;
const CALLS = 12;
const CALL_TARGET_MS = 1_000;
const CALL_TARGET_RATIO = 3;

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');

/**
 * `npm run bench -- funds`: (a) the project generator at national scale over a
 * 1M-member registry beside plain INSERT ... SELECTs of the same row counts
 * into unindexed tables; (b) recordFundTransactions of 5,000 transactions
 * through the real hub beside a plain SQL insert of the same rows; then
 * (c)-(e), supervision, statistics and the project page, once the schema has them.
 */
export async function runFundsBench(): Promise<string[]> {
  const db = await openBenchDatabase('hub_bench_funds');
  try {
    const registry = await seedRegistry(db.orm, { households: HOUSEHOLDS, seed: 6 });
    const lines: string[] = [];
    // Each figure is logged as soon as it is taken, so a later section's failure does not lose it.
    const add = (more: string[]) => lines.push(...more.map((l) => (console.error(l), l)));
    add([`funds: registry of ${int(registry.members)} members in ${int(registry.households)} households (seeded in ${fmt(registry.ms / 1000)} s)`]);
    const { lines: generated, seeded } = await generatorSection(db);
    add(generated);
    const hub = await startBenchHub(db, { dataQuality: true });
    try {
      add(await ledgerSection(db, hub));
      add(await runFundsMergedBench(db, hub, seeded));
    } finally {
      await hub.close();
    }
    return lines;
  } finally {
    await db.close();
  }
}

/** (a) The generator, then the floor: the same row counts by plain INSERT ... SELECT into tables without index, constraint or key. */
async function generatorSection(db: BenchDatabase): Promise<{ lines: string[]; seeded: SeedProjectsResult }> {
  const before = load();
  const seeded = await seedProjects(db.orm, {
    projects: PROJECTS,
    transactionsPerProject: TRANSACTIONS_PER_PROJECT,
    benefitsPerProject: BENEFITS_PER_PROJECT,
    seed: 2016,
  });
  const floor = await plainInsertFloor(db, seeded);
  const seconds = seeded.ms / 1000;
  const byRule = FUNDS_FAULTS.map((rule) => `${rule} ${seeded.planted.filter((p) => p.rule === rule).length}`).join(', ');
  return {
    seeded,
    lines: [
      `funds (a): generator ${int(seeded.projects)} projects, ${int(seeded.budgetLines)} budget lines, ${int(seeded.events)} events, ` +
        `${int(seeded.transactions)} fund transactions (${int(seeded.reversals)} reversals), ${int(seeded.benefits)} benefits in ${fmt(seconds)} s ` +
        `(2 connections, every index, constraint and policy on, each batch's foreign keys checked by one anti-join each and its ledger sums built once, VACUUM ANALYZE included) ` +
        `| baseline plain INSERT ... SELECT of the same row counts into unindexed tables: ${fmt(floor / 1000)} s ` +
        `| target < ${GENERATOR_TARGET_S} s: ${verdict(seconds < GENERATOR_TARGET_S)} | ${before}, after: ${load()}`,
      `funds (a): planted faults by rule (positions a supervision run should report): ${byRule}`,
    ],
  };
}

async function plainInsertFloor(db: BenchDatabase, s: SeedProjectsResult): Promise<number> {
  const conn = db.orm.em.getConnection();
  await conn.execute(`create table floor_projects (like projects including defaults); create table floor_lines (like project_budget_lines);
    create table floor_events (like project_events including defaults); create table floor_transactions (like fund_transactions including defaults);
    create table floor_benefits (like benefits including defaults)`);
  const t0 = performance.now();
  await conn.execute(`insert into floor_projects (id, project_no, name, province_code, county_code, type, status, targets_households)
    select g, '520102D' || g, '村组道路硬化', '52', '520102', 'ROAD', 'ACCEPTED', true from generate_series(1, ${s.projects}) g`);
  await conn.execute(`insert into floor_lines (project_id, province_code, source, amount)
    select g % ${s.projects} + 1, '52', 'COUNTY', 1000.50 from generate_series(1, ${s.budgetLines}) g`);
  await conn.execute(`insert into floor_events (id, project_id, province_code, type, tenant_code, version)
    select g, g, '52', 'CREATED', 'P52', 1 from generate_series(1, ${s.events}) g`);
  await conn.execute(`insert into floor_transactions (id, project_id, province_code, kind, source, amount, date, reference, tenant_code)
    select g, g % ${s.projects} + 1, '52', 'ALLOCATION', 'COUNTY', 1000.50, date '2018-01-01' + g % 1000, 'A' || g, 'P52'
    from generate_series(1, ${s.transactions}) g`);
  await conn.execute(`insert into floor_benefits (id, project_id, province_code, household_id, type, amount, date, tenant_code)
    select g, g % ${s.projects} + 1, '52', g % ${HOUSEHOLDS} + 1, 'SUBSIDY', 300.00, date '2018-01-01' + g % 1000, 'P52'
    from generate_series(1, ${s.benefits}) g`);
  const ms = performance.now() - t0;
  await conn.execute('drop table floor_projects, floor_lines, floor_events, floor_transactions, floor_benefits');
  return ms;
}

type Tx = { projectNo: string; kind: string; source: string; amount: string; date: string; reference: string; reverses?: string };

/** 5,000 transactions over 500 projects of province 52: per project 5 allocations, 4 disbursements and a reversal of the first allocation. */
function ledgerCall(projectNos: string[], call: number): Tx[] {
  const out: Tx[] = [];
  for (const [p, projectNo] of projectNos.entries()) {
    const amount = `${1000 + ((p * 37 + call) % 9000)}.${String((p + call) % 100).padStart(2, '0')}`;
    const at = (i: number) => ({ projectNo, source: 'CENTRAL_SPECIAL', amount, date: `2019-0${1 + (i % 9)}-1${i % 10}` });
    for (let i = 0; i < 5; i++) out.push({ ...at(i), kind: 'ALLOCATION', reference: `B${call}-A${i}` });
    for (let i = 0; i < 4; i++) out.push({ ...at(i), kind: 'DISBURSEMENT', reference: `B${call}-D${i}` });
    out.push({ ...at(8), kind: 'REVERSAL', reference: `B${call}-R0`, reverses: `B${call}-A0` });
  }
  return out;
}

const RECORD = `mutation($key: String!, $transactions: [FundTransactionInput!]!) {
  recordFundTransactions(idempotencyKey: $key, transactions: $transactions) { recorded rejected } }`;

/** (b) recordFundTransactions of 5,000 rows through the hub, alternating with the plain insert of the same rows, each call new rows. */
async function ledgerSection(db: BenchDatabase, hub: BenchHub): Promise<string[]> {
  const before = load();
  const projectNos = await ledgerProjects(db, CALL_SIZE / 10);
  const auth = `Bearer ${await hub.token('P52')}`;
  let call = 0;
  const viaHub = async () => {
    const n = call++;
    const body = JSON.stringify({ query: RECORD, variables: { key: `bench-ledger-${n}`, transactions: ledgerCall(projectNos, n) } });
    const json = JSON.parse(await postFresh(`${hub.url}/graphql`, auth, body)) as { data?: { recordFundTransactions: { recorded: number } }; errors?: unknown };
    if (json.data?.recordFundTransactions.recorded !== CALL_SIZE) throw new Error(`recordFundTransactions failed: ${JSON.stringify(json).slice(0, 500)}`);
  };
  const viaSql = () => plainLedgerInsert(db, ledgerCall(projectNos, 1_000 + call++));
  const hubTimes: number[] = [];
  const sqlTimes: number[] = [];
  await viaHub();
  await viaSql();
  for (let i = 0; i < CALLS; i++) {
    hubTimes.push(...(await timeRuns(1, 0, viaHub)));
    sqlTimes.push(...(await timeRuns(1, 0, viaSql)));
  }
  const p99 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.99) - 1)];
  const [hubP99, sqlP99] = [p99(hubTimes), p99(sqlTimes)];
  const ratio = hubP99 / sqlP99;
  return [
    `funds (b): recordFundTransactions of ${int(CALL_SIZE)} transactions (4,500 allocations and disbursements, 500 reversals) through the hub over HTTP: ` +
      `p99 ${fmt(hubP99)} ms, median ${fmt(median(hubTimes))} ms over ${CALLS} calls ` +
      `| baseline plain SQL insert of the same rows (one statement, reversals joined to their targets): p99 ${fmt(sqlP99)} ms, median ${fmt(median(sqlTimes))} ms ` +
      `| ratio ${fmt(ratio, 2)}x | target p99 < ${CALL_TARGET_MS} ms and <= ${CALL_TARGET_RATIO}x: ${verdict(hubP99 < CALL_TARGET_MS && ratio <= CALL_TARGET_RATIO)} ` +
      `| ${before}, after: ${load()}`,
  ];
}

/**
 * The projects (b) writes onto: its own, clean under every FUNDS rule whatever (b) adds (in progress since 2018,
 * announced before the start, ending after the run's day, no household targeting, a budget line above all the
 * calls' allocations). On the generator's projects, (b)'s 2019 disbursements on PLANNED and APPROVED projects and
 * its allocations over small budgets were counted by supervision (c) as faults nobody planted.
 */
async function ledgerProjects(db: BenchDatabase, n: number): Promise<string[]> {
  const conn = db.orm.em.getConnection();
  const rows = await conn.execute<Array<{ project_no: string }>>(
    `with c as (select min(county_code) as county from households where province_code = '52'),
     p as (insert into projects (project_no, name, province_code, county_code, type, status, approved_on, planned_start, planned_end,
         targets_households, announcement_published_on, announcement_place)
       select c.county || 'BENCH-B' || g, '台账压测项目 ' || g, '52', c.county, 'ROAD', 'IN_PROGRESS', date '2018-06-01', date '2018-07-01', date '2099-12-31',
         false, date '2018-06-15', '村务公开栏'
       from c, generate_series(1, ${n}) g returning id, province_code, project_no),
     l as (insert into project_budget_lines (project_id, province_code, source, amount) select id, province_code, 'CENTRAL_SPECIAL', 9000000.00 from p),
     e as (insert into project_events (project_id, province_code, type, tenant_code, version) select id, province_code, 'CREATED', 'P52', 1 from p)
     select project_no from p order by project_no`,
  );
  return rows.map((r) => r.project_no);
}

/** The same rows straight into the ledger: allocations and disbursements, then the reversals with their targets' ids, in one statement. */
async function plainLedgerInsert(db: BenchDatabase, rows: Tx[]): Promise<void> {
  await db.orm.em.getConnection().execute(
    `with r as (select * from jsonb_to_recordset(?::jsonb) as r("projectNo" text, kind text, source text, amount numeric(14,2), date date, reference text, reverses text)),
     ins as (insert into fund_transactions (project_id, province_code, kind, source, amount, date, reference, tenant_code)
       select p.id, p.province_code, r.kind, r.source, r.amount, r.date, r.reference, 'P52' from r join projects p on p.project_no = r."projectNo"
       where r.kind <> 'REVERSAL' returning id, project_id, kind, reference)
     insert into fund_transactions (project_id, province_code, kind, source, amount, date, reference, reverses_id, reversed_kind, tenant_code)
     select p.id, p.province_code, r.kind, r.source, r.amount, r.date, r.reference, t.id, t.kind, 'P52'
     from r join projects p on p.project_no = r."projectNo" join ins t on t.project_id = p.id and t.reference = r.reverses where r.kind = 'REVERSAL'`,
    [JSON.stringify(rows)],
  );
}

/**
 * A POST on a connection of its own: between two calls the baseline runs for seconds, longer than the
 * server keeps an idle connection, and a reused one can be closed under the request (ECONNRESET).
 */
function postFresh(url: string, authorization: string, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent: false, headers: { authorization, 'content-type': 'application/json', connection: 'close' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve(text));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}
