import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Caller } from '../auth/caller';
import { forkForCaller } from './request-em';
import { beginTenantTransaction, endTenantTransaction } from './tenant-transaction';

/**
 * Runs `read` as a GraphQL request of `caller` would: its own EntityManager with the
 * caller's filters, in one transaction with the tenant set for row-level security.
 * For reads outside Apollo's request (a live subscription's later states).
 */
export async function withTenantRead<T>(orm: MikroORM, caller: Caller, read: (em: EntityManager) => Promise<T>): Promise<T> {
  const em = forkForCaller(orm, caller);
  await beginTenantTransaction(em, caller);
  let ok = false;
  try {
    const value = await read(em);
    ok = true;
    return value;
  } finally {
    await endTenantTransaction(em, ok).catch((err: unknown) => {
      if (ok) throw err;
    });
  }
}
