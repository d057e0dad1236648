import type { TenantScope } from '../../db/tenant-scope';

/** Why a caller may not run fund supervision over the province it asked for. */
export type RunScopeRefusal = 'BAD_PROVINCE_CODE' | 'OTHER_PROVINCE';

/**
 * The province a run covers (null: the whole country): LGOP any province or
 * all, a province only its own (its own when it names none). A tenant without
 * projects never gets here (the mutation is for LGOP and provinces).
 */
export function fundRunProvince(scope: TenantScope, requested: string | null): { province: string | null } | { refused: RunScopeRefusal } {
  if (requested !== null && !/^\d{2}$/.test(requested)) return { refused: 'BAD_PROVINCE_CODE' };
  switch (scope.kind) {
    case 'ALL':
      return { province: requested };
    case 'PROVINCE':
      return requested !== null && requested !== scope.provinceCode ? { refused: 'OTHER_PROVINCE' } : { province: scope.provinceCode };
    case 'NONE':
      return { refused: 'OTHER_PROVINCE' };
  }
}
