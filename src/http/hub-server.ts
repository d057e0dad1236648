import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import type { MikroORM } from '@mikro-orm/postgresql';
import express, { type ErrorRequestHandler } from 'express';
import type { GraphQLSchema } from 'graphql';
import { authMiddleware } from '../auth/auth.middleware';
import type { Caller } from '../auth/caller';
import type { TokenService } from '../auth/token.service';
import type { AppConfig } from '../config/config';
import { poolUse } from '../db/pool-clients';
import type { ReadRouter } from '../db/read-router';
import { forkForCaller } from '../db/request-em';
import { createApolloServer } from '../graphql/apollo.server';
import { ContractErrorCode } from '../graphql/error-code';
import type { HubContext, LiveProgress } from '../graphql/hub-context';
import { graphqlStreamHandler } from '../graphql/stream.handler';
import { ProgressFeed } from '../queues/progress.feed';
import { ProgressPublisher } from '../queues/progress.publisher';
import { createLoaders } from '../graphql/hub-loaders';
import type { Logger } from '../logging/logger';
import { ApiMetrics } from '../metrics/api-metrics';
import { tenantKindLabel } from '../metrics/metric-labels';
import { TenantService } from '../modules/tenants/tenant.service';
import type { HubQueues } from '../queues/hub-queues';
import type { Redis } from '../queues/redis.connection';
import { ADMIN_QUEUES_PATH, adminQueuesRouter } from './admin-queues.route';
import { type HealthOptions, healthRoutes } from './health.routes';
import { httpMetrics, metricsRoute } from './metrics.routes';
import { accessLog } from './access-log.middleware';
import { accessNoteOf } from '../logging/access-note';
import { DEFAULT_LOOKUP_BUDGET, LookupBudget } from '../graphql/limits/lookup-budget';
import { DEFAULT_REQUEST_LIMITS, type RequestLimits } from '../graphql/limits/request-limits';
import { recordUploadRouter } from '../modules/sector-batches/record-upload.route';
import { recordTemplateRouter } from '../modules/sector-batches/record-template.route';
import { announcementsRouter } from '../modules/announcements/announcements.route';
import { exportsRouter } from '../modules/exports/exports.route';
import type { UploadLimits } from '../modules/sector-batches/upload-limits';
import { graphqlGuard, requestDeadline } from './graphql-guard.middleware';
import { rateLimit } from './rate-limit.middleware';
import { requestIdMiddleware } from './request-id.middleware';
import { closeIfBodyUnread } from './unread-body';
import { consoleRouter } from './console.routes';
import { staffAccountsMount } from '../modules/staff-accounts/staff-accounts.mount';

export interface HubServerDeps {
  /** Limits and the rate limit default to the config defaults when left out. */
  config: Pick<AppConfig, 'nodeEnv' | 'host' | 'port'> &
    Partial<
      Pick<
        AppConfig,
        | 'exportTimeoutMs'
        | 'requestLimits'
        | 'rateLimitPerMinute'
        | 'lookupDailyBudget'
        | 'lookupMissCost'
        | 'queuePrefix'
        | 'metricsToken'
        | 'staffAccounts'
        | 'tokenSecret'
      >
    > & {
      uploadLimits?: Partial<UploadLimits>;
      /** Hosts webhooks may reach over http and at internal addresses; none when left out. */
      webhookAllowHosts?: readonly string[];
    };
  orm: MikroORM;
  redis: Redis;
  schema: GraphQLSchema;
  tokens: TokenService;
  log: Logger;
  /** Sends queries to the standby (DATABASE_READ_URL); everything on `orm` without it. */
  readRouter?: ReadRouter;
  /** The HA nodes /readyz lists (PostgreSQL nodes, Redis servers under Sentinel); none without a pair. */
  nodes?: HealthOptions['nodes'];
  /** Producers of the queues; without them batches wait in the outbox for another process's relay. */
  queues?: HubQueues;
  /** The built web console served at /console (CONSOLE_DIR); dist/console of the working folder when left out. */
  consoleDir?: string;
  /**
   * The process's metrics; a hub of its own when left out (tests start several hubs in one process).
   * False (benchmarks only) collects none, to measure what collecting costs.
   */
  metrics?: ApiMetrics | false;
  /**
   * Benchmarks only (never set by the API process): false turns the request
   * limits, the rate limit, the lookup budget and the audit of reads off, to measure what they cost.
   * @defaultValue true
   */
  protections?: boolean;
}

/** Longest wait for the requests being answered before the server closes anyway. */
const DRAIN_WAIT_MS = 20_000;

/** How long an export may stream when the config does not say (EXPORT_TIMEOUT_MS's default). */
const DEFAULT_EXPORT_TIMEOUT_MS = 600_000;

/** Requests per tenant per minute when the config does not say. */
const DEFAULT_RATE_LIMIT = 1200;

/** The API process's HTTP side: health, GraphQL, and the clean shutdown of both. */
export class HubServer {
  readonly httpServer: Server;
  private readonly apollo: ApolloServer<HubContext>;
  private readonly app: express.Express;
  private readonly limits: RequestLimits;
  private readonly metrics: ApiMetrics | null;
  private stopping = false;
  private active = 0;
  /** Live progress: the process's one Redis subscriber (fanned out to the streams) and its publisher. */
  private live: LiveProgress | null = null;
  private publisher: ProgressPublisher | null = null;

  /** Requests received and not yet closed (what stop() waits for). */
  get activeRequests(): number {
    return this.active;
  }

  private get protected(): boolean {
    return this.deps.protections !== false;
  }

  constructor(private readonly deps: HubServerDeps) {
    const app = express();
    app.disable('x-powered-by');
    // No ETag: answers to POSTs are never revalidated, and hashing every body cost each page a SHA-1 of its JSON.
    app.disable('etag');
    this.httpServer = createServer(app);
    // A streamed batch upload of millions of records may take longer than Node's 5-minute default; the route has its own rate floor and deadline.
    this.httpServer.requestTimeout = 0;
    this.limits = deps.config.requestLimits ?? DEFAULT_REQUEST_LIMITS;
    this.metrics = deps.metrics === false ? null : (deps.metrics ?? new ApiMetrics());
    this.metrics?.watchPool(() => poolUse(deps.orm));
    const production = deps.config.nodeEnv === 'production';
    this.apollo = createApolloServer(deps.schema, this.httpServer, production, this.protected ? this.limits : null, this.metrics ?? undefined);
    this.app = app;
  }

  /** Starts Apollo and listens; resolves with the bound port (0 in config picks a free one). */
  async start(): Promise<number> {
    await this.apollo.start();
    this.startLive();
    this.mountRoutes();
    await new Promise<void>((resolve) => this.httpServer.listen(this.deps.config.port, this.deps.config.host, resolve));
    return (this.httpServer.address() as AddressInfo).port;
  }

  /**
   * Stops gracefully: for `graceMs` /readyz answers 503 while requests are
   * still served (a load balancer stops sending, and requests already sent
   * arrive); then no new connection is taken and those in flight finish.
   */
  async stop(graceMs = 0): Promise<void> {
    this.stopping = true;
    if (graceMs > 0) await new Promise((r) => setTimeout(r, graceMs));
    // Open streams would hold the drain below: each sends what it holds and completes (clients reconnect elsewhere).
    this.publisher?.stop();
    this.live?.feed.stop();
    // The requests being answered finish first, by our own count: the drain below closes the connections
    // that Node deems idle, and a request still queued for a database connection must not be one of them.
    const deadline = Date.now() + DRAIN_WAIT_MS;
    while (this.active > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await this.apollo.stop();
  }

  private startLive(): void {
    const { redis, log, orm, config } = this.deps;
    const prefix = config.queuePrefix ?? 'hub';
    const feed = new ProgressFeed(redis, prefix, log);
    feed.start();
    this.publisher = new ProgressPublisher(redis, prefix, log);
    this.live = { feed, orm, signal: this.publisher };
  }

  /** The tenants' daily lookup budget, shared by this process's requests; none when it is off. */
  private lookupBudget(): LookupBudget | undefined {
    const { config, redis, log } = this.deps;
    const perDay = config.lookupDailyBudget ?? DEFAULT_LOOKUP_BUDGET.perDay;
    if (!this.protected || perDay <= 0) return undefined;
    return new LookupBudget(redis, { perDay, missCost: config.lookupMissCost ?? DEFAULT_LOOKUP_BUDGET.missCost, keyPrefix: config.queuePrefix ?? 'hub' }, log);
  }

  /** What every resolver receives: the caller the auth middleware found, its scoped EntityManager and loaders. */
  private contextOf(locals: Record<string, unknown>, lookupBudget: LookupBudget | undefined): HubContext {
    const caller = locals.caller as Caller;
    const requestId = locals.requestId as string;
    const em = forkForCaller(this.deps.orm, caller);
    return {
      requestId,
      caller,
      em,
      readRouter: this.deps.readRouter,
      loaders: createLoaders(em, caller.tenant.code),
      log: this.deps.log.child({ requestId, tenant: caller.tenant.code }),
      queues: this.deps.queues,
      lookupBudget,
      afterCommit: [],
      auditReads: this.protected,
      dryRunMaxProblems: this.deps.config.uploadLimits?.dryRunMaxProblems,
      accessNote: accessNoteOf(locals),
      webhookAllowHosts: this.deps.config.webhookAllowHosts,
      live: this.live ?? undefined,
    };
  }

  /** Subscriptions over SSE, behind the same authentication, rate limit and body checks as /graphql; long-lived, so without its deadline. */
  private mountStream(guards: express.RequestHandler[], lookupBudget: LookupBudget | undefined): void {
    const { schema, log } = this.deps;
    const production = this.deps.config.nodeEnv === 'production';
    const limits = this.protected ? this.limits : null;
    this.app.use(
      '/graphql/stream',
      ...guards,
      express.json({ limit: this.limits.maxBodyBytes }),
      ...(this.protected ? [graphqlGuard(this.limits)] : []),
      graphqlStreamHandler({ schema, production, limits, log, contextOf: (res) => this.contextOf(res.locals, lookupBudget) }),
    );
  }

  /** The /auth routes; returns what authenticates a route by bearer token or session cookie. */
  private mountStaffAccounts(tenants: TenantService) {
    const { orm, redis, log, config } = this.deps;
    const staff = staffAccountsMount({
      orm,
      redis,
      tenants,
      log,
      settings: config.staffAccounts,
      keyPrefix: config.queuePrefix ?? 'hub',
      secret: config.tokenSecret,
    });
    this.app.use(staff.router);
    return staff;
  }

  /** What every request passes first: the in-flight count, metrics, request id and access log; then health and /metrics. */
  private mountOperations(): void {
    const { orm, redis, log } = this.deps;
    this.app.use((_req, res, next) => {
      this.active++;
      res.once('close', () => this.active--);
      next();
    });
    if (this.metrics) this.app.use(httpMetrics(this.metrics));
    this.app.use(requestIdMiddleware);
    this.app.use(accessLog(log));
    this.app.use(healthRoutes(orm, redis, { stopping: () => this.stopping, reads: this.deps.readRouter, nodes: this.deps.nodes }));
    if (this.metrics) this.app.use(metricsRoute(this.metrics.registry, this.deps.config.metricsToken));
  }

  private mountRoutes(): void {
    const { orm, redis, tokens, log } = this.deps;
    this.mountOperations();
    // Public by contract: no token, and no tenant; announcements read only through their own database function,
    // and the web console's files hold no data (it reads through /graphql with a staff session like any client).
    this.app.use(announcementsRouter({ orm, log }), consoleRouter({ dir: this.deps.consoleDir, log }));
    const tenants = new TenantService(orm);
    const authenticate = authMiddleware(tokens, tenants);
    // People log in at /auth; /graphql takes their session cookie where a machine sends its bearer token.
    const staff = this.mountStaffAccounts(tenants);
    if (this.deps.queues) {
      const [guard, board] = adminQueuesRouter([this.deps.queues.reconciliation, ...(this.deps.queues.others ?? [])], tokens, tenants);
      this.app.use(ADMIN_QUEUES_PATH, guard, board);
    }
    const rate = { points: this.deps.config.rateLimitPerMinute ?? DEFAULT_RATE_LIMIT, windowSeconds: 60, keyPrefix: this.deps.config.queuePrefix ?? 'hub' };
    const lookupBudget = this.lookupBudget();
    const refused = (caller: Caller) => this.metrics?.countRateLimited(tenantKindLabel(caller.tenant.kind));
    const limitRate = this.protected ? [rateLimit(redis, rate, log, refused)] : [];
    // Who is asking, and whether it may, before any body is read: an anonymous or over-budget body costs a refusal, not a parse.
    // The stream first: '/graphql' would take '/graphql/stream' too.
    this.mountStream([authenticate, ...limitRate], lookupBudget);
    this.app.use(
      '/graphql',
      requestDeadline(this.limits.requestTimeoutMs),
      staff.orBearer(authenticate),
      ...limitRate,
      express.json({ limit: this.limits.maxBodyBytes }),
      ...(this.protected ? [graphqlGuard(this.limits)] : []),
      expressMiddleware(this.apollo, { context: async ({ res }) => this.contextOf(res.locals, lookupBudget) }),
    );
    this.app.use(recordUploadRouter({ orm, authenticate, rateLimit: limitRate[0], limits: this.deps.config.uploadLimits, log }));
    this.app.use(recordTemplateRouter({ authenticate, rateLimit: limitRate[0], log }));
    const exportTimeoutMs = this.deps.config.exportTimeoutMs ?? DEFAULT_EXPORT_TIMEOUT_MS;
    const exportDeps = { orm, log, authenticate, timeoutMs: exportTimeoutMs, auditReads: this.protected, readRouter: this.deps.readRouter };
    this.app.use(exportsRouter({ ...exportDeps, rateLimit: limitRate[0] }));
    this.app.use(bodyErrorHandler);
    this.app.use(lastResortHandler(log));
  }
}

/** A body too large or not JSON is the client's fault, answered in the contract's shape. */
const bodyErrorHandler: ErrorRequestHandler = (err, req, res, next) => {
  const type = (err as { type?: string }).type;
  if (type === 'entity.too.large') {
    closeIfBodyUnread(req, res);
    res.status(413).json({ errors: [{ message: 'Request body too large', extensions: { code: ContractErrorCode.PAYLOAD_TOO_LARGE } }] });
    return;
  }
  if (type === 'entity.parse.failed' || type === 'encoding.unsupported' || type === 'charset.unsupported') {
    res.status(400).json({
      errors: [
        { message: 'Body is not valid JSON', extensions: { code: ContractErrorCode.BAD_USER_INPUT, fields: [{ path: 'body', message: 'not valid JSON' }] } },
      ],
    });
    return;
  }
  next(err);
};

/** Anything else is masked: no stack or SQL leaves the process. */
function lastResortHandler(log: Logger): ErrorRequestHandler {
  return (err, _req, res, _next) => {
    const requestId = res.locals.requestId as string | undefined;
    log.error({ err, requestId }, 'unhandled HTTP error');
    res.status(500).json({ errors: [{ message: 'Internal error', extensions: { code: ContractErrorCode.INTERNAL, requestId } }] });
  };
}
