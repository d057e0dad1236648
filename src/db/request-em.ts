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
