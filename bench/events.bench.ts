import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Queue, Worker } from 'bullmq';
import pino from 'pino';
import { type MikroORM, openOrm } from '../src/db/orm';
import { createWebhookProcessor, webhookBackoff, webhookOutbox } from '../src/modules/webhooks/webhook.jobs';
import { newSecret } from '../src/modules/webhooks/webhook.rules';
import { sendWebhook } from '../src/modules/webhooks/webhook.sender';
import { DEFAULT_WEBHOOK_SETTINGS, type WebhookSettings } from '../src/modules/webhooks/webhook.settings';
import { OutboxRelay } from '../src/queues/outbox.relay';
import { QueueName } from '../src/queues/queue-names';
import { createRedis } from '../src/queues/redis.connection';
import { type BenchDatabase, openBenchDatabase } from './bench-database';
import { type BenchRedis, openBenchRedis } from './bench-hub';
import { fmt, load, median } from './bench-stats';

const EVENTS = 10_000;
/** Events per committing transaction, as a completing batch or a push commits several at once. */
const PER_COMMIT = 50;
/** Share of first attempts the receiver answers 500. */
const FIRST_FAILURES = 0.2;
/** Longest the bench waits for the last delivery; what is still missing then is reported as not delivered. */
const WAIT_MS = 300_000;
const SETTINGS: WebhookSettings = {
  ...DEFAULT_WEBHOOK_SETTINGS,
  allowHosts: ['127.0.0.1'],
  retryFirstMs: 500,
  concurrency: DEFAULT_WEBHOOK_SETTINGS.concurrency,
};

/**
 * `npm run bench -- events`: the webhook line (and, beside it, the SSE line of
 * the subscriptions half when it lands). Each opens what it needs.
 */
export async function runEventsBench(): Promise<string[]> {
  const db = await openBenchDatabase('hub_bench_events');
  const redis = await openBenchRedis(1);
  try {
    return await runWebhookBench(db, redis);
  } finally {
    await redis.close();
    await db.close();
  }
}

/**
 * 10,000 events committed through webhook_emit (the path every change takes),
 * relayed from the outbox, signed and POSTed by the delivery worker to a local
 * receiver that fails 20% of first attempts; delivered per second, commit to
 * first 2xx, and lost or duplicated deliveries counted by webhook-id.
 */
export async function runWebhookBench(db: BenchDatabase, redis: BenchRedis): Promise<string[]> {
  const receiver = await startReceiver();
  const pipeline = await startPipeline(db, redis.url);
  try {
    await db.orm.em
      .fork()
      .getConnection()
      .execute(`insert into webhooks (tenant_code, url, events, secret) values ('LGOP', ?, '{batch.completed}', ?)`, [receiver.url, newSecret()]);
    const committed = new Map<number, number>();
    const started = performance.now();
    for (let n = 0; n < EVENTS; n += PER_COMMIT) {
      await emit(db.orm, n, Math.min(PER_COMMIT, EVENTS - n));
      const at = performance.now();
      for (let i = n; i < n + PER_COMMIT && i < EVENTS; i++) committed.set(i, at);
    }
    const commitMs = performance.now() - started;
    await receiver.allDelivered(EVENTS, WAIT_MS);
    const elapsed = performance.now() - started;
    const lags = [...receiver.firstOk.entries()].map(([n, t]) => t - committed.get(n)!);
    const firstTry = [...receiver.firstOk.keys()].filter((n) => !receiver.failedFirst.has(n)).map((n) => receiver.firstOk.get(n)! - committed.get(n)!);
    // Counted before the baseline's direct POSTs reach the same receiver (they would count as deliveries and duplicates).
    const [delivered, duplicates, failedFirst] = [receiver.firstOk.size, receiver.duplicates, receiver.failedFirst.size];
    const baseline = await directPosts(receiver.url);
    return [
      `events: ${EVENTS} webhook events (${PER_COMMIT} a commit, committed in ${fmt(commitMs / 1000, 2)} s) to a local receiver failing ${FIRST_FAILURES * 100}% of first attempts ` +
        `(${failedFirst} failed): ${fmt((EVENTS / elapsed) * 1000, 0)} deliveries/s; commit to delivery p50 ${fmt(median(lags), 0)} ms, ` +
        `p99 ${fmt(p99(lags), 0)} ms (first-try deliveries p99 ${fmt(p99(firstTry), 0)} ms; retries wait ${SETTINGS.retryFirstMs} ms); ` +
        `not delivered after ${WAIT_MS / 1000} s: ${EVENTS - delivered}, duplicates ${duplicates} (2xx beyond the first per webhook-id), ${load()}`,
      `events: baseline, the same receiver sent ${baseline.posts} signed-size POSTs directly (${SETTINGS.concurrency} at once, no queue or database): ${fmt(baseline.perSecond, 0)} POSTs/s`,
    ];
  } finally {
    await pipeline.stop();
    await receiver.stop();
  }
}

/** `count` events committed in one transaction through webhook_emit, each carrying its number. */
async function emit(orm: MikroORM, from: number, count: number): Promise<void> {
  await orm.em
    .fork()
    .getConnection()
    .execute(
      `select webhook_emit(jsonb_agg(jsonb_build_object('type', 'batch.completed', 'audience', '["LGOP"]'::jsonb, 'data', jsonb_build_object('n', g))))
       from generate_series(?::int, ?::int) g`,
      [from, from + count - 1],
    );
}

/** The worker's half, as the worker process runs it (hub_worker role, relay, delivery worker). */
async function startPipeline(db: BenchDatabase, redisUrl: string) {
  const log = pino({ level: 'warn' });
  const orm = await openOrm({ databaseUrl: db.workerUrl, dbPoolMax: 10, statementTimeoutMs: 0, sqlDebug: false });
  const [producer, connection] = [createRedis(redisUrl, 'producer'), createRedis(redisUrl, 'worker')];
  const queue = new Queue(QueueName.WEBHOOK_DELIVERY, { connection: producer, prefix: 'bench-events' });
  const relay = new OutboxRelay(orm, webhookOutbox(queue, SETTINGS), log);
  relay.start(SETTINGS.relayIntervalMs);
  const worker = new Worker(QueueName.WEBHOOK_DELIVERY, createWebhookProcessor(orm, log, SETTINGS), {
    connection,
    prefix: 'bench-events',
    concurrency: SETTINGS.concurrency,
    settings: { backoffStrategy: webhookBackoff(SETTINGS) },
  });
  return {
    async stop() {
      await relay.stop();
      await worker.close();
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close();
      producer.disconnect();
      connection.disconnect();
      await orm.close(true);
    },
  };
}

/** A receiver that answers 500 to about 20% of first attempts (by webhook-id) and records the first 2xx of each event. */
async function startReceiver() {
  const firstOk = new Map<number, number>();
  const failedFirst = new Set<number>();
  const tries = new Map<string, number>();
  const okIds = new Set<string>();
  let duplicates = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const id = String(req.headers['webhook-id']);
      const n = (JSON.parse(Buffer.concat(chunks).toString()) as { data: { n: number } }).data.n;
      const nth = (tries.get(id) ?? 0) + 1;
      tries.set(id, nth);
      if (nth === 1 && Math.random() < FIRST_FAILURES) {
        failedFirst.add(n);
        res.writeHead(500).end('try again');
        return;
      }
      if (okIds.has(id)) duplicates++;
      okIds.add(id);
      if (!firstOk.has(n)) firstOk.set(n, performance.now());
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return {
    url,
    firstOk,
    failedFirst,
    get duplicates() {
      return duplicates;
    },
    async allDelivered(n: number, timeoutMs: number) {
      const until = Date.now() + timeoutMs;
      while (firstOk.size < n && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      // A little longer, so that a late duplicate is counted.
      await new Promise((r) => setTimeout(r, 1_000));
    },
    async stop() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

/** The floor: POSTs of a payload's size straight to the receiver at the worker's concurrency. */
async function directPosts(url: string): Promise<{ posts: number; perSecond: number }> {
  const posts = 2_000;
  const body = JSON.stringify({ type: 'batch.completed', timestamp: new Date().toISOString(), data: { n: -1 } });
  let next = 0;
  const started = performance.now();
  const lane = async () => {
    while (next < posts) {
      next++;
      await sendWebhook({
        url,
        body,
        headers: { 'content-type': 'application/json', 'webhook-id': `direct-${next}` },
        allowHosts: ['127.0.0.1'],
        timeoutMs: 10_000,
      });
    }
  };
  await Promise.all(Array.from({ length: SETTINGS.concurrency }, lane));
  return { posts, perSecond: (posts / (performance.now() - started)) * 1000 };
}

function p99(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.99))] ?? NaN;
}
