import type { HouseholdStatus, PovertyCause } from './household.enums';

/**
 * A household as the GraphQL `Household` type serves it, read as a plain row
 * (no entity, no unit of work), in the type's field names. Fields a data-sharing
 * policy cuts are null.
 */
export type HouseholdRow = {
  id: number;
  registryNo: string | null;
  villageCode: string | null;
  countyCode: string | null;
  provinceCode: string | null;
  status: HouseholdStatus | null;
  identifiedYear: number | null;
  exitYear: number | null;
  primaryCause: PovertyCause | null;
  otherCauses: PovertyCause[] | null;
  annualIncomePerCapita: number | null;
  housingSafe: boolean | null;
  drinkingWaterSafe: boolean | null;
  removalReason: string | null;
  version: number | null;
  createdAt: Date | null;
  updatedAt: Date | null;
};

/** The registry number of a household row handed out, kept beside a policy-cut row whose registryNo is null. */
export const HANDED_OUT_NO = Symbol('handedOutRegistryNo');

/** The number a read's audit row names: the household's own, also when the caller's policy hides it from them. */
export function handedOutNo(row: (HouseholdRow & { [HANDED_OUT_NO]?: string }) | null | undefined): string | null | undefined {
  return row?.[HANDED_OUT_NO] ?? row?.registryNo;
}
