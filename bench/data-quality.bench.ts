import pino from 'pino';
import { callerFor } from '../src/auth/caller';
import { forkForCaller } from '../src/db/request-em';
import { createRun } from '../src/modules/data-quality/data-quality.jobs';
import { RunMode } from '../src/modules/data-quality/data-quality.enums';
import { DATA_QUALITY_RULES } from '../src/modules/data-quality/data-quality.rules';
import { DataQualityRunner } from '../src/modules/data-quality/data-quality.runner';
import { StatDimension } from '../src/modules/registry-stats/registry-stats.enums';
import { RegistryStatsService } from '../src/modules/registry-stats/registry-stats.service';
import { seedRegistry } from '../src/demo/registry-seed.service';
import { TenantKind } from '../src/modules/tenants/tenant.enums';
import { openBenchDatabase } from './bench-database';
import { fmt, median, timeRuns } from './bench-stats';

/** About 1 million members at the seeder's ~2.9 members a household. */
const HOUSEHOLDS = 345_000;
const CHECK_TARGET_S = 60;
const STATS_TARGET_MS = 1_000;
const RUNS = 9;
const AS_OF = '2016-12-31';
/** The seeder's as-of day: its ages (heads under 16, school-age children) refer to it. */
const SEED_AS_OF = '2020-12-31';

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');

/**
 * The full data-quality check over a registry of about a million members (the
 * seeder plants a few % of faults), beside a baseline of one plain join scan
 * per rule; then the median of registryStats by province and status, without
 * and with asOf, each beside a plain count(*) group by over the same tables.
 */
export async function runDataQualityBench(): Promise<string[]> {
  const db = await openBenchDatabase('hub_bench_dq');
  try {
    const seed = await seedRegistry(db.orm, { households: HOUSEHOLDS, seed: 6 });
    // What the nightly maintenance ANALYZE does for the registry tables, for the facts the trigger wrote.
    await db.orm.em.fork().getConnection().execute('analyze household_status_facts');
    const conn = db.orm.em.fork().getConnection();
    const lines = [
      `dq: registry of ${int(seed.members)} members in ${int(seed.households)} households, ${int(seed.events)} events (seeded in ${fmt(seed.ms / 1000)} s)`,
    ];
    lines.push(...(await timeCheck(db.orm, conn)));
    lines.push(...(await timeStats(db.orm, conn)));
    return lines;
  } finally {
    await db.close();
  }
}

type Conn = ReturnType<ReturnType<Awaited<ReturnType<typeof openBenchDatabase>>['orm']['em']['fork']>['getConnection']>;
type Orm = Awaited<ReturnType<typeof openBenchDatabase>>['orm'];

async function timeCheck(orm: Orm, conn: Conn): Promise<string[]> {
  const runId = await createRun(orm.em.fork(), 'LGOP', null, RunMode.FULL);
  const runner = new DataQualityRunner(orm, pino({ level: 'warn' }), { rules: DATA_QUALITY_RULES, referenceDate: SEED_AS_OF });
  const t0 = performance.now();
  const end = await runner.run(runId);
  const seconds = (performance.now() - t0) / 1000;
  const [run] = await conn.execute(`select found, opened, cardinality(failed_rules) as failed from data_quality_runs where id = ?`, [runId]);
  const scan = median(
    await timeRuns(3, 1, () =>
      conn.execute(`select count(*) from members m join households h on h.id = m.household_id where m.status = 'ACTIVE' and h.status <> 'REMOVED'`),
    ),
  );
  const perRule = await conn.execute<Array<{ rule: string; n: number }>>(
    `select rule_code as rule, count(*)::int as n from data_quality_issues group by 1 order by 1`,
  );
  return [
    `dq: full check (${DATA_QUALITY_RULES.length} rules, ${end}): ${fmt(seconds)} s, ${int(run.found)} issues opened, ${run.failed} rules failed ` +
      `| baseline one members-households join scan per rule: ${fmt((scan * DATA_QUALITY_RULES.length) / 1000)} s (${fmt(scan)} ms each) ` +
      `| target < ${CHECK_TARGET_S} s: ${verdict(seconds < CHECK_TARGET_S && end === 'COMPLETED')}`,
    `dq: issues by rule: ${perRule.map((r) => `${r.rule} ${int(r.n)}`).join(', ')}`,
  ];
}

async function timeStats(orm: Orm, conn: Conn): Promise<string[]> {
  const lgop = callerFor({ code: 'LGOP', kind: TenantKind.ADMIN, provinceCode: null, sector: null });
  const stats = (asOf?: Date) => () =>
    new RegistryStatsService(forkForCaller(orm, lgop), lgop).stats([StatDimension.PROVINCE, StatDimension.STATUS], undefined, asOf);
  const now = median(await timeRuns(RUNS, 2, stats()));
  const past = median(await timeRuns(RUNS, 2, stats(new Date(`${AS_OF}T00:00:00Z`))));
  const plainNow = median(await timeRuns(RUNS, 2, () => conn.execute(`select province_code, status, count(*) from households group by 1, 2`)));
  const plainPast = median(
    await timeRuns(RUNS, 2, () =>
      conn.execute(
        `select province_code, status, count(*) from household_status_facts where effective_on <= '${AS_OF}' and (valid_to is null or valid_to > '${AS_OF}') group by 1, 2`,
      ),
    ),
  );
  return [
    `dq: registryStats(PROVINCE, STATUS) households and people: median ${fmt(now)} ms over ${RUNS} runs ` +
      `| baseline count(*) group by over households: ${fmt(plainNow)} ms | target < ${STATS_TARGET_MS} ms: ${verdict(now < STATS_TARGET_MS)}`,
    `dq: registryStats(PROVINCE, STATUS, asOf ${AS_OF}) households and people: median ${fmt(past)} ms over ${RUNS} runs ` +
      `| baseline count(*) group by over the status facts: ${fmt(plainPast)} ms | target < ${STATS_TARGET_MS} ms: ${verdict(past < STATS_TARGET_MS)}`,
  ];
}
