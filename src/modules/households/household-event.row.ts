import type { HouseholdEventType } from './household.enums';

/** A household event as the GraphQL `HouseholdEvent` type serves it, read as a plain row. */
export interface HouseholdEventRow {
  /** bigint, as text. */
  id: string;
  householdId: number;
  type: HouseholdEventType;
  changes: Record<string, { old: unknown; new: unknown }>;
  tenantCode: string;
  requestId: string | null;
  version: number;
  createdAt: Date;
}
