/**
 * Label values of the hub's metrics, each from a bounded set: Prometheus keeps
 * one series per label combination, and a label must never carry a tenant
 * code, an ID number, a name or anything a client may vary freely.
 */

/** The tenant kinds of the contract (the ADMIN kind is the national office, LGOP). */
export type TenantKindLabel = 'LGOP' | 'PROVINCE' | 'MINISTRY' | 'none';

export function tenantKindLabel(kind: string | undefined): TenantKindLabel {
  if (kind === 'ADMIN') return 'LGOP';
  if (kind === 'PROVINCE' || kind === 'MINISTRY') return kind;
  return 'none';
}

/** `2xx`, `4xx`, `5xx`: the class is what alerts need, and it keeps the series few. */
export function statusClass(status: number): string {
  return status >= 100 && status < 600 ? `${Math.floor(status / 100)}xx` : 'other';
}

/** Operation names kept as labels, first come; later new names collapse into `other`. */
const MAX_OPERATION_NAMES = 100;

/** A GraphQL name without a run of digits (an ID number or registry number must not become a label). */
const LABEL_SAFE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const DIGIT_RUN = /\d{5,}/;

/**
 * Operation names are chosen by clients, so the set a process reports is
 * capped: anonymous operations are `anonymous`, odd or late names `other`.
 */
export class OperationNames {
  private readonly seen = new Set<string>();

  constructor(private readonly max = MAX_OPERATION_NAMES) {}

  label(name: string | null | undefined): string {
    if (!name) return 'anonymous';
    if (!LABEL_SAFE_NAME.test(name) || DIGIT_RUN.test(name)) return 'other';
    if (this.seen.has(name)) return name;
    if (this.seen.size >= this.max) return 'other';
    this.seen.add(name);
    return name;
  }
}

/** Segments of a mount path that look like values (numbers, UUIDs, long tokens) become `:id`. */
const VALUE_SEGMENT = /^(?:\d+|[0-9a-f]{8}-[0-9a-f-]{27}|[A-Za-z0-9_-]{24,})$/i;

/**
 * The route label: the express route pattern (`/batches/:id/records`) under its
 * mount path, never the raw URL; requests no route matched are `unmatched`.
 */
export function routeLabel(baseUrl: string | undefined, routePath: unknown): string {
  const base = (baseUrl ?? '')
    .split('/')
    .map((s) => (VALUE_SEGMENT.test(s) ? ':id' : s))
    .join('/');
  const route = typeof routePath === 'string' ? routePath : '';
  const label = `${base}${route === '/' && base ? '' : route}`;
  return label || 'unmatched';
}
