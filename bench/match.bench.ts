import pino from 'pino';
import { loadBenchConfig } from '../src/config/config';
import { runSql, sql } from '../src/db/sql';
import { ReconciliationRunner } from '../src/modules/reconciliation/reconciliation.runner';
import { insertRecords } from '../src/modules/sector-batches/sector-records.repository';
import { Sector } from '../src/modules/tenants/tenant.enums';
import { type BenchDatabase, openBenchDatabase } from './bench-database';
import { fmt, load } from './bench-stats';
import { bestCandidateScores, baselineOutcomes } from './match-baseline';
import { CaseKind, type EvalSet, type KindQuality, type Outcome, evaluate, insertEvalMembers, makeEvalSet, outcomeRows } from './match-eval';

/** Records of each case kind: 200 of 11 kinds are 2,200 records against 2,400 members, reconciled in seconds. */
export const MATCH_PER_KIND = 200;

/** The targets. */
const TARGET = { probable: 0.95, suggestionRecall: 0.95 };

type PR = { precision: number | null; recall: number | null };

/**
 * Matching quality on the labelled evaluation set (bench/match-eval.ts):
 * per case kind, precision and recall of PROBABLE, of suggestions and of
 * NAME_MISMATCH as the hub's worker reconciles the batch, beside the rules
 * before issue 16 over the same tables (match-baseline.ts), the best score
 * any different-sound decoy reached, and the targets.
 */
export async function runMatchBench(perKind = MATCH_PER_KIND): Promise<string[]> {
  const threshold = loadBenchConfig().matchProbableThreshold;
  const db = await openBenchDatabase('hub_bench_match');
  try {
    const set = makeEvalSet(perKind);
    await insertEvalMembers(db.orm, set.members);
    const t0 = performance.now();
    const batchId = await reconcileEvalBatch(db, set, threshold);
    const seconds = (performance.now() - t0) / 1000;
    const [hubRows, baseRows] = [await outcomeRows(db.orm, batchId), await baselineOutcomes(db.orm, batchId)];
    const [hub, base] = [evaluate(set.records, hubRows), evaluate(set.records, baseRows)];
    const best = await bestCandidateScores(db.orm, batchId);
    const decoyRows = set.records.flatMap((r, i) => (r.kind === CaseKind.DECOY_OTHER_SOUND ? [i + 1] : []));
    const maxDecoy = Math.max(0, ...decoyRows.map((row) => best.get(row) ?? 0));
    const decoysProbable = (rows: Outcome[]) => rows.filter((o) => o.outcome === 'PROBABLE' && decoyRows.includes(o.rowNo)).length;
    const [hubDecoys, baseDecoys] = [decoysProbable(hubRows), decoysProbable(baseRows)];
    return [
      `match: ${set.records.length.toLocaleString('en-US')} records (${perKind} of each of ${hub.length} kinds) against ${set.members.length.toLocaleString('en-US')} ` +
        `members, reconciled by the worker's runner in ${fmt(seconds)} s (${load()}); threshold ${threshold} (MATCH_PROBABLE_THRESHOLD)`,
      'match: P/R = precision/recall, "-" where nothing was given (P) or nothing was wanted (R); new = the hub, baseline = the rules before issue 16',
      ...table(hub, base),
      `match: different-sound decoys: highest score of any candidate ${fmt(maxDecoy, 4)} (threshold ${threshold}; the score before the threshold), ` +
        `PROBABLE ${hubDecoys} of ${decoyRows.length} | baseline (no score): PROBABLE ${baseDecoys} of ${decoyRows.length}`,
      verdicts('new', hub, maxDecoy < threshold && hubDecoys === 0),
      verdicts('baseline', base, baseDecoys === 0),
    ];
  } finally {
    await db.close();
  }
}

/** The set's records as one HEALTH batch of NHFPC, reconciled here by the worker's runner (no queue). */
async function reconcileEvalBatch(db: BenchDatabase, set: EvalSet, threshold: number): Promise<string> {
  const [{ id }] = await runSql<{ id: string }>(
    db.orm.em.fork(),
    sql`insert into sector_batches (tenant_code, sector, period, status, total_records, queued_at)
        values ('NHFPC', ${Sector.HEALTH}, '2020', 'QUEUED', ${set.records.length}::int, now()) returning id`,
  );
  await db.orm.em.fork().transactional((tem) =>
    insertRecords(
      tem,
      id,
      Sector.HEALTH,
      set.records.map((r) => r.record),
    ),
  );
  const end = await new ReconciliationRunner(db.orm, pino({ level: 'warn' })).run(id, { probableThreshold: threshold });
  if (end !== 'completed') throw new Error(`match bench batch ended ${end}`);
  return id;
}

const num = (x: number | null) => (x === null ? '-' : x.toFixed(2));
const pr = (q: PR) => `${num(q.precision)}/${num(q.recall)}`;
function table(hub: KindQuality[], base: KindQuality[]): string[] {
  const head = ['case kind', 'records', 'PROBABLE new', 'baseline', 'suggestion new', 'baseline', 'NAME_MISMATCH new', 'baseline'];
  const rows = hub.map((q, i) => {
    const b = base[i];
    return [q.kind, String(q.records), pr(q.probable), pr(b.probable), pr(q.suggestion), pr(b.suggestion), pr(q.nameMismatch), pr(b.nameMismatch)];
  });
  const width = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) => `match: | ${cells.map((x, c) => (c === 0 ? x.padEnd(width[c]) : x.padStart(width[c]))).join(' | ')} |`;
  return [line(head), line(width.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

const atLeast = (x: number | null, t: number) => x === null || x >= t;

/** The targets on one side's qualities: every kind, "-" (nothing to divide) never failing by itself. */
function verdicts(side: string, qs: KindQuality[], decoysBelow: boolean): string {
  const probable = qs.every((q) => atLeast(q.probable.precision, TARGET.probable) && atLeast(q.probable.recall, TARGET.probable));
  const suggestion = qs.every((q) => atLeast(q.suggestion.precision, 1) && atLeast(q.suggestion.recall, TARGET.suggestionRecall));
  const v = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
  return (
    `match: targets, ${side}: PROBABLE P and R >= ${TARGET.probable} on every kind ${v(probable)} | no different-sound decoy at or above the threshold ${v(decoysBelow)} | ` +
    `suggestion R >= ${TARGET.suggestionRecall} with P 1.00 on every kind ${v(suggestion)} => ${v(probable && decoysBelow && suggestion)}`
  );
}
