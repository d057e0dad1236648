import { Worker } from 'bullmq';
import { createClient } from 'graphql-sse';
import pino from 'pino';
import { createReconcileProcessor } from '../src/modules/reconciliation/reconciliation.jobs';
import { ProgressPublisher } from '../src/queues/progress.publisher';
import { QueueName } from '../src/queues/queue-names';
import { createRedis } from '../src/queues/redis.connection';
import { openBenchDatabase } from './bench-database';
import { BENCH_QUEUE_PREFIX, type BenchHub, startBenchHub } from './bench-hub';
import { fmt, load } from './bench-stats';

/** Subscribers of the line, on one batch. */
const SUBSCRIBERS = 200;
/** Records of the batch: enough for several progress states, small enough that its completing transaction is short. */
const RECORDS = 2_000;
const TARGET_MS = 1_000;

const SUBMIT = `mutation($key: String!, $records: [SectorRecordInput!]!) {
  submitSectorBatch(idempotencyKey: $key, sector: EDUCATION, period: "2020", records: $records) { id } }`;
const PROGRESS = `subscription($id: ID!) { batchProgress(id: $id) { status processedRecords } }`;

/**
 * 200 concurrent SSE subscribers (graphql-sse clients) on one batch that a
 * real worker reconciles: each subscriber's lag from the batch row's
 * finished_at to its COMPLETED event, max and p99, beside one subscriber alone
 * (the baseline). finished_at is the completing transaction's start, so the lag
 * includes that transaction; clients, API and worker share this process.
 */
export async function runEventsSseBench(): Promise<string[]> {
  const db = await openBenchDatabase('hub_bench_events_sse');
  const hub = await startBenchHub(db);
  const connection = createRedis(hub.redisUrl, 'worker');
  const producer = createRedis(hub.redisUrl, 'producer');
  const log = pino({ level: 'warn' });
  const progress = new ProgressPublisher(producer, BENCH_QUEUE_PREFIX, log);
  let worker: Worker | null = null;
  const startWorker = () => {
    const processor = createReconcileProcessor(db.orm, log, { chunkSize: 250, stopping: () => false, progress });
    worker = new Worker(QueueName.RECONCILIATION, processor, { connection, prefix: BENCH_QUEUE_PREFIX, concurrency: 1 });
  };
  const stopWorker = async () => {
    await worker?.close();
    worker = null;
  };
  try {
    const alone = await lagsOf(hub, db, 1, 'sse-alone', startWorker);
    await stopWorker();
    const many = await lagsOf(hub, db, SUBSCRIBERS, 'sse-many', startWorker);
    const ok = many.max <= TARGET_MS && many.received === SUBSCRIBERS;
    return [
      `events-sse: ${SUBSCRIBERS} concurrent SSE subscribers on one batch of ${RECORDS.toLocaleString('en-US')} records: ${many.received}/${SUBSCRIBERS} saw COMPLETED, ` +
        `lag from the batch row max ${fmt(many.max, 0)} ms, p99 ${fmt(many.p99, 0)} ms, median ${fmt(many.median, 0)} ms ` +
        `(baseline: 1 subscriber alone ${fmt(alone.max, 0)} ms); ${many.states} states sent in all; target every subscriber within ${TARGET_MS} ms: ${ok ? 'PASS' : 'FAIL'} (${load()})`,
    ];
  } finally {
    await stopWorker();
    progress.stop();
    await connection.quit();
    producer.disconnect();
    await hub.close();
    await db.close();
  }
}

interface Lags {
  received: number;
  max: number;
  p99: number;
  median: number;
  states: number;
}

/** Submits a batch, opens `n` subscriptions on it, starts the worker, and measures each subscriber's COMPLETED against finished_at. */
async function lagsOf(hub: BenchHub, db: Awaited<ReturnType<typeof openBenchDatabase>>, n: number, key: string, startWorker: () => void): Promise<Lags> {
  const auth = `Bearer ${await hub.token('MOE')}`;
  const records = Array.from({ length: RECORDS }, (_, i) => ({ idNumber: `X${i}`, name: '某' }));
  const res = await fetch(`${hub.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: auth },
    body: JSON.stringify({ query: SUBMIT, variables: { key, records } }),
  });
  const id = ((await res.json()) as { data: { submitSectorBatch: { id: string } } }).data.submitSectorBatch.id;
  let states = 0;
  const firsts: Array<Promise<void>> = [];
  const completions = Array.from({ length: n }, () => {
    let first: () => void = () => undefined;
    firsts.push(new Promise<void>((r) => (first = r)));
    const client = createClient({ url: `${hub.url}/graphql/stream`, headers: { authorization: auth }, retryAttempts: 0 });
    return new Promise<number>((resolve, reject) => {
      let at = NaN;
      client.subscribe<{ batchProgress: { status: string } }>(
        { query: PROGRESS, variables: { id } },
        {
          next: (r) => {
            states++;
            first();
            if (r.data?.batchProgress.status === 'COMPLETED') at = Date.now();
          },
          error: reject,
          complete: () => resolve(at),
        },
      );
    }).finally(() => client.dispose());
  });
  await Promise.all(firsts);
  startWorker();
  const seen = await Promise.all(completions);
  const [row] = await db.orm.em
    .fork()
    .getConnection()
    .execute(`select extract(epoch from finished_at) * 1000 as "finishedMs" from sector_batches where id = ?`, [id]);
  const finished = Number(row.finishedMs);
  const lags = seen
    .filter((t) => Number.isFinite(t))
    .map((t) => t - finished)
    .sort((a, b) => a - b);
  const pick = (q: number) => lags[Math.min(lags.length - 1, Math.ceil(q * lags.length) - 1)] ?? NaN;
  return { received: lags.length, max: lags[lags.length - 1] ?? NaN, p99: pick(0.99), median: pick(0.5), states };
}
