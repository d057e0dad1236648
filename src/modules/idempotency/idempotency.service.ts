import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ContractErrorCode } from '../../graphql/error-code';
import { HubError } from '../../graphql/hub-error';
import { findKey, insertKey, storeResponse } from './idempotency.repository';

/** How long a key is remembered; the contract asks for at least 24 hours. @defaultValue 48 hours */
export const IDEMPOTENCY_TTL_HOURS = 48;

export type Claim<T> = { kind: 'new' } | { kind: 'replay'; response: T };

/** A stable hash of a request: same input, same hash, whatever the key order of its objects. */
export function requestHash(operation: string, input: unknown): string {
  return createHash('sha256').update(operation).update(canonicalJson(input)).digest('hex');
}

/**
 * Keys sorted (UTF-16 order), undefined members left out, dates as ISO text. Built by appending to
 * one string, without the entry arrays a map/filter/join makes: a push of 1,000 households hashes
 * about 5,000 objects, and the text must stay byte for byte what stored keys were hashed from.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) {
    let out = '[';
    // A hole stays empty, as the map/join form wrote it.
    for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + (i in value ? canonicalJson(value[i]) : '');
    return out + ']';
  }
  const object = value as Record<string, unknown>;
  let out = '{';
  for (const key of Object.keys(object).sort()) {
    const member = object[key];
    if (member === undefined) continue;
    out += (out.length > 1 ? ',' : '') + JSON.stringify(key) + ':' + canonicalJson(member);
  }
  return out + '}';
}

/**
 * Idempotency keys, scoped to the tenant, inside the caller's transaction. A
 * second call with the same key waits on the first's row until it commits,
 * then replays its response: concurrent retries do the work once.
 */
export class IdempotencyService {
  constructor(
    private readonly em: EntityManager,
    private readonly tenantCode: string,
  ) {}

  async claim<T>(key: string, operation: string, hash: string): Promise<Claim<T>> {
    if (await insertKey(this.em, { tenantCode: this.tenantCode, key, operation, hash, ttlHours: IDEMPOTENCY_TTL_HOURS })) return { kind: 'new' };
    const row = (await findKey<T>(this.em, this.tenantCode, key))!;
    if (row.operation !== operation || row.requestHash !== hash) {
      throw new HubError(ContractErrorCode.IDEMPOTENCY_KEY_REUSED, 'This idempotency key was used for a different request');
    }
    return { kind: 'replay', response: row.response };
  }

  async complete(key: string, response: unknown): Promise<void> {
    await storeResponse(this.em, this.tenantCode, key, response);
  }
}
