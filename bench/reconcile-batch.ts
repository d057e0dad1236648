import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { computeCheckCharacter } from '../src/modules/id-number/id-number';
import { buildIdNumber } from '../src/modules/id-number/id-number.generator';
import { seedRegistry } from '../src/demo/registry-seed.service';
import type { BenchDatabase } from './bench-database';
import { BENCH_QUEUE_PREFIX, type BenchHub } from './bench-hub';
import { fmt } from './bench-stats';

/*
 * What the reconcile and growth benches share: the synthetic HEALTH batch, its
 * way through the hub (upload, seal) to COMPLETED, and the real worker process
 * with the timings of every attempt it made.
 */

const WORKER = path.resolve(__dirname, '../src/worker.js');

export const int = (n: number) => Math.round(n).toLocaleString('en-US');

export interface Sampled {
  idNumber: string;
  name: string;
  birthDate: string;
}

/** Appends seeded households until the registry holds at least `members` members; returns the count. */
export async function topUpRegistry(db: BenchDatabase, members: number, seed: number): Promise<number> {
  const count = async () => Number((await db.orm.em.getConnection().execute<Array<{ n: string }>>(`select count(*) as n from members`))[0].n);
  const have = await count();
  if (have < members) await seedRegistry(db.orm, { households: Math.ceil((members - have) / 2.9) + 5_000, seed });
  return count();
}

export async function sampleMembers(db: BenchDatabase, n: number): Promise<Sampled[]> {
  return db.orm.em
    .getConnection()
    .execute<Sampled[]>(
      `select id_number as "idNumber", name, to_char(birth_date, 'YYYY-MM-DD') as "birthDate" from members where status = 'ACTIVE' and birth_date is not null order by random() limit ?`,
      [n],
    );
}

/**
 * A batch of `records` HEALTH records as NDJSON, produced lazily in slices so
 * that neither side holds it whole: about 70% registry members (with planted
 * check-character typos and name variants), 5% registry members under another
 * valid ID (PROBABLE), 20% valid IDs the registry does not hold and 5% invalid
 * rows. `salt` varies the IDs the registry does not hold from batch to batch.
 */
export function* recordLines(sample: Sampled[], records: number, salt = 0): Generator<string> {
  let k = 0;
  let slice = '';
  for (let i = 0; i < records; i++) {
    const tenth = i % 20;
    const j = i + salt;
    let record: Record<string, unknown>;
    if (tenth < 14 && k < sample.length) record = fromRegistry(sample[k++], k);
    else if (tenth < 18)
      record = {
        idNumber: buildIdNumber(
          `5299${String(2 + (salt % 97)).padStart(2, '0')}`,
          `19${String(30 + (j % 70)).padStart(2, '0')}-0${1 + (j % 9)}-1${j % 9}`,
          900 + (j % 100),
        ),
        name: `外${j}`,
      };
    else if (tenth < 19 && k < sample.length) record = probableOf(sample[k++], i);
    else record = { idNumber: i % 2 ? `52010219800230${String(i % 1000).padStart(3, '0')}X` : `1234${j}`, name: `错${j}` };
    slice += `${JSON.stringify(record)}\n`;
    if (slice.length > 256 * 1024) {
      yield slice;
      slice = '';
    }
  }
  if (slice) yield slice;
}

/** Registry members a batch of `records` draws on. */
export const sampleSize = (records: number) => Math.round(records * 0.75);

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

export interface HubRun {
  batchId: string;
  uploadMs: number;
  totalMs: number;
  outcomes: string;
  attempts: number;
  /** The batch's error when it ended FAILED (its attempts are still in the worker's log). */
  failed: string | null;
}

/** Creates a batch and uploads `lines` to it (NDJSON), as a ministry does; times from the create. */
export async function uploadThroughHub(hub: BenchHub, lines: () => Iterable<string>, key: string, period: string) {
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
  const { createSectorBatch } = await gql(
    `mutation($key: String!, $period: String!) { createSectorBatch(idempotencyKey: $key, sector: HEALTH, period: $period) { id } }`,
    { key, period },
  );
  const batchId = createSectorBatch.id;
  const init = {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
    body: Readable.from(lines(), { objectMode: false }),
    duplex: 'half',
  } as unknown as RequestInit;
  const put = await fetch(`${hub.url}/batches/${batchId}/records`, init);
  if (put.status !== 200) throw new Error(`bench upload failed: ${put.status} ${await put.text()}`);
  return { batchId, uploadMs: performance.now() - t0, t0, gql };
}

/** One batch through the hub as a ministry sends it: create, upload (NDJSON), seal; then waits for COMPLETED. */
export async function reconcileThroughHub(db: BenchDatabase, hub: BenchHub, lines: () => Iterable<string>, key: string, period: string): Promise<HubRun> {
  const { batchId, uploadMs, t0, gql } = await uploadThroughHub(hub, lines, key, period);
  await gql(`mutation($id: ID!) { sealSectorBatch(id: $id) { id } }`, { id: batchId });
  for (;;) {
    const [b] = await db.orm.em.getConnection().execute<
      Array<{
        status: string;
        matched: number;
        probable: number;
        unmatched: number;
        invalid: number;
        discrepancies: number;
        error: string | null;
        attempts: number;
      }>
    >(`select status, matched, probable, unmatched, invalid, discrepancies, error, attempts from sector_batches where id = ?::uuid`, [batchId]);
    if (b.status === 'COMPLETED' || b.status === 'FAILED') {
      const outcomes = `MATCHED ${int(b.matched)}, PROBABLE ${int(b.probable)}, UNMATCHED ${int(b.unmatched)}, INVALID ${int(b.invalid)}, discrepancies ${int(b.discrepancies)}`;
      return {
        batchId,
        uploadMs,
        totalMs: performance.now() - t0,
        outcomes,
        attempts: b.attempts,
        failed: b.status === 'FAILED' ? (b.error ?? 'FAILED') : null,
      };
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** One attempt of the worker at a batch, as its runner logged it (`reconciliation attempt`). */
export interface AttemptLog {
  end: string;
  ms: number;
  phaseMs: Record<string, number>;
  error?: string;
}

/** The attempts' lines of the bench: one per attempt, its end, its time and its phases. */
export function attemptLines(prefix: string, attempts: AttemptLog[]): string[] {
  return attempts.map((a, i) => {
    const phases = Object.entries(a.phaseMs)
      .map(([k, v]) => `${k} ${fmt(v / 1000)} s`)
      .join(', ');
    return `${prefix} attempt ${i + 1}: ${a.end} after ${fmt(a.ms / 1000)} s (${phases})${a.error ? `: ${a.error}` : ''}`;
  });
}

/** The real worker process (`npm run worker`) on the bench's database and Redis. */
export function startWorker(databaseUrl: string, redisUrl: string) {
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
      // Any free port, beside a running `npm start`'s worker.
      WORKER_HTTP_PORT: '0',
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
    /**
     * Every attempt at the batch, in order, once the worker has logged the
     * `started` ones (an attempt logs as it returns, after the commit the bench saw).
     */
    attempts: async (batchId: string, started: number): Promise<AttemptLog[]> => {
      const logged = () =>
        out
          .split('\n')
          .filter((l) => l.includes('"msg":"reconciliation attempt"') && l.includes(batchId))
          .map((l) => JSON.parse(l) as AttemptLog)
          .filter((a) => a.end !== 'skipped');
      for (let waited = 0; logged().length < started && waited < 120_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
      return logged();
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export type BenchWorker = ReturnType<typeof startWorker>;

/** The records of `slices` (NDJSON) as COPY text of (row_no, id_number, name, birth_date): what the baselines COPY. */
export function* asCopyText(slices: Iterable<string>): Generator<string> {
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
