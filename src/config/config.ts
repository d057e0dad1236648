import path from 'node:path';
import type { RequestLimits } from '../graphql/limits/request-limits';
import { bool, cleanEnv, num, port, str, url } from 'envalid';

/**
 * Every setting of the hub, parsed and validated once. This is the only module
 * that reads `process.env`; everything else receives an `AppConfig`.
 */
export interface AppConfig {
  /** `production` masks errors, turns introspection off and requires real secrets. @defaultValue `development` */
  nodeEnv: 'development' | 'test' | 'production';
  /** Address the API listens on. @defaultValue `127.0.0.1` */
  host: string;
  /** HTTP port of the API. @defaultValue `4000` */
  port: number;
  /** PostgreSQL connection string; when absent the embedded PostgreSQL is used. @defaultValue embedded */
  databaseUrl: string;
  /** Redis connection string; when absent the embedded redis-server is used. @defaultValue embedded */
  redisUrl: string;
  /** True when neither DATABASE_URL nor REDIS_URL was given and the hub runs its own servers. */
  embedded: boolean;
  /** Folder for the embedded servers' data. @defaultValue `.data` */
  dataDir: string;
  /** Port of the embedded PostgreSQL (not 5432, to never collide with a server already on the machine). @defaultValue `54329` */
  embeddedPgPort: number;
  /** Port of the embedded redis-server (not 6379). @defaultValue `63799` */
  embeddedRedisPort: number;
  /** HMAC secret that signs bearer tokens; required in production. */
  tokenSecret: string;
  /** Lifetime of a token printed by `npm run token`, in seconds. @defaultValue `28800` (8 hours) */
  tokenTtlSeconds: number;
  /** Maximum connections in the API's PostgreSQL pool. @defaultValue `10` */
  dbPoolMax: number;
  /** Per-statement timeout for API queries, in milliseconds. @defaultValue `30000` */
  statementTimeoutMs: number;
  /** pino log level. @defaultValue `info` */
  logLevel: string;
  /** Prefix of every BullMQ key, so that several hubs (or test files) can share a Redis. @defaultValue `hub` */
  queuePrefix: string;
  /** Households the embedded default seeds on first start. @defaultValue `2000` */
  demoHouseholds: number;
  /** Log every SQL statement. @defaultValue `false` */
  sqlDebug: boolean;
  /** Records per committed reconciliation chunk. @defaultValue `20000` */
  reconcileChunkSize: number;
  /** Batches one worker process reconciles at once. @defaultValue `2` */
  workerConcurrency: number;
  /** BullMQ lock of an active job; a job whose worker died is seen as stalled after it. @defaultValue `30000` ms */
  workerLockMs: number;
  /** How often BullMQ looks for stalled jobs. @defaultValue `30000` ms */
  workerStalledIntervalMs: number;
  /** How often the worker re-queues batches that lost their job (Redis restarted empty). @defaultValue `15000` ms */
  sweepIntervalMs: number;
  /** Port of the test suite's embedded PostgreSQL; change it to run two suites side by side. @defaultValue `54339` */
  testPgPort: number;
  /** Port of the test suite's embedded redis-server. @defaultValue `63809` */
  testRedisPort: number;
  /** Port of `npm run bench`'s embedded PostgreSQL; its redis-server uses the next port. @defaultValue `54349` */
  benchPgPort: number;
  /** GraphQL request limits (depth, aliases, directives, tokens, cost, query length, body, deadline). */
  requestLimits: RequestLimits;
  /** Between SIGTERM and the drain of the API, /readyz answers 503 so that load balancers stop sending. @defaultValue `2000` ms */
  shutdownGraceMs: number;
  /** Requests per tenant per minute, counted in Redis; 0 turns the limit off. @defaultValue `1200` */
  rateLimitPerMinute: number;
  /** Runs of a job before its batch is marked FAILED. @defaultValue `3` */
  jobAttempts: number;
  /** First retry delay of a failed job; doubles each attempt. @defaultValue `5000` ms */
  jobBackoffMs: number;
}

/** Development-only token secret; production refuses to start without TOKEN_SECRET. */
const DEV_TOKEN_SECRET = 'dev-only-token-secret-change-me-in-production-0123456789';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** envalid's default reporter exits the process; a thrown error lets tests and CLIs decide. */
function throwOnInvalid({ errors }: { errors: Partial<Record<string, Error>> }): void {
  const problems = Object.entries(errors).map(([name, err]) => `${name}: ${err?.message ?? 'invalid'}`);
  if (problems.length) throw new Error(`Invalid configuration:\n  ${problems.join('\n  ')}`);
}

/** Parses and validates the environment; throws with every problem listed. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  // An unset NODE_ENV means development (envalid would otherwise treat it as production).
  const e = cleanEnv({ ...env, NODE_ENV: env.NODE_ENV || 'development' }, {
    NODE_ENV: str({ choices: ['development', 'test', 'production'], default: 'development', desc: 'Run mode' }),
    HOST: str({ default: '127.0.0.1', desc: 'Listen address of the API' }),
    PORT: num({ default: 4000, desc: 'HTTP port of the API (0: any free port, as tests use)' }),
    DATABASE_URL: url({ default: undefined, desc: 'PostgreSQL URL; embedded PostgreSQL when absent' }),
    REDIS_URL: url({ default: undefined, desc: 'Redis URL; embedded redis-server when absent' }),
    HUB_DATA_DIR: str({ default: '.data', desc: 'Folder of the embedded servers' }),
    EMBEDDED_PG_PORT: port({ default: 54329, desc: 'Port of the embedded PostgreSQL' }),
    EMBEDDED_REDIS_PORT: port({ default: 63799, desc: 'Port of the embedded redis-server' }),
    TOKEN_SECRET: str({ devDefault: DEV_TOKEN_SECRET, desc: 'HMAC secret for bearer tokens (>= 32 chars)' }),
    TOKEN_TTL_SECONDS: num({ default: 8 * 3600, desc: 'Token lifetime in seconds' }),
    DB_POOL_MAX: num({ default: 10, desc: 'PostgreSQL pool size of one process' }),
    STATEMENT_TIMEOUT_MS: num({ default: 30_000, desc: 'statement_timeout of API connections' }),
    LOG_LEVEL: str({ choices: LOG_LEVELS, default: 'info', desc: 'pino log level' }),
    QUEUE_PREFIX: str({ default: 'hub', desc: 'BullMQ key prefix' }),
    DEMO_HOUSEHOLDS: num({ default: 2000, desc: 'Households seeded by the embedded default' }),
    SQL_DEBUG: bool({ default: false, desc: 'Log SQL statements' }),
    RECONCILE_CHUNK_SIZE: num({ default: 20_000, desc: 'Records per reconciliation chunk' }),
    WORKER_CONCURRENCY: num({ default: 2, desc: 'Batches a worker reconciles at once' }),
    WORKER_LOCK_MS: num({ default: 30_000, desc: 'BullMQ job lock duration' }),
    WORKER_STALLED_INTERVAL_MS: num({ default: 30_000, desc: 'BullMQ stalled-job check interval' }),
    SWEEP_INTERVAL_MS: num({ default: 15_000, desc: 'Interval of the orphan-batch sweep' }),
    TEST_PG_PORT: port({ default: 54339, desc: 'Embedded PostgreSQL port of the test suite' }),
    TEST_REDIS_PORT: port({ default: 63809, desc: 'Embedded redis-server port of the test suite' }),
    BENCH_PG_PORT: port({ default: 54349, desc: 'Embedded PostgreSQL port of npm run bench (its Redis: the next port)' }),
    GRAPHQL_MAX_DEPTH: num({ default: 10, desc: 'Deepest selection of a query' }),
    GRAPHQL_MAX_ALIASES: num({ default: 15, desc: 'Aliases in one operation' }),
    GRAPHQL_MAX_DIRECTIVES: num({ default: 50, desc: 'Directives in one operation' }),
    GRAPHQL_MAX_TOKENS: num({ default: 2000, desc: 'Tokens of the query text' }),
    GRAPHQL_MAX_COST: num({ default: 100_000, desc: 'Estimated cost of an operation (lists cost their page size)' }),
    GRAPHQL_MAX_QUERY_CHARS: num({ default: 15_000, desc: 'Characters of the query text' }),
    GRAPHQL_MAX_BODY_MB: num({ default: 10, desc: 'JSON body of /graphql in MB' }),
    HTTP_REQUEST_TIMEOUT_MS: num({ default: 60_000, desc: 'Deadline of one /graphql request' }),
    SHUTDOWN_GRACE_MS: num({ default: 2000, desc: 'Time between SIGTERM and the drain of the API (readiness answers 503 meanwhile)' }),
    RATE_LIMIT_PER_MINUTE: num({ default: 1200, desc: 'Requests per tenant per minute (0: off)' }),
    JOB_ATTEMPTS: num({ default: 3, desc: 'Runs of a job before its batch is marked FAILED' }),
    JOB_BACKOFF_MS: num({ default: 5_000, desc: 'First retry delay of a failed job (exponential)' }),
  }, { reporter: throwOnInvalid });
  if (!Number.isInteger(e.PORT) || e.PORT < 0 || e.PORT > 65535) throw new Error(`Invalid configuration:\n  PORT: ${e.PORT} is not a port (0-65535)`);
  if (e.TOKEN_SECRET.length < 32) throw new Error('TOKEN_SECRET must be at least 32 characters');
  const dataDir = path.resolve(e.HUB_DATA_DIR);
  const embedded = !e.DATABASE_URL && !e.REDIS_URL;
  if (!embedded && (!e.DATABASE_URL || !e.REDIS_URL)) {
    throw new Error('Set both DATABASE_URL and REDIS_URL, or neither (embedded default)');
  }
  return {
    nodeEnv: e.NODE_ENV as AppConfig['nodeEnv'],
    host: e.HOST,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL ?? `postgres://postgres:postgres@127.0.0.1:${e.EMBEDDED_PG_PORT}/hub`,
    redisUrl: e.REDIS_URL ?? `redis://127.0.0.1:${e.EMBEDDED_REDIS_PORT}`,
    embedded,
    dataDir,
    embeddedPgPort: e.EMBEDDED_PG_PORT,
    embeddedRedisPort: e.EMBEDDED_REDIS_PORT,
    tokenSecret: e.TOKEN_SECRET,
    tokenTtlSeconds: e.TOKEN_TTL_SECONDS,
    dbPoolMax: e.DB_POOL_MAX,
    statementTimeoutMs: e.STATEMENT_TIMEOUT_MS,
    logLevel: e.LOG_LEVEL,
    queuePrefix: e.QUEUE_PREFIX,
    demoHouseholds: e.DEMO_HOUSEHOLDS,
    sqlDebug: e.SQL_DEBUG,
    reconcileChunkSize: e.RECONCILE_CHUNK_SIZE,
    workerConcurrency: e.WORKER_CONCURRENCY,
    workerLockMs: e.WORKER_LOCK_MS,
    workerStalledIntervalMs: e.WORKER_STALLED_INTERVAL_MS,
    sweepIntervalMs: e.SWEEP_INTERVAL_MS,
    testPgPort: e.TEST_PG_PORT,
    testRedisPort: e.TEST_REDIS_PORT,
    benchPgPort: e.BENCH_PG_PORT,
    requestLimits: {
      maxDepth: e.GRAPHQL_MAX_DEPTH,
      maxAliases: e.GRAPHQL_MAX_ALIASES,
      maxDirectives: e.GRAPHQL_MAX_DIRECTIVES,
      maxTokens: e.GRAPHQL_MAX_TOKENS,
      maxCost: e.GRAPHQL_MAX_COST,
      maxQueryChars: e.GRAPHQL_MAX_QUERY_CHARS,
      maxBodyBytes: Math.round(e.GRAPHQL_MAX_BODY_MB * 1024 * 1024),
      requestTimeoutMs: e.HTTP_REQUEST_TIMEOUT_MS,
    },
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    jobAttempts: e.JOB_ATTEMPTS,
    jobBackoffMs: e.JOB_BACKOFF_MS,
  };
}
