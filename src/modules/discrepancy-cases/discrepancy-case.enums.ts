import { registerEnumType } from 'type-graphql';

export enum DiscrepancyStatus {
  OPEN = 'OPEN',
  CONFIRMED = 'CONFIRMED',
  CORRECTED = 'CORRECTED',
  DISMISSED = 'DISMISSED',
}

export enum DiscrepancyResolution {
  CONFIRMED = 'CONFIRMED',
  CORRECTED = 'CORRECTED',
  DISMISSED = 'DISMISSED',
}

/** Why a province calls a discrepancy a false positive. */
export enum DismissalReason {
  SOURCE_DATA_WRONG = 'SOURCE_DATA_WRONG',
  DIFFERENT_PERSON = 'DIFFERENT_PERSON',
  NAME_REGISTERED_FOR_OTHER = 'NAME_REGISTERED_FOR_OTHER',
  REGISTRY_ALREADY_RIGHT = 'REGISTRY_ALREADY_RIGHT',
  OTHER = 'OTHER',
}

export enum DiscrepancyDimension {
  PROVINCE = 'PROVINCE',
  SECTOR = 'SECTOR',
  KIND = 'KIND',
  STATUS = 'STATUS',
}

registerEnumType(DiscrepancyStatus, {
  name: 'DiscrepancyStatus',
  description: 'OPEN, then CONFIRMED (the province will correct), CORRECTED (linked to the household event) or DISMISSED (a false positive)',
});
registerEnumType(DiscrepancyResolution, { name: 'DiscrepancyResolution' });
registerEnumType(DismissalReason, { name: 'DismissalReason', description: 'Why a discrepancy is a false positive' });
registerEnumType(DiscrepancyDimension, { name: 'DiscrepancyDimension', description: 'A grouping of discrepancySummary' });
