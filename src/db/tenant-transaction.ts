import type { EntityManager, IsolationLevel } from '@mikro-orm/postgresql';
import type { Caller } from '../auth/caller';
import { oneStatementAtATime, type TransactionLike } from './one-statement-at-a-time';
import { runSql, sql } from './sql';

/** What the registry's row-level security policies read (migration 000700). */
interface RlsSettings {
  /** ALL (LGOP), PROVINCE (its own rows) or MATCHED (a ministry: the households its batches matched). */
  scope: 'ALL' | 'PROVINCE' | 'MATCHED';
  province: string;
  tenant: string;
}

export function rlsSettingsOf(caller: Caller): RlsSettings {
  const tenant = caller.tenant.code;
  switch (caller.scope.kind) {
    case 'ALL':
      return { scope: 'ALL', province: '', tenant };
    case 'PROVINCE':
      return { scope: 'PROVINCE', province: caller.scope.provinceCode, tenant };
    case 'NONE':
      return { scope: 'MATCHED', province: '', tenant };
  }
}

/**
 * Opens the request's transaction on `em` and sets its tenant for the
 * row-level security policies. `set_config(..., true)` lasts until the
 * transaction ends, so a pooled connection never carries one request's tenant
 * into the next, and a statement outside such a transaction sees no registry row.
 */
export async function beginTenantTransaction(em: EntityManager, caller: Caller, isolationLevel?: IsolationLevel): Promise<void> {
  const s = rlsSettingsOf(caller);
  await em.begin(isolationLevel ? { isolationLevel } : undefined);
  const trx = em.getTransactionContext<TransactionLike>();
  if (!trx) throw new Error('the request transaction did not begin');
  oneStatementAtATime(trx);
  // The person (a console session) goes with the tenant: audit_log's staff columns default to these settings.
  const person = caller.person;
  await runSql(
    em,
    sql`select set_config('hub.scope', ${s.scope}, true), set_config('hub.province', ${s.province}, true), set_config('hub.tenant', ${s.tenant}, true),
      set_config('hub.staff_user', ${person?.id ?? ''}, true), set_config('hub.staff_username', ${person?.username ?? ''}, true)`,
  );
}

/**
 * Ends the request's transaction. PostgreSQL turns the COMMIT of a transaction
 * that hit an error into a rollback, so nothing of a failed statement stays.
 * No flush: the request's writes went through their own (nested) transactions.
 */
export async function endTenantTransaction(em: EntityManager, commit: boolean): Promise<void> {
  const ctx = em.getTransactionContext();
  if (!ctx) return;
  try {
    if (commit) await em.getConnection('write').commit(ctx);
    else await em.getConnection('write').rollback(ctx);
  } finally {
    em.resetTransactionContext();
  }
}

/** Runs `work` in a transaction of its own on `em`, with the caller's tenant set, and commits it. */
export async function inTenantTransaction<T>(em: EntityManager, caller: Caller, work: (em: EntityManager) => Promise<T>): Promise<T> {
  const own = em.fork();
  await beginTenantTransaction(own, caller);
  let ok = false;
  try {
    const result = await work(own);
    ok = true;
    return result;
  } finally {
    await endTenantTransaction(own, ok);
  }
}
