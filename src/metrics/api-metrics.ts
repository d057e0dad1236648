import { Counter, Histogram, type Registry } from 'prom-client';
import { OperationNames, type TenantKindLabel, routeLabel, statusClass } from './metric-labels';
import { type PoolUse, REQUEST_SECONDS_BUCKETS, createRegistry, registerPoolGauges } from './metric-registry';

const HTTP_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** GraphQL operation types, and `unknown` for a request that failed before one was chosen. */
export type OperationType = 'query' | 'mutation' | 'subscription' | 'unknown';

/**
 * The API process's metric families (README "Metrics" lists them). Labels are
 * bounded: route patterns, status classes, capped operation names, tenant
 * kinds and contract codes; never a tenant code or anything personal.
 */
export class ApiMetrics {
  readonly registry: Registry = createRegistry();
  readonly operationNames = new OperationNames();

  private readonly httpDuration = new Histogram({
    name: 'hub_http_request_duration_seconds',
    help: 'HTTP requests of the API by method, express route pattern and status class, from arrival to the last byte sent',
    labelNames: ['method', 'route', 'status_class'],
    buckets: REQUEST_SECONDS_BUCKETS,
    registers: [this.registry],
  });

  private readonly operationDuration = new Histogram({
    name: 'hub_graphql_operation_duration_seconds',
    help: 'GraphQL operations by operation name (anonymous, or other past the cap), type and the caller’s tenant kind',
    labelNames: ['operation', 'type', 'tenant_kind'],
    buckets: REQUEST_SECONDS_BUCKETS,
    registers: [this.registry],
  });

  private readonly errors = new Counter({
    name: 'hub_graphql_errors_total',
    help: 'Errors answered by GraphQL operations, by contract code (extensions.code) and the caller’s tenant kind',
    labelNames: ['code', 'tenant_kind'],
    registers: [this.registry],
  });

  private readonly httpErrors = new Counter({
    name: 'hub_http_errors_total',
    help: 'Contract errors answered outside GraphQL execution (authentication, rate limit, request limits, bodies, uploads), by code, route pattern and tenant kind',
    labelNames: ['code', 'route', 'tenant_kind'],
    registers: [this.registry],
  });

  private readonly rateLimited = new Counter({
    name: 'hub_rate_limited_requests_total',
    help: 'Requests refused with 429 RATE_LIMITED by the per-tenant rate limit, by the tenant’s kind',
    labelNames: ['tenant_kind'],
    registers: [this.registry],
  });

  /** Reads the pool on each scrape. */
  watchPool(read: () => PoolUse): void {
    registerPoolGauges(this.registry, read);
  }

  observeHttp(method: string, baseUrl: string | undefined, routePath: unknown, status: number, seconds: number): void {
    const m = HTTP_METHODS.has(method) ? method : 'other';
    this.httpDuration.observe({ method: m, route: routeLabel(baseUrl, routePath), status_class: statusClass(status) }, seconds);
  }

  observeOperation(operation: string, type: OperationType, tenantKind: TenantKindLabel, seconds: number): void {
    this.operationDuration.observe({ operation, type, tenant_kind: tenantKind }, seconds);
  }

  countError(code: string, tenantKind: TenantKindLabel): void {
    this.errors.inc({ code, tenant_kind: tenantKind });
  }

  countHttpError(code: string, baseUrl: string | undefined, routePath: unknown, tenantKind: TenantKindLabel): void {
    this.httpErrors.inc({ code, route: routeLabel(baseUrl, routePath), tenant_kind: tenantKind });
  }

  countRateLimited(tenantKind: TenantKindLabel): void {
    this.rateLimited.inc({ tenant_kind: tenantKind });
  }
}
