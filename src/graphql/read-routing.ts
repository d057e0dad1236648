import { forkForCaller } from '../db/request-em';
import { beginTenantTransaction, endTenantTransaction } from '../db/tenant-transaction';
import type { HubContext } from './hub-context';
import { createLoaders } from './hub-loaders';

/**
 * Opens a query's transaction on the standby when the read router allows it, and
 * moves the request's EntityManager and loaders there; the primary's stays as
 * `primaryEm` for the read's audit row. Returns false (nothing opened) for a
 * mutation, without a standby, or when the standby refuses: the caller then
 * opens the transaction on the primary.
 */
export async function beginOnStandby(ctx: HubContext, kind: string | undefined): Promise<boolean> {
  const router = ctx.readRouter;
  if (!router || kind !== 'query') return false;
  const orm = await router.readOrm(ctx.caller.tenant.code);
  if (orm === router.primary) return false;
  const em = forkForCaller(orm, ctx.caller);
  try {
    await beginTenantTransaction(em, ctx.caller);
  } catch (err) {
    ctx.log.warn({ err }, 'standby refused a read; reading from the primary');
    router.markDown();
    await endTenantTransaction(em, false).catch(() => undefined);
    return false;
  }
  ctx.primaryEm = ctx.em;
  ctx.em = em;
  ctx.loaders = createLoaders(em, ctx.caller.tenant.code);
  return true;
}

/** After a mutation's commit, before its answer: the tenant's next reads will find what it wrote. */
export async function noteCommittedWrite(ctx: HubContext, kind: string | undefined): Promise<void> {
  if (!ctx.readRouter || kind !== 'mutation') return;
  await ctx.readRouter.noteWrite(ctx.caller.tenant.code).catch((err: unknown) => ctx.log.warn({ err }, 'could not note the write for read-your-writes'));
}
