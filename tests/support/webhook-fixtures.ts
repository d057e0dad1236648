import { type IncomingHttpHeaders, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Queue, Worker } from 'bullmq';
import pino from 'pino';
import { Webhook } from 'standardwebhooks';
import { loadConfig } from '../../src/config/config';
import { DbRole, roleDatabaseUrl } from '../../src/db/db-roles';
import { type MikroORM, openOrm } from '../../src/db/orm';
import { createWebhookProcessor, webhookBackoff, webhookOutbox } from '../../src/modules/webhooks/webhook.jobs';
import { DEFAULT_WEBHOOK_SETTINGS, type WebhookSettings } from '../../src/modules/webhooks/webhook.settings';
import { OutboxRelay } from '../../src/queues/outbox.relay';
import { QueueName } from '../../src/queues/queue-names';
import { createRedis } from '../../src/queues/redis.connection';

/** One request the receiver got: its headers and raw body, and what it answered. */
export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  answered: number | 'hung';
  at: number;
}

/** What the receiver answers the n-th (1-based) request of a webhook-id on a path: a status, or hold the request for `ms`. */
export type Answer = (path: string, nth: number) => number | { holdMs: number };

/** A real local HTTP receiver that records every request and answers as `answer` says (200 by default). */
export class WebhookReceiver {
  readonly received: Received[] = [];
  private readonly server: Server;
  private readonly seen = new Map<string, number>();
  answer: Answer = () => 200;
  url = '';

  constructor() {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const key = `${req.url}|${String(req.headers['webhook-id'])}`;
        const nth = (this.seen.get(key) ?? 0) + 1;
        this.seen.set(key, nth);
        const said = this.answer(req.url ?? '/', nth);
        const entry: Received = { path: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString(), answered: 200, at: Date.now() };
        this.received.push(entry);
        if (typeof said === 'number') {
          entry.answered = said;
          res.writeHead(said, { 'content-type': 'text/plain' }).end(said >= 300 ? `no: ${'x'.repeat(3000)}` : 'ok');
        } else {
          entry.answered = 'hung';
          setTimeout(() => res.writeHead(200).end('late'), said.holdMs).unref();
        }
      });
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  /** The requests to `path`, each verified with the library's own verifier against `secret` (throws on a bad signature). */
  verified(path: string, secret: string): Array<{ id: string; type: string; data: Record<string, unknown> }> {
    const wh = new Webhook(secret);
    return this.received
      .filter((r) => r.path === path)
      .map((r) => ({
        id: String(r.headers['webhook-id']),
        ...(wh.verify(r.body, r.headers as Record<string, string>) as { type: string; data: Record<string, unknown> }),
      }));
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

/** The worker's half of webhooks in this process: the delivery relay and the delivery worker, as the worker process runs them. */
export interface DeliveryWorker {
  orm: MikroORM;
  queue: Queue;
  relay: OutboxRelay;
  worker: Worker;
  stop(): Promise<void>;
}

/** Starts the relay and worker as hub_worker over the hub's database, with `settings` over the defaults. */
export async function startDeliveryWorker(
  db: { url: string },
  redisUrl: string,
  queuePrefix: string,
  settings: Partial<WebhookSettings>,
): Promise<DeliveryWorker> {
  const s: WebhookSettings = { ...DEFAULT_WEBHOOK_SETTINGS, relayIntervalMs: 50, ...settings };
  const log = pino({ level: 'silent' });
  const config = loadConfig();
  const orm = await openOrm({
    databaseUrl: roleDatabaseUrl(db.url, DbRole.WORKER, config.dbRolePasswords.workerPassword),
    dbPoolMax: 5,
    statementTimeoutMs: 60_000,
    sqlDebug: false,
  });
  const producer = createRedis(redisUrl, 'producer');
  const connection = createRedis(redisUrl, 'worker');
  const queue = new Queue(QueueName.WEBHOOK_DELIVERY, { connection: producer, prefix: queuePrefix });
  queue.on('error', () => undefined);
  const relay = new OutboxRelay(orm, webhookOutbox(queue, s), log);
  relay.start(s.relayIntervalMs);
  const worker = new Worker(QueueName.WEBHOOK_DELIVERY, createWebhookProcessor(orm, log, s), {
    connection,
    prefix: queuePrefix,
    concurrency: s.concurrency,
    settings: { backoffStrategy: webhookBackoff(s) },
  });
  worker.on('error', () => undefined);
  return {
    orm,
    queue,
    relay,
    worker,
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

export const CREATE_WEBHOOK = `mutation($url: String!, $events: [String!]!, $secret: String) {
  createWebhook(url: $url, events: $events, secret: $secret) { id tenantCode url events enabled secret } }`;

export const DELIVERIES = `query($id: ID!) { webhookDeliveries(webhookId: $id, first: 100) { edges { node {
  id eventType status attemptCount lastResponseCode nextAttemptAt deliveredAt
  attempts { attemptNo succeeded responseCode responseBody error durationMs nextAttemptAt } } } } }`;

export interface DeliveryNode {
  id: string;
  eventType: string;
  status: string;
  attemptCount: number;
  lastResponseCode: number | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  attempts: Array<{
    attemptNo: number;
    succeeded: boolean;
    responseCode: number | null;
    responseBody: string | null;
    error: string | null;
    durationMs: number;
    nextAttemptAt: string | null;
  }>;
}
