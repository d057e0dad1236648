import type { Dictionary } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { type Sql, sql } from './sql';

/** Name of the MikroORM filter that scopes registry rows to the caller's tenant. */
export const TENANT_FILTER = 'tenant';

/**
 * What part of the registry a caller may touch. Built once per request from the
 * token's tenant and handed to the data layer; nothing reads the registry without one.
 */
export type TenantScope =
  | { kind: 'ALL' }
  | { kind: 'PROVINCE'; provinceCode: string }
  /** Ministries: no household is visible until matched through their own batches. */
  | { kind: 'NONE' };

/** The filter's condition for entities that carry a `provinceCode` column. */
export function provinceScopeCondition(scope: TenantScope | undefined): Dictionary {
  // Reaching here without a scope is a wiring bug; failing closed keeps data safe.
  if (!scope) throw new Error('Tenant scope missing: refusing to read the registry');
  switch (scope.kind) {
    case 'ALL':
      return {};
    case 'PROVINCE':
      return { provinceCode: scope.provinceCode };
    case 'NONE':
      return { id: { $in: [] } };
  }
}

/** The same scope as a SQL predicate on a table alias, for set-based queries outside the ORM. */
export function provinceScopeSql(scope: TenantScope, alias: string): Sql {
  switch (scope.kind) {
    case 'ALL':
      return sql`true`;
    case 'PROVINCE':
      return sql`${sql.ident(`${alias}.province_code`)} = ${scope.provinceCode}`;
    case 'NONE':
      return sql`false`;
  }
}

/**
 * The scope bound on a request's EntityManager (forkForCaller), for reads that write their own SQL
 * instead of going through the entity filter; fails closed like the filter when none was bound.
 */
export function boundScope(em: EntityManager): TenantScope {
  const scope = em.getFilterParams<TenantScope>(TENANT_FILTER);
  if (!scope?.kind) throw new Error('Tenant scope missing: refusing to read the registry');
  return scope;
}

/** Name of the MikroORM filter that scopes a ministry's own rows (its batches) to it. */
export const OWNER_FILTER = 'owner';

/** Who owns what: LGOP reads every tenant's rows, others their own. */
export interface OwnerScope {
  tenantCode: string;
  admin: boolean;
}

/** The owner filter's condition for entities with a `tenantCode` column. */
export function ownerScopeCondition(owner: OwnerScope | undefined): Dictionary {
  if (!owner) throw new Error('Owner scope missing: refusing to read tenant-owned rows');
  return owner.admin ? {} : { tenantCode: owner.tenantCode };
}

/** The owner scope as a SQL predicate on a table alias with a `tenant_code` column. */
export function ownerScopeSql(owner: OwnerScope, alias: string): Sql {
  return owner.admin ? sql`true` : sql`${sql.ident(`${alias}.tenant_code`)} = ${owner.tenantCode}`;
}

/** The owner scope bound on a request's EntityManager (see `boundScope`). */
export function boundOwner(em: EntityManager): OwnerScope {
  const owner = em.getFilterParams<OwnerScope>(OWNER_FILTER);
  if (!owner?.tenantCode) throw new Error('Owner scope missing: refusing to read tenant-owned rows');
  return owner;
}
