import type { TenantScope } from '../db/tenant-scope';
import { TenantKind } from '../modules/tenants/tenant.enums';
import type { Tenant } from '../modules/tenants/tenant.entity';
import type { StaffPerson } from '../modules/staff-accounts/staff-account.enums';

/** The authenticated tenant of a request or job, and the registry scope that follows from it. */
export interface Caller {
  tenant: Pick<Tenant, 'code' | 'kind' | 'provinceCode' | 'sector'>;
  scope: TenantScope;
  /** The person of a console session (absent for a machine's tenant token): the audit log names them. */
  person?: StaffPerson;
}

/** LGOP sees the whole registry, a province its own, a ministry nothing until its batches match. */
export function scopeForTenant(tenant: Caller['tenant']): TenantScope {
  switch (tenant.kind) {
    case TenantKind.ADMIN:
      return { kind: 'ALL' };
    case TenantKind.PROVINCE:
      if (!tenant.provinceCode) throw new Error(`province tenant ${tenant.code} has no province code`);
      return { kind: 'PROVINCE', provinceCode: tenant.provinceCode };
    case TenantKind.MINISTRY:
      return { kind: 'NONE' };
  }
}

export function callerFor(tenant: Caller['tenant'], person?: StaffPerson): Caller {
  return person ? { tenant, scope: scopeForTenant(tenant), person } : { tenant, scope: scopeForTenant(tenant) };
}
