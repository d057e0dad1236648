import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Caller } from '../auth/caller';
import { TenantKind } from '../modules/tenants/tenant.enums';
import { OWNER_FILTER, type OwnerScope, TENANT_FILTER, type TenantScope } from './tenant-scope';

/**
 * A forked EntityManager for one request or job, with the tenant filters bound:
 * every entity query through it is scoped to the caller by the data layer.
 */
export function forkForCaller(orm: MikroORM, caller: Caller): EntityManager {
  const em = orm.em.fork({ clear: true, useContext: false });
  em.setFilterParams(TENANT_FILTER, caller.scope satisfies TenantScope);
  em.setFilterParams(OWNER_FILTER, { tenantCode: caller.tenant.code, admin: caller.tenant.kind === TenantKind.ADMIN } satisfies OwnerScope);
  return em;
}

/**
 * The tenant scope bound to a caller's EntityManager, for reads that write the
 * tenant filter's condition in their own SQL. Missing is a wiring bug: fail closed.
 */
export function tenantScopeOf(em: EntityManager): TenantScope {
  const scope = em.getFilterParams(TENANT_FILTER) as TenantScope | undefined;
  if (!scope?.kind) throw new Error('Tenant scope missing: refusing to read the registry');
  return scope;
}

/** The owner scope bound to a caller's EntityManager (see `tenantScopeOf`). */
export function ownerScopeOf(em: EntityManager): OwnerScope {
  const owner = em.getFilterParams(OWNER_FILTER) as OwnerScope | undefined;
  if (!owner?.tenantCode) throw new Error('Owner scope missing: refusing to read tenant-owned rows');
  return owner;
}
