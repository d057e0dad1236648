import type { Decimal } from '../../graphql/decimal.scalar';
import type { FieldError } from '../pushes/push.types';
import type { FundSource, ProjectStatus, ProjectType } from './project.enums';

/** A budget line as stored: canonical amount text. */
export interface BudgetLine {
  source: FundSource;
  amount: Decimal;
}

/** A project after validation, in the shape of its rows; dates as YYYY-MM-DD. */
export interface ProjectRecord {
  projectNo: string;
  name: string;
  provinceCode: string;
  countyCode: string;
  villageCodes: string[];
  type: ProjectType;
  implementingUnit: string | null;
  status: ProjectStatus;
  approvedOn: string | null;
  plannedStart: string | null;
  plannedEnd: string | null;
  completedOn: string | null;
  targetsHouseholds: boolean;
  announcementPublishedOn: string | null;
  announcementPlace: string | null;
  /** Sorted by source. */
  budget: BudgetLine[];
}

/** The fields a push compares and records in events. */
export const PROJECT_FIELDS = [
  'name',
  'villageCodes',
  'type',
  'implementingUnit',
  'status',
  'approvedOn',
  'plannedStart',
  'plannedEnd',
  'completedOn',
  'targetsHouseholds',
  'announcementPublishedOn',
  'announcementPlace',
  'budget',
] as const satisfies ReadonlyArray<keyof ProjectRecord>;

export type ValidatedProject = { ok: true; record: ProjectRecord } | { ok: false; errors: FieldError[] };
