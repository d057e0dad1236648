/**
 * The fund supervision rules of domain.md ("Projects and funds", kind FUNDS)
 * that the project generator plants, so that supervision has something real to
 * find, and tests know exactly where. Named as the rules are; the order is the
 * order faults are dealt to projects, part of the determinism.
 */
export enum FundsFault {
  ALLOCATED_OVER_BUDGET = 'ALLOCATED_OVER_BUDGET',
  DISBURSED_OVER_ALLOCATED = 'DISBURSED_OVER_ALLOCATED',
  IDLE_FUNDS = 'IDLE_FUNDS',
  DISBURSED_BEFORE_APPROVAL = 'DISBURSED_BEFORE_APPROVAL',
  NOT_ANNOUNCED = 'NOT_ANNOUNCED',
  OVERDUE = 'OVERDUE',
  BENEFICIARY_NOT_REGISTERED = 'BENEFICIARY_NOT_REGISTERED',
  BENEFICIARY_NOT_POOR = 'BENEFICIARY_NOT_POOR',
  BENEFICIARY_OUTSIDE_AREA = 'BENEFICIARY_OUTSIDE_AREA',
  DUPLICATE_BENEFIT = 'DUPLICATE_BENEFIT',
  MICROCREDIT_OVER_CAP = 'MICROCREDIT_OVER_CAP',
  LOW_TARGETING = 'LOW_TARGETING',
}

export const FUNDS_FAULTS = Object.values(FundsFault);

/** A planted fault: the project, and the transaction or household it sits on where there is one. */
export interface PlantedFault {
  rule: FundsFault;
  projectNo: string;
  reference?: string;
  registryNo?: string;
}

/**
 * Which projects of a run carry which fault: an affine permutation of the run's
 * ordinals (a bijection mod `projects`) deals `perRule` projects to each rule in
 * turn, at most one fault a project, so every other project is a clean twin.
 * `faultOf` in project-seed.repository.ts applies it in SQL.
 */
export interface FaultDeal {
  /** Projects each rule gets (the last rules get fewer when the run is tiny). */
  perRule: number;
  multiplier: number;
  offset: number;
  projects: number;
}

const MULTIPLIERS = [7_919, 104_729, 1_299_709, 15_485_863];

export function dealFaults(projects: number, rate: number, seed: number): FaultDeal {
  const perRule = rate > 0 && projects > 0 ? Math.max(1, Math.round(projects * rate)) : 0;
  // A prime that does not divide the count is coprime with it: the map is a bijection.
  const multiplier = MULTIPLIERS.find((p) => projects % p !== 0) ?? 1;
  return { perRule, multiplier, offset: (seed * 2_654_435_761) % Math.max(1, projects), projects };
}
