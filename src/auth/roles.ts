import { type Sector, TenantKind } from '../modules/tenants/tenant.enums';
import type { Caller } from './caller';

/**
 * What an operation may require of its caller, in `@Authorized(...)`; a
 * caller holding any one of the listed roles may call it. Roles say what kind
 * of tenant calls; which rows it may then touch (its own province's
 * households, its own batches) is tenancy, kept in the data layer.
 */
export enum Role {
  /** The national office (tenant kind ADMIN). */
  LGOP = 'LGOP',
  /** A provincial poverty-alleviation office. */
  PROVINCE = 'PROVINCE',
  /** Any ministry. */
  MINISTRY = 'MINISTRY',
  /** The ministry of the sector the operation names in its `sector` argument. */
  SECTOR_MINISTRY = 'SECTOR_MINISTRY',
}

const KIND_ROLE: Record<TenantKind, Role> = {
  [TenantKind.ADMIN]: Role.LGOP,
  [TenantKind.PROVINCE]: Role.PROVINCE,
  [TenantKind.MINISTRY]: Role.MINISTRY,
};

/**
 * The roles a tenant holds for one call: the one of its kind, and, for a
 * ministry whose sector is the call's `sector` argument, SECTOR_MINISTRY.
 */
export function rolesOf(tenant: Caller['tenant'], args: Record<string, unknown> = {}): ReadonlySet<Role> {
  const roles = new Set([KIND_ROLE[tenant.kind]]);
  if (tenant.kind === TenantKind.MINISTRY && tenant.sector && args.sector === tenant.sector) roles.add(Role.SECTOR_MINISTRY);
  return roles;
}

/** Whether the tenant holds the role (for routes outside GraphQL, e.g. the queue dashboard). */
export function hasRole(tenant: Caller['tenant'], role: Role, args?: Record<string, unknown>): boolean {
  return rolesOf(tenant, args).has(role);
}

/** Who holds a role, as a refusal names them. */
export function roleHolders(role: Role, sector?: Sector | null): string {
  switch (role) {
    case Role.LGOP:
      return 'LGOP';
    case Role.PROVINCE:
      return 'the provincial offices';
    case Role.MINISTRY:
      return 'the ministries';
    case Role.SECTOR_MINISTRY:
      return sector ? `the ministry of the ${sector} sector` : 'the ministry of the sector';
  }
}
