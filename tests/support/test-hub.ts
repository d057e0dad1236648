import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import pino, { type Logger } from 'pino';
import { TokenService } from '../../src/auth/token.service';
import { buildHubSchema } from '../../src/graphql/schema';
import { DEFAULT_REQUEST_LIMITS, type RequestLimits } from '../../src/graphql/limits/request-limits';
import type { UploadLimits } from '../../src/modules/sector-batches/upload-limits';
import { HubServer } from '../../src/http/hub-server';
import type { Queue } from 'bullmq';
import { reconcileOutbox } from '../../src/modules/reconciliation/reconcile-batch.job';
import { OutboxRelay } from '../../src/queues/outbox.relay';
import { QueueName } from '../../src/queues/queue-names';
import { createQueue } from '../../src/queues/queue.factory';
import { createRedis, type Redis } from '../../src/queues/redis.connection';
import { createTestDatabase, type TestDatabase } from './test-database';
import { DEFAULT_STAFF_ACCOUNT_SETTINGS, type StaffAccountSettings } from '../../src/modules/staff-accounts/staff-account.settings';
import { readTestServices } from './test-services';

/** Statements every executed operation adds: BEGIN, the tenant's set_config, COMMIT (src/db/tenant-transaction.ts). */
export const TRANSACTION_FRAMING = 3;

export const TEST_SECRET = 'test-secret-of-at-least-thirty-two-characters!';

export interface GqlResponse<T = Record<string, unknown>> {
  status: number;
  body: { data?: T; errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, unknown> }> };
}

/** The real hub (schema, HTTP, auth) on a free port, over this test file's own database and a real Redis. */
export interface TestHub {
  db: TestDatabase;
  url: string;
  redisUrl: string;
  /** This hub's BullMQ prefix: workers started for it must use the same. */
  queuePrefix: string;
  reconciliation: Queue;
  /** The data-quality queue the hub's runDataQualityCheck adds to. */
  dataQuality: Queue;
  /** The fund supervision queue the hub's runFundSupervision adds to. */
  fundSupervision: Queue;
  tokens: TokenService;
  redis: Redis;
  /** A token for a tenant code. */
  token(tenantCode: string): Promise<string>;
  /** POSTs a GraphQL operation as `tenantCode` (or with a raw Authorization header when given `{ auth }`). */
  gql<T = Record<string, unknown>>(who: string | { auth?: string }, query: string, variables?: Record<string, unknown>): Promise<GqlResponse<T>>;
  /** Requests the hub is answering now (received, not yet closed). */
  activeRequests(): number;
  /** Counts the SQL statements that `fn` makes this process send. */
  countStatements(fn: () => Promise<unknown>): Promise<number>;
  close(): Promise<void>;
}

export interface TestHubOptions {
  production?: boolean;
  redisUrl?: string;
  jobAttempts?: number;
  jobBackoffMs?: number;
  limits?: Partial<RequestLimits>;
  rateLimitPerMinute?: number;
  /** ID numbers and charged misses a tenant may look up a day; the hub's default when left out. */
  lookupDailyBudget?: number;
  lookupMissCost?: number;
  adminDatabaseUrl?: string;
  /** The hub's logger, for a test that reads what it logs; silent by default. */
  log?: Logger;
  /** The API's pool (DB_POOL_MAX); 5 when left out. */
  dbPoolMax?: number;
  /** Upload limits over the config defaults. */
  uploads?: Partial<UploadLimits>;
  /** How often the outbox relay polls when nothing kicks it; 200 ms when left out. */
  relayIntervalMs?: number;
  /** Hosts createWebhook accepts over http and at internal addresses (WEBHOOK_HTTP_ALLOW_HOSTS); none when left out. */
  webhookAllowHosts?: string[];
  /** Console logins (lockout, session expiry, login rate) over the config defaults. */
  staffAccounts?: Partial<StaffAccountSettings>;
}

export async function startTestHub(options: TestHubOptions = {}): Promise<TestHub> {
  const db = await createTestDatabase(options.adminDatabaseUrl, options.dbPoolMax);
  const redisUrl = options.redisUrl ?? readTestServices().redisUrl;
  const redis = createRedis(redisUrl, 'producer');
  const queuePrefix = `t${randomBytes(4).toString('hex')}`;
  const reconciliation = createQueue(
    QueueName.RECONCILIATION,
    redis,
    { queuePrefix, jobAttempts: options.jobAttempts, jobBackoffMs: options.jobBackoffMs },
    pino({ level: 'silent' }),
  );
  const dataQuality = createQueue(
    QueueName.DATA_QUALITY,
    redis,
    { queuePrefix, jobAttempts: options.jobAttempts, jobBackoffMs: options.jobBackoffMs },
    pino({ level: 'silent' }),
  );
  const fundSupervision = createQueue(
    QueueName.FUND_SUPERVISION,
    redis,
    { queuePrefix, jobAttempts: options.jobAttempts, jobBackoffMs: options.jobBackoffMs },
    pino({ level: 'silent' }),
  );
  const relay = new OutboxRelay(db.apiOrm, reconcileOutbox(reconciliation), pino({ level: 'silent' }));
  const relayIntervalMs = options.relayIntervalMs ?? 200;
  relay.start(relayIntervalMs);
  const tokens = new TokenService({ tokenSecret: TEST_SECRET, tokenTtlSeconds: 600 });
  const log = options.log ?? pino({ level: process.env.TEST_LOG ?? 'silent' });
  const server = new HubServer({
    config: {
      nodeEnv: options.production ? 'production' : 'test',
      host: '127.0.0.1',
      port: 0,
      queuePrefix,
      requestLimits: { ...DEFAULT_REQUEST_LIMITS, ...options.limits },
      rateLimitPerMinute: options.rateLimitPerMinute,
      lookupDailyBudget: options.lookupDailyBudget,
      lookupMissCost: options.lookupMissCost,
      uploadLimits: options.uploads,
      webhookAllowHosts: options.webhookAllowHosts,
      staffAccounts: { ...DEFAULT_STAFF_ACCOUNT_SETTINGS, ...options.staffAccounts },
      tokenSecret: TEST_SECRET,
    },
    orm: db.apiOrm,
    redis,
    schema: await buildHubSchema(),
    tokens,
    log,
    queues: { reconciliation, relay, dataQuality, fundSupervision },
  });
  const port = await server.start();
  const url = `http://127.0.0.1:${port}`;
  const cache = new Map<string, string>();
  const token = async (code: string) => cache.get(code) ?? cache.set(code, await tokens.sign(code)).get(code)!;
  return {
    db,
    url,
    redisUrl,
    queuePrefix,
    reconciliation,
    dataQuality,
    fundSupervision,
    tokens,
    redis,
    token,
    async gql(who, query, variables) {
      const auth = typeof who === 'string' ? `Bearer ${await token(who)}` : who.auth;
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}), 'x-request-id': `test-${randomBytes(6).toString('hex')}` },
        body: JSON.stringify({ query, variables }),
      });
      return { status: res.status, body: (await res.json()) as GqlResponse<never>['body'] };
    },
    activeRequests: () => server.activeRequests,
    async countStatements(fn) {
      // The outbox relay polls in the background; its statements are not the request's.
      await relay.stop();
      const knex = db.apiOrm.em.getConnection().getKnex();
      let n = 0;
      const listener = () => void n++;
      knex.on('query', listener);
      try {
        await fn();
      } finally {
        knex.removeListener('query', listener);
        relay.start(relayIntervalMs);
      }
      return n;
    },
    async close() {
      await server.stop();
      await relay.stop();
      await reconciliation.obliterate({ force: true }).catch(() => undefined);
      await reconciliation.close();
      await dataQuality.obliterate({ force: true }).catch(() => undefined);
      await dataQuality.close();
      await fundSupervision.obliterate({ force: true }).catch(() => undefined);
      await fundSupervision.close();
      redis.disconnect();
      await db.drop();
    },
  };
}
