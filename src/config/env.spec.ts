import { bool, makeValidator, num, port, str } from 'envalid';
import { parseDatabaseUrl } from '../db/multi-host-url';
import { parseSentinelUrl } from '../queues/sentinel-url';

/** Development-only token secret; production refuses to start without TOKEN_SECRET. */
export const DEV_TOKEN_SECRET = 'dev-only-token-secret-change-me-in-production-0123456789';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** An http(s) URL, or empty for "not set" (so that compose's `${VAR:-}` turns a feature off rather than failing). */
const optionalHttpUrl = makeValidator<string>((value) => {
  if (value === '') return '';
  const parsed = URL.canParse(value) ? new URL(value) : undefined;
  if (parsed?.protocol !== 'http:' && parsed?.protocol !== 'https:') throw new Error(`not an http(s) URL: ${value}`);
  return value;
});

/** A PostgreSQL URL, also libpq's multi-host form (`postgres://u:p@h1:5432,h2:5432/hub?target_session_attrs=read-write`). */
const databaseUrl = makeValidator<string>((value) => {
  parseDatabaseUrl(value);
  return value;
});

/** A redis:// URL, or `redis-sentinel://h1:26379,h2:26379/<name>` (what REDIS_SENTINELS and REDIS_SENTINEL_NAME become). */
const redisUrl = makeValidator<string>((value) => {
  if (value.startsWith('redis-sentinel://')) parseSentinelUrl(value);
  else if (!URL.canParse(value)) throw new Error(`not a URL: ${value}`);
  return value;
});

/** Every environment variable of the hub, with its default and what it means (`src/config/config.ts` maps them). */
export const ENV_SPEC = {
  NODE_ENV: str({ choices: ['development', 'test', 'production'], default: 'development', desc: 'Run mode' }),
  HOST: str({ default: '127.0.0.1', desc: 'Listen address of the API' }),
  PORT: num({ default: 4000, desc: 'HTTP port of the API (0: any free port, as tests use)' }),
  DATABASE_URL: databaseUrl({
    default: undefined,
    desc: 'PostgreSQL URL; a multi-host URL with target_session_attrs=read-write follows the primary of a pair; embedded PostgreSQL when absent',
  }),
  DATABASE_READ_URL: databaseUrl({
    default: undefined,
    desc: 'PostgreSQL URL of the standby (or a multi-host URL with target_session_attrs=prefer-standby) that serves queries and exports; all on DATABASE_URL when absent',
  }),
  REDIS_URL: redisUrl({ default: undefined, desc: 'Redis URL; embedded redis-server when absent (and no REDIS_SENTINELS)' }),
  REDIS_SENTINELS: str({ default: '', desc: 'host:port of each Redis Sentinel, comma-separated; Redis through Sentinel (REDIS_URL is then not needed)' }),
  REDIS_SENTINEL_NAME: str({ default: 'hubmaster', desc: 'Name the sentinels monitor the Redis master under' }),
  READ_LAG_MAX_SECONDS: num({ default: 5, desc: 'Standby lag beyond which queries go to the primary' }),
  READ_YOUR_WRITES_MS: num({
    default: 5_000,
    desc: 'After a tenant writes, how long its queries wait for the standby to replay that write (bounded by READ_REPLAY_WAIT_MS) or else go to the primary',
  }),
  READ_REPLAY_WAIT_MS: num({ default: 200, desc: 'Longest a query waits for the standby to replay its tenant’s last write before it goes to the primary' }),
  API_DATABASE_URL: databaseUrl({
    default: undefined,
    desc: 'URL the API logs in with (role hub_api); DATABASE_URL with that role and DB_API_PASSWORD when absent',
  }),
  WORKER_DATABASE_URL: databaseUrl({
    default: undefined,
    desc: 'URL the worker logs in with (role hub_worker); DATABASE_URL with that role and DB_WORKER_PASSWORD when absent',
  }),
  DB_API_PASSWORD: str({
    default: '',
    devDefault: 'hub-api-dev-password',
    desc: 'Password of the hub_api role (npm run migrate sets it); in production required where DATABASE_URL is the only URL, and by migrate',
  }),
  DB_WORKER_PASSWORD: str({
    default: '',
    devDefault: 'hub-worker-dev-password',
    desc: 'Password of the hub_worker role (npm run migrate sets it); in production required where DATABASE_URL is the only URL, and by migrate',
  }),
  HUB_DATA_DIR: str({ default: '.data', desc: 'Folder of the embedded servers' }),
  CONSOLE_DIR: str({ default: 'dist/console', desc: 'Folder of the built web console (npm run build) served at /console' }),
  EMBEDDED_PG_PORT: port({ default: 54329, desc: 'Port of the embedded PostgreSQL' }),
  EMBEDDED_REDIS_PORT: port({ default: 63799, desc: 'Port of the embedded redis-server' }),
  HA_BASE_PORT: port({ default: 54360, desc: 'First of the 12 loopback ports npm run ha takes (PostgreSQL, Patroni, etcd, Redis, sentinels)' }),
  TEST_HA_BASE_PORT: port({ default: 54380, desc: 'First of the loopback ports of the HA fault tests’ pairs (12 for each of the three HA test files)' }),
  TOKEN_SECRET: str({ devDefault: DEV_TOKEN_SECRET, desc: 'HMAC secret for bearer tokens (>= 32 chars)' }),
  TOKEN_TTL_SECONDS: num({ default: 8 * 3600, desc: 'Token lifetime in seconds' }),
  DB_POOL_MAX: num({ default: 10, desc: 'PostgreSQL pool size of one process' }),
  STATEMENT_TIMEOUT_MS: num({ default: 30_000, desc: 'statement_timeout of API connections' }),
  LOG_LEVEL: str({ choices: LOG_LEVELS, default: 'info', desc: 'pino log level' }),
  QUEUE_PREFIX: str({ default: 'hub', desc: 'BullMQ key prefix' }),
  DEMO_HOUSEHOLDS: num({ default: 2000, desc: 'Households seeded by the embedded default' }),
  DEMO_PROJECTS: num({ default: 300, desc: 'Projects (with ledgers, benefits and planted supervision faults) seeded while the project library is empty' }),
  SQL_DEBUG: bool({ default: false, desc: 'Log SQL statements' }),
  RECONCILE_CHUNK_SIZE: num({ default: 20_000, desc: 'Records per reconciliation chunk' }),
  RECONCILE_EXACT_CONNECTIONS: num({
    default: 2,
    desc: 'Database connections each pass of one batch (exact match, then the second pass) uses at once (each worker job)',
  }),
  MATCH_PROBABLE_THRESHOLD: num({
    default: 0.9,
    desc: 'Score in (0, 1) a PROBABLE candidate needs (Fellegi-Sunter weights of county, birth date, sex and name comparison, as a probability)',
  }),
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
  METRICS_TOKEN: str({
    default: '',
    desc: 'Bearer token GET /metrics asks for (API and worker); empty: open, for scrapes from the internal network (labels carry no tenant code or personal data)',
  }),
  WORKER_HTTP_PORT: num({ default: 4001, desc: 'HTTP port of the worker (/metrics, /healthz, /readyz) on HOST; 0: any free port, as tests use' }),
  RATE_LIMIT_PER_MINUTE: num({ default: 1200, desc: 'Requests per tenant per minute (0: off)' }),
  LOOKUP_DAILY_BUDGET: num({
    default: 20_000,
    desc: 'Lookups per tenant per day: each ID number sent to lookupPersons, and LOOKUP_MISS_COST for each household(registryNo:) that finds nothing (0: off)',
  }),
  LOOKUP_MISS_COST: num({
    default: 10,
    desc: 'What a household(registryNo:) answer of null takes from LOOKUP_DAILY_BUDGET (guessing registry numbers misses)',
  }),
  EXPORT_TIMEOUT_MS: num({
    default: 600_000,
    desc: 'Longest an export (GET /exports/...) may stream, as its COPY statement timeout; a client too slow to read it is cut off',
  }),
  UPLOAD_MAX_CONCURRENT: num({ default: 8, desc: 'Record uploads one API process receives at once; more are answered 429 RATE_LIMITED' }),
  UPLOAD_MAX_PER_TENANT: num({ default: 2, desc: 'Record uploads one tenant has in progress at once per API process; more are answered 429 RATE_LIMITED' }),
  UPLOAD_COPY_CONNECTIONS: num({
    default: 2,
    desc: 'Pooled connections that received uploads are written to the database through at once (at most DB_POOL_MAX - 1)',
  }),
  UPLOAD_MIN_BYTES_PER_SECOND: num({ default: 16 * 1024, desc: 'Slowest upload body accepted, measured over each UPLOAD_RATE_WINDOW_MS (0: no floor)' }),
  UPLOAD_RATE_WINDOW_MS: num({ default: 30_000, desc: 'Window of the upload rate floor' }),
  UPLOAD_DEADLINE_MS: num({ default: 3_600_000, desc: 'Longest one record upload may take, from its first byte to its commit' }),
  UPLOAD_SPOOL_DIR: str({ default: '', desc: 'Folder where upload bodies are spooled before they are written to the database (empty: the OS temp folder)' }),
  UPLOAD_ENCODER_THREADS: num({
    default: -1,
    desc: 'Threads that parse, normalise and encode uploaded records, shared by the uploads of an API process (0: its own thread; -1: one less than the cores, 1 to 4)',
  }),
  DRY_RUN_MAX_PROBLEMS: num({
    default: 100,
    desc: 'Problems (line and reason) a dry run lists, validateSectorRecords and PUT /batches/{id}/records?dryRun=true; all are counted',
  }),
  JOB_ATTEMPTS: num({ default: 3, desc: 'Runs of a job before its batch is marked FAILED' }),
  JOB_BACKOFF_MS: num({ default: 5_000, desc: 'First retry delay of a failed job (exponential)' }),
  WEBHOOK_HTTP_ALLOW_HOSTS: str({
    default: '',
    desc: 'Comma-separated hosts (names or IP literals) webhooks may reach over plain http and at private, loopback or link-local addresses (tests, internal networks)',
  }),
  WEBHOOK_TIMEOUT_MS: num({ default: 10_000, desc: 'Longest one webhook delivery attempt may take' }),
  WEBHOOK_RETRY_FIRST_MS: num({ default: 30_000, desc: 'First retry delay of a failed webhook delivery (then doubling)' }),
  WEBHOOK_RETRY_SPAN_MS: num({ default: 86_400_000, desc: 'How long a webhook delivery is retried before it fails and its endpoint is disabled' }),
  WEBHOOK_CONCURRENCY: num({ default: 20, desc: 'Webhook deliveries one worker sends at once' }),
  WEBHOOK_RELAY_INTERVAL_MS: num({ default: 250, desc: 'How often committed webhook deliveries are moved from the outbox to their queue' }),
  STAFF_LOGIN_MAX_FAILURES: num({ default: 5, desc: 'Failed console logins in a row that lock a staff account' }),
  STAFF_LOCKOUT_SECONDS: num({ default: 900, desc: 'How long a locked staff account stays locked' }),
  STAFF_SESSION_IDLE_SECONDS: num({ default: 1800, desc: 'A console session unused this long expires' }),
  STAFF_SESSION_ABSOLUTE_SECONDS: num({ default: 8 * 3600, desc: 'A console session expires this long after login, used or not' }),
  STAFF_COOKIE_SECURE: str({
    choices: ['auto', 'true', 'false'],
    default: 'auto',
    desc: 'Secure flag of the session cookie (auto: on in production, where the hub sits behind HTTPS)',
  }),
  STAFF_LOGIN_RATE_PER_MINUTE: num({ default: 30, desc: 'Login attempts per client address per minute (0: off)' }),
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalHttpUrl({
    default: '',
    desc: 'OTLP/HTTP collector base URL (spans go to <url>/v1/traces); traces are off, and no OpenTelemetry SDK is loaded, when absent',
  }),
};
