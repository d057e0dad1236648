import path from 'node:path';
import type { RequestLimits } from '../graphql/limits/request-limits';
import { DEFAULT_UPLOAD_LIMITS, type UploadLimits } from '../modules/sector-batches/upload-limits';
import { type CleanedEnv, cleanEnv } from 'envalid';
import { ENV_SPEC } from './env.spec';
import { type TracingConfig, throwOnInvalid, tracingConfigOf } from './tracing.config';
import { DbRole, type DbRolePasswords, roleDatabaseUrl } from '../db/db-roles';
import type { WebhookSettings } from '../modules/webhooks/webhook.settings';
import type { StaffAccountSettings } from '../modules/staff-accounts/staff-account.settings';
import { sentinelUrl } from '../queues/sentinel-url';

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
  /**
   * The owner's PostgreSQL URL (migrations, seeding); when no database URL is given at all the embedded
   * PostgreSQL is used. Empty in a process given only API_DATABASE_URL or WORKER_DATABASE_URL. @defaultValue embedded
   */
  databaseUrl: string;
  /**
   * The API's login (role `hub_api`: owns no table, row-level security applies).
   * @defaultValue `databaseUrl` with user `hub_api` and `DB_API_PASSWORD`
   */
  apiDatabaseUrl: string;
  /** The worker's login (role `hub_worker`). @defaultValue `databaseUrl` with user `hub_worker` and `DB_WORKER_PASSWORD` */
  workerDatabaseUrl: string;
  /** Passwords `npm run migrate` (and the embedded start) give the two roles. @defaultValue development-only values; required in production */
  dbRolePasswords: DbRolePasswords;
  /**
   * The API's login on the standby that serves queries and exports (DATABASE_READ_URL with role `hub_api`);
   * empty: everything on the primary. @defaultValue empty
   */
  apiReadDatabaseUrl: string;
  /** When queries go to the primary instead of the standby (lag, read-your-writes). */
  readRouting: ReadRoutingConfig;
  /**
   * Redis connection string; `redis-sentinel://h:p,h:p/<name>` when REDIS_SENTINELS is set; when absent the embedded
   * redis-server is used. @defaultValue embedded
   */
  redisUrl: string;
  /** True when neither DATABASE_URL nor REDIS_URL was given and the hub runs its own servers. */
  embedded: boolean;
  /** Folder for the embedded servers' data. @defaultValue `.data` */
  dataDir: string;
  /** The built web console served at /console (CONSOLE_DIR, resolved from the working folder). */
  consoleDir: string;
  /** Port of the embedded PostgreSQL (not 5432, to never collide with a server already on the machine). @defaultValue `54329` */
  embeddedPgPort: number;
  /** Port of the embedded redis-server (not 6379). @defaultValue `63799` */
  embeddedRedisPort: number;
  /** First of the loopback ports of `npm run ha` (src/embedded/ha/ha-ports.ts). @defaultValue `54360` */
  haBasePort: number;
  /** First of the loopback ports of the HA fault tests' pairs (12 per test file). @defaultValue `54380` */
  testHaBasePort: number;
  /** HMAC secret that signs bearer tokens; required in production. */
  tokenSecret: string;
  /** Lifetime of a token printed by `npm run token`, in seconds. @defaultValue `28800` (8 hours) */
  tokenTtlSeconds: number;
  /** Maximum connections in the API's PostgreSQL pool. @defaultValue `10` */
  dbPoolMax: number;
  /** Per-statement timeout for API queries, in milliseconds. @defaultValue `30000` */
  statementTimeoutMs: number;
  /** Longest an export may stream, in milliseconds. @defaultValue `600000` */
  exportTimeoutMs: number;
  /** pino log level. @defaultValue `info` */
  logLevel: string;
  /** Prefix of every BullMQ key, so that several hubs (or test files) can share a Redis. @defaultValue `hub` */
  queuePrefix: string;
  /** Households the embedded default seeds on first start. @defaultValue `2000` */
  demoHouseholds: number;
  /** Projects `npm start` seeds (ledgers, benefits, planted supervision faults) while the project library is empty. @defaultValue `300` */
  demoProjects: number;
  /** Log every SQL statement. @defaultValue `false` */
  sqlDebug: boolean;
  /** Records per committed reconciliation chunk. @defaultValue `20000` */
  reconcileChunkSize: number;
  /** Connections one batch's exact-match pass uses at once. @defaultValue 2 */
  reconcileExactConnections: number;
  /** Score in (0, 1) a PROBABLE candidate needs. @defaultValue `0.9` */
  matchProbableThreshold: number;
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
  /**
   * Lookups a tenant may make a day, counted in Redis: each ID number sent to `lookupPersons`, and
   * `lookupMissCost` for each `household(registryNo:)` answered null; 0 turns the budget off. @defaultValue `20000`
   */
  lookupDailyBudget: number;
  /** What a `household` lookup that finds nothing takes from the daily budget. @defaultValue `10` */
  lookupMissCost: number;
  /** Concurrency, rate floor, deadline and spool folder of record uploads (`PUT /batches/{id}/records`). */
  uploadLimits: UploadLimits;
  /** Bearer token of `GET /metrics` (API and worker); empty leaves it open to the internal network. @defaultValue empty */
  metricsToken: string;
  /** Port of the worker's HTTP server (`/metrics`, `/healthz`, `/readyz`); 0 picks a free one. @defaultValue `4001` */
  workerHttpPort: number;
  /** Runs of a job before its batch is marked FAILED. @defaultValue `3` */
  jobAttempts: number;
  /** First retry delay of a failed job; doubles each attempt. @defaultValue `5000` ms */
  jobBackoffMs: number;
  /** Webhook deliveries: the http/private-address allow-list, timeout, retry schedule, concurrency and relay interval. */
  webhooks: WebhookSettings;
  /** Console logins: lockout, session expiry, the cookie's Secure flag, the login rate. */
  staffAccounts: StaffAccountSettings;
  /** Where traces go; off when absent (read first, before the instrumented modules load, by `src/tracing/`). */
  tracing: TracingConfig;
}

/** When a query may be served by the standby (src/db/read-router.ts). */
export interface ReadRoutingConfig {
  /** Lag beyond which the standby serves nothing. @defaultValue `5` s */
  maxLagSeconds: number;
  /** How long after a tenant's write its queries look for that write on the standby. @defaultValue `5000` ms */
  readYourWritesMs: number;
  /** Longest a query waits for the standby to replay it before going to the primary. @defaultValue `200` ms */
  replayWaitMs: number;
}

/** Parses and validates the environment; throws with every problem listed. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  // An unset NODE_ENV means development (envalid would otherwise treat it as production).
  const e = cleanEnv({ ...env, NODE_ENV: env.NODE_ENV || 'development' }, ENV_SPEC, { reporter: throwOnInvalid });
  if (!Number.isInteger(e.PORT) || e.PORT < 0 || e.PORT > 65535) throw new Error(`Invalid configuration:\n  PORT: ${e.PORT} is not a port (0-65535)`);
  if (!Number.isInteger(e.WORKER_HTTP_PORT) || e.WORKER_HTTP_PORT < 0 || e.WORKER_HTTP_PORT > 65535)
    throw new Error(`Invalid configuration:\n  WORKER_HTTP_PORT: ${e.WORKER_HTTP_PORT} is not a port (0-65535)`);
  if (e.TOKEN_SECRET.length < 32) throw new Error('TOKEN_SECRET must be at least 32 characters');
  const dataDir = path.resolve(e.HUB_DATA_DIR);
  // A deployment may give the API and the worker only their own role's URL, never the owner's.
  const database = e.DATABASE_URL ?? e.API_DATABASE_URL ?? e.WORKER_DATABASE_URL;
  const redis = e.REDIS_URL ?? (e.REDIS_SENTINELS ? sentinelUrl(e.REDIS_SENTINELS, e.REDIS_SENTINEL_NAME) : undefined);
  const embedded = !database && !redis;
  if (!embedded && (!database || !redis)) {
    throw new Error('Set a database URL (DATABASE_URL, or API_DATABASE_URL/WORKER_DATABASE_URL) and REDIS_URL, or neither (embedded default)');
  }
  return toAppConfig(e, embedded, dataDir, redis);
}

function toAppConfig(e: CleanedEnv<typeof ENV_SPEC>, embedded: boolean, dataDir: string, redis: string | undefined): AppConfig {
  // Empty when this process was given only its role's URL: it then never connects as the owner.
  const databaseUrl = e.DATABASE_URL ?? (embedded ? `postgres://postgres:postgres@127.0.0.1:${e.EMBEDDED_PG_PORT}/hub` : '');
  const dbRolePasswords = { apiPassword: e.DB_API_PASSWORD, workerPassword: e.DB_WORKER_PASSWORD };
  // No password (production without DB_*_PASSWORD): no URL, and openOrm says what to set if this process needs it.
  const derive = (role: DbRole, password: string) => (databaseUrl && password ? roleDatabaseUrl(databaseUrl, role, password) : '');
  return {
    nodeEnv: e.NODE_ENV as AppConfig['nodeEnv'],
    host: e.HOST,
    port: e.PORT,
    databaseUrl,
    apiDatabaseUrl: e.API_DATABASE_URL ?? derive(DbRole.API, dbRolePasswords.apiPassword),
    workerDatabaseUrl: e.WORKER_DATABASE_URL ?? derive(DbRole.WORKER, dbRolePasswords.workerPassword),
    dbRolePasswords,
    ...readSideOf(e, dbRolePasswords.apiPassword),
    redisUrl: redis ?? `redis://127.0.0.1:${e.EMBEDDED_REDIS_PORT}`,
    embedded,
    dataDir,
    consoleDir: path.resolve(e.CONSOLE_DIR),
    embeddedPgPort: e.EMBEDDED_PG_PORT,
    embeddedRedisPort: e.EMBEDDED_REDIS_PORT,
    tokenSecret: e.TOKEN_SECRET,
    tokenTtlSeconds: e.TOKEN_TTL_SECONDS,
    dbPoolMax: e.DB_POOL_MAX,
    statementTimeoutMs: e.STATEMENT_TIMEOUT_MS,
    logLevel: e.LOG_LEVEL,
    queuePrefix: e.QUEUE_PREFIX,
    demoHouseholds: e.DEMO_HOUSEHOLDS,
    demoProjects: e.DEMO_PROJECTS,
    sqlDebug: e.SQL_DEBUG,
    ...workerSettingsOf(e),
    ...portsOf(e),
    requestLimits: requestLimitsOf(e),
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    lookupDailyBudget: e.LOOKUP_DAILY_BUDGET,
    lookupMissCost: e.LOOKUP_MISS_COST,
    uploadLimits: uploadLimitsOf(e),
    ...operationsOf(e),
    webhooks: webhookSettingsOf(e),
    staffAccounts: staffAccountsOf(e),
  };
}

function webhookSettingsOf(e: CleanedEnv<typeof ENV_SPEC>): WebhookSettings {
  return {
    allowHosts: e.WEBHOOK_HTTP_ALLOW_HOSTS.split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
    timeoutMs: e.WEBHOOK_TIMEOUT_MS,
    retryFirstMs: e.WEBHOOK_RETRY_FIRST_MS,
    retrySpanMs: e.WEBHOOK_RETRY_SPAN_MS,
    concurrency: e.WEBHOOK_CONCURRENCY,
    relayIntervalMs: e.WEBHOOK_RELAY_INTERVAL_MS,
  };
}

function staffAccountsOf(e: CleanedEnv<typeof ENV_SPEC>): StaffAccountSettings {
  return {
    maxFailures: e.STAFF_LOGIN_MAX_FAILURES,
    lockoutSeconds: e.STAFF_LOCKOUT_SECONDS,
    idleSeconds: e.STAFF_SESSION_IDLE_SECONDS,
    absoluteSeconds: e.STAFF_SESSION_ABSOLUTE_SECONDS,
    secureCookie: e.STAFF_COOKIE_SECURE === 'auto' ? e.NODE_ENV === 'production' : e.STAFF_COOKIE_SECURE === 'true',
    loginRatePerMinute: e.STAFF_LOGIN_RATE_PER_MINUTE,
  };
}

/** The standby that serves queries (as the API's role) and when it may not. */
function readSideOf(e: CleanedEnv<typeof ENV_SPEC>, apiPassword: string) {
  return {
    apiReadDatabaseUrl: e.DATABASE_READ_URL && apiPassword ? roleDatabaseUrl(e.DATABASE_READ_URL, DbRole.API, apiPassword) : '',
    readRouting: { maxLagSeconds: e.READ_LAG_MAX_SECONDS, readYourWritesMs: e.READ_YOUR_WRITES_MS, replayWaitMs: e.READ_REPLAY_WAIT_MS },
  } satisfies Partial<AppConfig>;
}

/** Ports of the test suite's, the benches' and the HA pair's own servers. */
function portsOf(e: CleanedEnv<typeof ENV_SPEC>) {
  return {
    testPgPort: e.TEST_PG_PORT,
    testRedisPort: e.TEST_REDIS_PORT,
    benchPgPort: e.BENCH_PG_PORT,
    haBasePort: e.HA_BASE_PORT,
    testHaBasePort: e.TEST_HA_BASE_PORT,
  } satisfies Partial<AppConfig>;
}

/** What operators tune: stop grace, exports' bound, the metrics' token and the traces' collector. */
function operationsOf(e: CleanedEnv<typeof ENV_SPEC>) {
  return {
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    exportTimeoutMs: e.EXPORT_TIMEOUT_MS,
    metricsToken: e.METRICS_TOKEN,
    tracing: tracingConfigOf(e),
  };
}

/** How the worker runs its jobs: reconciliation chunks, concurrency, locks, sweeps and retries. */
function workerSettingsOf(e: CleanedEnv<typeof ENV_SPEC>) {
  return {
    reconcileChunkSize: e.RECONCILE_CHUNK_SIZE,
    reconcileExactConnections: e.RECONCILE_EXACT_CONNECTIONS,
    matchProbableThreshold: e.MATCH_PROBABLE_THRESHOLD,
    workerConcurrency: e.WORKER_CONCURRENCY,
    workerLockMs: e.WORKER_LOCK_MS,
    workerStalledIntervalMs: e.WORKER_STALLED_INTERVAL_MS,
    sweepIntervalMs: e.SWEEP_INTERVAL_MS,
    jobAttempts: e.JOB_ATTEMPTS,
    jobBackoffMs: e.JOB_BACKOFF_MS,
    workerHttpPort: e.WORKER_HTTP_PORT,
  } satisfies Partial<AppConfig>;
}

function requestLimitsOf(e: CleanedEnv<typeof ENV_SPEC>): RequestLimits {
  return {
    maxDepth: e.GRAPHQL_MAX_DEPTH,
    maxAliases: e.GRAPHQL_MAX_ALIASES,
    maxDirectives: e.GRAPHQL_MAX_DIRECTIVES,
    maxTokens: e.GRAPHQL_MAX_TOKENS,
    maxCost: e.GRAPHQL_MAX_COST,
    maxQueryChars: e.GRAPHQL_MAX_QUERY_CHARS,
    maxBodyBytes: Math.round(e.GRAPHQL_MAX_BODY_MB * 1024 * 1024),
    requestTimeoutMs: e.HTTP_REQUEST_TIMEOUT_MS,
  };
}

function uploadLimitsOf(e: CleanedEnv<typeof ENV_SPEC>): UploadLimits {
  return {
    maxConcurrent: e.UPLOAD_MAX_CONCURRENT,
    maxPerTenant: e.UPLOAD_MAX_PER_TENANT,
    // Below the pool, so uploads always leave a connection to reads (a pool of 1 cannot, and is for tests only).
    copyConnections: Math.max(1, Math.min(e.UPLOAD_COPY_CONNECTIONS, e.DB_POOL_MAX - 1)),
    minBytesPerSecond: e.UPLOAD_MIN_BYTES_PER_SECOND,
    rateWindowMs: e.UPLOAD_RATE_WINDOW_MS,
    deadlineMs: e.UPLOAD_DEADLINE_MS,
    spoolDir: e.UPLOAD_SPOOL_DIR ? path.resolve(e.UPLOAD_SPOOL_DIR) : DEFAULT_UPLOAD_LIMITS.spoolDir,
    encoderThreads: e.UPLOAD_ENCODER_THREADS < 0 ? DEFAULT_UPLOAD_LIMITS.encoderThreads : e.UPLOAD_ENCODER_THREADS,
    dryRunMaxProblems: e.DRY_RUN_MAX_PROBLEMS,
  };
}

/** Secrets of the benches' scratch databases and tokens, used only where the environment gives none. */
const BENCH_SECRETS = {
  TOKEN_SECRET: 'bench-only-token-secret-bench-only-token-secret',
  DB_API_PASSWORD: 'hub-api-bench-password',
  DB_WORKER_PASSWORD: 'hub-worker-bench-password',
};

/**
 * The config of `npm run bench`, which measures the hub as it runs deployed:
 * NODE_ENV=production (graphql-js skips its development checks only then, read
 * when it loads, so the script sets it), with the benches' own secrets.
 */
export function loadBenchConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  if (env.NODE_ENV !== 'production') throw new Error('The benches run with NODE_ENV=production, as the hub is deployed: use npm run bench');
  return loadConfig({ ...BENCH_SECRETS, ...env });
}
