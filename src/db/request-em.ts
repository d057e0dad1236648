import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { TENANT_FILTER, type TenantScope } from './tenant-scope';

/**
 * A forked EntityManager for one request or job, with the tenant filter bound:
 * every entity query through it is scoped to `scope` by the data layer.
 */
export function forkForScope(orm: MikroORM, scope: TenantScope): EntityManager {
  const em = orm.em.fork({ clear: true, useContext: false });
  em.setFilterParams(TENANT_FILTER, scope);
  return em;
}
