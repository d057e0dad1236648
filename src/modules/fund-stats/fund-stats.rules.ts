import type { Caller } from '../../auth/caller';
import { FundDimension } from './fund-stats.enums';

/** Which projects a caller's fund figures cover: LGOP all, a province its own, a ministry its sector's project types. */
export type FundScope = { kind: 'ALL' } | { kind: 'PROVINCE'; provinceCode: string } | { kind: 'MINISTRY'; tenantCode: string };

export function fundScopeOf(caller: Caller): FundScope {
  switch (caller.scope.kind) {
    case 'ALL':
      return { kind: 'ALL' };
    case 'PROVINCE':
      return { kind: 'PROVINCE', provinceCode: caller.scope.provinceCode };
    case 'NONE':
      return { kind: 'MINISTRY', tenantCode: caller.tenant.code };
  }
}

/** The result row's field of each dimension (its column is named after the dimension). */
export const DIMENSION_FIELD: Record<FundDimension, 'provinceCode' | 'countyCode' | 'type' | 'source' | 'year' | 'month' | 'status'> = {
  [FundDimension.PROVINCE]: 'provinceCode',
  [FundDimension.COUNTY]: 'countyCode',
  [FundDimension.TYPE]: 'type',
  [FundDimension.SOURCE]: 'source',
  [FundDimension.YEAR]: 'year',
  [FundDimension.MONTH]: 'month',
  [FundDimension.STATUS]: 'status',
};

/** The dimensions in a fixed order (the statement's text then depends only on the set asked for), each once. */
export function normaliseDimensions(groupBy: readonly FundDimension[]): FundDimension[] | null {
  if (new Set(groupBy).size !== groupBy.length) return null;
  return Object.values(FundDimension).filter((d) => groupBy.includes(d));
}
