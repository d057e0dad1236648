import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { computeCheckCharacter } from '../src/modules/id-number/id-number';
import { buildIdNumber } from '../src/modules/id-number/id-number.generator';
import { seedRegistry } from '../src/demo/registry-seed.service';
import type { BenchDatabase } from './bench-database';
import { BENCH_QUEUE_PREFIX, type BenchHub } from './bench-hub';
import { fmt } from './bench-stats';

const RECORDS = 1_000_000;
const REGISTRY_MEMBERS = 2_000_000;
const TARGET_RATE = 10_000;
const TARGET_RSS_MB = 400;
const WORKER = path.resolve(__dirname, '../src/worker.js');

interface Sampled {
  idNumber: string;
  name: string;
  birthDate: string;
}

const int = (n: number) => Math.round(n).toLocaleString('en-US');

/**
 * One batch of a million HEALTH records, about 70% of them registry members
 * (with planted check-character typos and name variants), 5% registry members
 * under another valid ID (PROBABLE), 20% valid IDs the registry does not hold
 * and 5% invalid rows, streamed through
 * `PUT /batches/{id}/records` and reconciled by the real worker process, from
 * upload to COMPLETED. Baseline in the same run: the same rows COPYed into a
 * table and joined on ID number with one plain SQL statement.
 */
export async function runReconcileBench(db: BenchDatabase, hub: BenchHub): Promise<string[]> {
  const registry = await topUpRegistry(db);
  const sample = await sampleMembers(db, Math.round(RECORDS * 0.75));
  const lines = () => recordLines(sample);
  const worker = startWorker(db.workerUrl, hub.redisUrl);
  try {
    await worker.ready;
    const run = await reconcileThroughHub(db, hub, lines);
    const peakMb = worker.peakRssMb();
    const phases = await worker.phases(run.batchId);
    const base = await baseline(db, lines);
    const rate = RECORDS / (run.totalMs / 1000);
    const ratio = phases.exact / base.joinMs;
    const intakeRatio = run.uploadMs / base.copyMs;
    return [
      `reconcile: ${int(RECORDS)} records against ${int(registry)} members, upload to COMPLETED in ${fmt(run.totalMs / 1000)} s: ${int(rate)} records/s ` +
        `(upload ${fmt(run.uploadMs / 1000)} s, queue+reconcile ${fmt((run.totalMs - run.uploadMs) / 1000)} s) | baseline COPY ${fmt(base.copyMs / 1000)} s + one join ${fmt(base.joinMs / 1000)} s = ${int(RECORDS / ((base.copyMs + base.joinMs) / 1000))} records/s`,
      `reconcile: worker phases exact ${fmt(phases.exact / 1000)} s, probable ${fmt(phases.probable / 1000)} s, suggestions ${fmt(phases.suggestions / 1000)} s, discrepancy rules ${fmt(phases.discrepancies / 1000)} s, counts+checkpoint ${fmt(phases.progress / 1000)} s; outcomes ${run.outcomes}`,
      `reconcile: exact-match part (outcome rows joined on ID number, all chunks) ${fmt(phases.exact / 1000)} s vs baseline join ${fmt(base.joinMs / 1000)} s = ${fmt(ratio, 2)}x (baseline found ${int(base.matched)} by ID); ` +
        `intake (HTTP upload, parse, normalise, COPY) ${fmt(run.uploadMs / 1000)} s vs baseline COPY of pre-encoded rows ${fmt(base.copyMs / 1000)} s = ${fmt(intakeRatio, 1)}x`,
      `reconcile: worker peak resident memory ${fmt(peakMb, 0)} MB (VmHWM of the worker process)`,
      `reconcile target: >= ${int(TARGET_RATE)} records/s ${rate >= TARGET_RATE ? 'PASS' : 'FAIL'}; exact-match part within 2x baseline ${ratio <= 2 ? 'PASS' : 'FAIL'}; peak RSS < ${TARGET_RSS_MB} MB ${peakMb < TARGET_RSS_MB ? 'PASS' : 'FAIL'}`,
    ];
  } finally {
    await worker.stop();
  }
}

/** Appends seeded households until the registry holds at least two million members. */
async function topUpRegistry(db: BenchDatabase): Promise<number> {
  const count = async () => Number((await db.orm.em.getConnection().execute<Array<{ n: string }>>(`select count(*) as n from members`))[0].n);
  const have = await count();
  if (have < REGISTRY_MEMBERS) await seedRegistry(db.orm, { households: Math.ceil((REGISTRY_MEMBERS - have) / 2.9) + 5_000, seed: 4242 });
  return count();
}

async function sampleMembers(db: BenchDatabase, n: number): Promise<Sampled[]> {
  return db.orm.em
    .getConnection()
    .execute<Sampled[]>(
      `select id_number as "idNumber", name, to_char(birth_date, 'YYYY-MM-DD') as "birthDate" from members where status = 'ACTIVE' and birth_date is not null order by random() limit ?`,
      [n],
    );
}

/** The batch as NDJSON, produced lazily in slices so that neither side holds it whole. */
function* recordLines(sample: Sampled[]): Generator<string> {
  let k = 0;
  let slice = '';
  for (let i = 0; i < RECORDS; i++) {
    const tenth = i % 20;
    let record: Record<string, unknown>;
    if (tenth < 14 && k < sample.length) record = fromRegistry(sample[k++], k);
    else if (tenth < 18)
      record = { idNumber: buildIdNumber('529902', `19${String(30 + (i % 70)).padStart(2, '0')}-0${1 + (i % 9)}-1${i % 9}`, 900 + (i % 100)), name: `外${i}` };
    else if (tenth < 19 && k < sample.length) record = probableOf(sample[k++], i);
    else record = { idNumber: i % 2 ? `52010219800230${String(i % 1000).padStart(3, '0')}X` : `1234${i}`, name: `错${i}` };
    slice += `${JSON.stringify(record)}\n`;
    if (slice.length > 256 * 1024) {
      yield slice;
      slice = '';
    }
  }
  if (slice) yield slice;
}

/** A member's county, birth date and name under an ID number the registry does not hold: a PROBABLE match. */
function probableOf(m: Sampled, i: number): Record<string, unknown> {
  const seq = (Number(m.idNumber.slice(14, 17)) + 500 + (i % 7)) % 1000;
  return { idNumber: buildIdNumber(m.idNumber.slice(0, 6), m.birthDate, seq), name: m.name };
}

function fromRegistry(m: Sampled, k: number): Record<string, unknown> {
  const attributes = { insured: k % 5 !== 0, seriousIllness: k % 17 === 0 };
  if (k % 50 === 0) {
    const wrong = computeCheckCharacter(m.idNumber.slice(0, 17)) === '1' ? '2' : '1';
    return { idNumber: m.idNumber.slice(0, 17) + wrong, name: m.name, attributes };
  }
  return { idNumber: m.idNumber, name: k % 40 === 1 ? `${m.name}某` : m.name, birthDate: m.birthDate, attributes };
}

async function reconcileThroughHub(db: BenchDatabase, hub: BenchHub, lines: () => Iterable<string>) {
  const token = await hub.token('NHFPC');
  const gql = async (query: string, variables: Record<string, unknown>) => {
    const res = await fetch(`${hub.url}/graphql`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: Record<string, { id: string }>; errors?: unknown };
    if (!body.data) throw new Error(`bench call failed: ${JSON.stringify(body.errors)}`);
    return body.data;
  };
  const t0 = performance.now();
  const { createSectorBatch } = await gql(`mutation { createSectorBatch(idempotencyKey: "bench", sector: HEALTH, period: "2016") { id } }`, {});
  const batchId = createSectorBatch.id;
  const body = Readable.from(lines(), { objectMode: false });
  const init = {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
    body,
    duplex: 'half',
  } as unknown as RequestInit;
  const put = await fetch(`${hub.url}/batches/${batchId}/records`, init);
  if (put.status !== 200) throw new Error(`bench upload failed: ${put.status} ${await put.text()}`);
  const uploadMs = performance.now() - t0;
  await gql(`mutation($id: ID!) { sealSectorBatch(id: $id) { id } }`, { id: batchId });
  for (;;) {
    const [b] = await db.orm.em
      .getConnection()
      .execute<Array<{ status: string; matched: number; probable: number; unmatched: number; invalid: number; discrepancies: number; error: string | null }>>(
        `select status, matched, probable, unmatched, invalid, discrepancies, error from sector_batches where id = ?::uuid`,
        [batchId],
      );
    if (b.status === 'FAILED') throw new Error(`bench batch failed: ${b.error}`);
    if (b.status === 'COMPLETED') {
      const outcomes = `MATCHED ${int(b.matched)}, PROBABLE ${int(b.probable)}, UNMATCHED ${int(b.unmatched)}, INVALID ${int(b.invalid)}, discrepancies ${int(b.discrepancies)}`;
      return { batchId, uploadMs, totalMs: performance.now() - t0, outcomes };
    }
    await new Promise((r) => setTimeout(r, 200));
  }
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

function* asCopyText(slices: Iterable<string>): Generator<string> {
  let row = 0;
  const cell = (v: unknown) => (typeof v === 'string' ? v.replace(/[\\\t\n\r]/g, ' ') : '\\N');
  for (const slice of slices) {
    let out = '';
    for (const line of slice.split('\n')) {
      if (!line) continue;
      const r = JSON.parse(line) as Record<string, unknown>;
      out += `${++row}\t${cell(r.idNumber)}\t${cell(r.name)}\t${cell(r.birthDate)}\n`;
    }
    yield out;
  }
}

/** The real worker process (`npm run worker`) on the bench's database and Redis. */
function startWorker(databaseUrl: string, redisUrl: string) {
  const child = spawn(process.execPath, [WORKER], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      TOKEN_SECRET: 'bench-secret-bench-secret-bench-secret!!',
      WORKER_DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: BENCH_QUEUE_PREFIX,
      WORKER_CONCURRENCY: '1',
      LOG_LEVEL: 'info',
      SWEEP_INTERVAL_MS: '600000',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const ready = new Promise<void>((resolve, reject) => {
    const poll = setInterval(() => {
      if (out.includes('"msg":"worker ready"')) resolve();
      else if (child.exitCode !== null) reject(new Error(`bench worker exited: ${out}`));
      else return;
      clearInterval(poll);
    }, 50);
  });
  return {
    ready,
    peakRssMb: () => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024,
    phases: async (batchId: string) => {
      const line = out.split('\n').find((l) => l.includes('"msg":"batch reconciled"') && l.includes(batchId));
      if (!line) throw new Error('the worker did not log the batch as reconciled');
      return (JSON.parse(line) as { phaseMs: { exact: number; probable: number; suggestions: number; discrepancies: number; progress: number } }).phaseMs;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
