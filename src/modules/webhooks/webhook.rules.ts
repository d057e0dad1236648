import { randomBytes } from 'node:crypto';
import { HOUSEHOLD_POLICY_FIELDS, PROJECT_POLICY_FIELDS } from '../sharing-policies/sharing-policy.fields';

/** The events an endpoint may subscribe to (kept in step with the CHECK of migration 20261211000100). */
export const WEBHOOK_EVENT_TYPES = [
  'batch.completed',
  'batch.failed',
  'discrepancy.opened',
  'discrepancy.resolved',
  'household.changed',
  'project.changed',
  'quality.run.completed',
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** The events of a request that are not ones the hub sends, and the list without repeats. */
export function checkEventTypes(events: readonly string[]): { unknown: string[]; events: WebhookEventType[] } {
  const known = new Set<string>(WEBHOOK_EVENT_TYPES);
  return { unknown: events.filter((e) => !known.has(e)), events: [...new Set(events)].filter((e): e is WebhookEventType => known.has(e)) };
}

/** The Standard Webhooks secret prefix; the rest is the base64 of the key. */
const SECRET_PREFIX = 'whsec_';

/** A fresh secret: 32 random bytes, in the Standard Webhooks form. */
export function newSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64')}`;
}

/** Whether a caller's secret is a Standard Webhooks secret whose key has 24 to 64 bytes. */
export function isValidSecret(secret: string): boolean {
  if (!secret.startsWith(SECRET_PREFIX)) return false;
  const b64 = secret.slice(SECRET_PREFIX.length);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64) || b64.length % 4 !== 0) return false;
  const bytes = Buffer.from(b64, 'base64').length;
  return bytes >= 24 && bytes <= 64;
}

/**
 * The wait before each retry: `first`, doubling, the last cut so that all of
 * them add up to `span` exactly. Attempt n (1-based) that fails waits
 * `delays[n - 1]`; past the end it is the last attempt.
 */
export function retryDelays(first: number, span: number): number[] {
  const delays: number[] = [];
  let total = 0;
  for (let d = Math.max(1, first); total < span; d *= 2) {
    const next = Math.min(d, span - total);
    delays.push(next);
    total += next;
  }
  return delays;
}

/** Who receives a payload: its tenant's kind and, for a ministry, what its policy grants. */
export interface Receiver {
  kind: 'ADMIN' | 'PROVINCE' | 'MINISTRY';
  householdFields: readonly string[] | null;
  projectFields: readonly string[] | null;
}

/** Keys every receiver of the event gets: ids and what the event is about, never a household or project field. */
const ALWAYS: Record<WebhookEventType, readonly string[]> = {
  'batch.completed': ['*'],
  'batch.failed': ['*'],
  'quality.run.completed': ['*'],
  'discrepancy.opened': ['discrepancyId', 'batchId', 'kind', 'status', 'sector'],
  'discrepancy.resolved': ['discrepancyId', 'batchId', 'kind', 'status', 'sector'],
  'household.changed': ['householdId', 'change'],
  'project.changed': ['projectNo', 'type', 'change'],
};

/**
 * The event's data as this receiver may see it. A province and LGOP receive
 * what the event holds (it was recorded for them); a ministry only the ids
 * and the household or project fields its data-sharing policy grants: the
 * other keys are left out, not nulled.
 */
export function payloadData(type: WebhookEventType, data: Record<string, unknown>, receiver: Receiver): Record<string, unknown> {
  if (receiver.kind !== 'MINISTRY') return data;
  const always = ALWAYS[type];
  if (always.includes('*')) return data;
  const granted = new Set<string>(always);
  if (type === 'household.changed') grant(granted, receiver.householdFields, HOUSEHOLD_POLICY_FIELDS);
  if (type === 'project.changed') grant(granted, receiver.projectFields, PROJECT_POLICY_FIELDS);
  return Object.fromEntries(Object.entries(data).filter(([k]) => granted.has(k)));
}

function grant(into: Set<string>, fields: readonly string[] | null, policyFields: readonly string[]): void {
  for (const f of fields ?? []) if (policyFields.includes(f)) into.add(f);
}
