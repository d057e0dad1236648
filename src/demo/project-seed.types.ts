import type { FaultDeal } from './project-faults';

/** What every statement of one `seedProjects` run shares: its ids, seed, day and means. */
export interface ProjectSeedRun {
  seed: number;
  /** The first project id reserved for the run; the run's projects are `first .. first + count - 1`. */
  first: number;
  count: number;
  deal: FaultDeal;
  /** `YYYY-MM-DD`: the day the library is as of (recent projects end after it, old ones long before). */
  asOf: string;
  /** Mean allocation/disbursement pairs per budget line of an active project. */
  pairsPerLine: number;
  /** Mean beneficiary households of a benefiting project. */
  beneficiaries: number;
}

/** A range of the run's project ids written in one transaction. */
export interface ProjectBatch {
  lo: number;
  hi: number;
}

/** Rows written by one batch (or a whole run). */
export interface ProjectSeedCounts {
  projects: number;
  budgetLines: number;
  events: number;
  transactions: number;
  reversals: number;
  benefits: number;
}
