import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { BenchDatabase } from './bench-database';
import type { BenchHub } from './bench-hub';
import { fmt } from './bench-stats';
import {
  type BenchWorker,
  attemptLines,
  asCopyText,
  int,
  recordLines,
  reconcileThroughHub,
  sampleMembers,
  sampleSize,
  startWorker,
  topUpRegistry,
} from './reconcile-batch';

const RECORDS = 1_000_000;
const REGISTRY_MEMBERS = 2_000_000;
/** Earlier batches of RECORDS each that the hub holds before the measured one. */
const HISTORY_BATCHES = 3;
const TARGET_RATE = 40_000;
const TARGET_EXACT_RATIO = 1.5;
const TARGET_INTAKE_RATIO = 5;
const TARGET_RSS_MB = 400;

/**
 * A batch of a million HEALTH records (see `recordLines`) streamed through
 * `PUT /batches/{id}/records` and reconciled by the real worker process, from
 * upload to COMPLETED, on a hub with history: three earlier batches of a
 * million records each went the same way first (upload, worker), so
 * sector_records, batch_records, discrepancies, cases and matches hold them
 * and the planner's statistics know them, while the measured batch has none.
 * Baseline in the same run: the same rows COPYed into a table and joined on ID
 * number with one plain SQL statement.
 */
export async function runReconcileBench(db: BenchDatabase, hub: BenchHub): Promise<string[]> {
  const registry = await topUpRegistry(db, REGISTRY_MEMBERS, 4242);
  const worker = startWorker(db.workerUrl, hub.redisUrl);
  try {
    await worker.ready;
    const history = await loadHistory(db, hub, worker);
    const sample = await sampleMembers(db, sampleSize(RECORDS));
    const lines = () => recordLines(sample, RECORDS);
    const run = await reconcileThroughHub(db, hub, lines, 'bench', '2016');
    const peakMb = worker.peakRssMb();
    const attempts = await worker.attempts(run.batchId, run.attempts);
    const exactMs = attempts.reduce((s, a) => s + (a.phaseMs.exact ?? 0), 0);
    const base = await baseline(db, lines);
    if (run.failed)
      return [...history, ...attemptLines('reconcile: worker', attempts), `reconcile: the measured batch FAILED: ${run.failed}`, 'reconcile target: FAIL'];
    const rate = RECORDS / (run.totalMs / 1000);
    const ratio = exactMs / base.joinMs;
    const intakeRatio = run.uploadMs / base.copyMs;
    return [
      ...history,
      `reconcile: ${int(RECORDS)} records against ${int(registry)} members with ${HISTORY_BATCHES} earlier batches, upload to COMPLETED in ${fmt(run.totalMs / 1000)} s: ${int(rate)} records/s ` +
        `(upload ${fmt(run.uploadMs / 1000)} s, queue+reconcile ${fmt((run.totalMs - run.uploadMs) / 1000)} s, ${run.attempts} attempt(s)) | baseline COPY ${fmt(base.copyMs / 1000)} s + one join ${fmt(base.joinMs / 1000)} s = ${int(RECORDS / ((base.copyMs + base.joinMs) / 1000))} records/s`,
      ...attemptLines('reconcile: worker', attempts),
      `reconcile: outcomes ${run.outcomes}`,
      `reconcile: exact-match part (plan, ID ranges, attach; all attempts) ${fmt(exactMs / 1000)} s vs baseline join ${fmt(base.joinMs / 1000)} s = ${fmt(ratio, 2)}x (baseline found ${int(base.matched)} by ID); ` +
        `intake (HTTP upload, parse, normalise, COPY) ${fmt(run.uploadMs / 1000)} s vs baseline COPY of pre-encoded rows ${fmt(base.copyMs / 1000)} s = ${fmt(intakeRatio, 1)}x`,
      `reconcile: worker peak resident memory ${fmt(peakMb, 0)} MB (VmHWM of the worker process)`,
      `reconcile target: >= ${int(TARGET_RATE)} records/s ${rate >= TARGET_RATE ? 'PASS' : 'FAIL'}; exact-match part <= ${TARGET_EXACT_RATIO}x baseline ${ratio <= TARGET_EXACT_RATIO ? 'PASS' : 'FAIL'}; ` +
        `intake <= ${TARGET_INTAKE_RATIO}x COPY ${intakeRatio <= TARGET_INTAKE_RATIO ? 'PASS' : 'FAIL'}; peak RSS < ${TARGET_RSS_MB} MB ${peakMb < TARGET_RSS_MB ? 'PASS' : 'FAIL'}`,
    ];
  } finally {
    await worker.stop();
  }
}

/**
 * The earlier batches, each of RECORDS records from its own sample of the
 * registry, uploaded and reconciled through the hub and the worker exactly as
 * the measured one (periods 2013 to 2015, so each is the latest of its period
 * and their discrepancies meet as cases raised again). One line each.
 */
async function loadHistory(db: BenchDatabase, hub: BenchHub, worker: BenchWorker): Promise<string[]> {
  const lines: string[] = [];
  for (let i = 1; i <= HISTORY_BATCHES; i++) {
    const sample = await sampleMembers(db, sampleSize(RECORDS));
    const run = await reconcileThroughHub(db, hub, () => recordLines(sample, RECORDS, i), `bench-history-${i}`, String(2012 + i));
    const attempts = await worker.attempts(run.batchId, run.attempts);
    lines.push(
      `reconcile: earlier batch ${i} of ${HISTORY_BATCHES}: ${int(RECORDS)} records, upload to ${run.failed ? 'FAILED' : 'COMPLETED'} in ${fmt(run.totalMs / 1000)} s (upload ${fmt(run.uploadMs / 1000)} s, ${attempts.length} attempt(s), reconcile ${attempts.map((a) => fmt(a.ms / 1000)).join(' + ')} s)`,
      // A failed earlier batch still leaves its records and outcomes as history; its attempts say why it failed.
      ...(run.failed ? [...attemptLines(`reconcile: earlier batch ${i}`, attempts), `reconcile: earlier batch ${i} ${run.failed}`] : []),
    );
  }
  return lines;
}

/**
 * COPY of the same rows (ID number, name, birth date) into a plain table, then
 * one join on ID number into another: plain `create table`, crash-safe like
 * the hub's own tables, with no index, key or check to maintain.
 */
async function baseline(db: BenchDatabase, lines: () => Iterable<string>): Promise<{ copyMs: number; joinMs: number; matched: number }> {
  const knex = db.orm.em.getConnection().getKnex();
  const client = (await knex.client.acquireConnection()) as Client;
  try {
    await client.query('create table bench_baseline_records (row_no int, id_number text, name text, birth_date text)');
    // Generated before the clock starts: the baseline measures the database's part alone.
    const text = [...asCopyText(lines())];
    const t0 = performance.now();
    await pipeline(Readable.from(text), client.query(copyFrom('copy bench_baseline_records from stdin')));
    const copyMs = performance.now() - t0;
    const t1 = performance.now();
    await client.query(
      `create table bench_baseline_matches as
       select r.row_no, m.id as member_id from bench_baseline_records r left join members m on m.id_number = r.id_number and m.status = 'ACTIVE'`,
    );
    const joinMs = performance.now() - t1;
    const [{ n }] = (await client.query<{ n: string }>('select count(member_id) as n from bench_baseline_matches')).rows;
    await client.query('drop table bench_baseline_records, bench_baseline_matches');
    return { copyMs, joinMs, matched: Number(n) };
  } finally {
    await knex.client.releaseConnection(client);
  }
}
