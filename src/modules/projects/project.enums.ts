import { registerEnumType } from 'type-graphql';

export enum ProjectType {
  INDUSTRY = 'INDUSTRY',
  ROAD = 'ROAD',
  WATER = 'WATER',
  HOUSING_RENOVATION = 'HOUSING_RENOVATION',
  RELOCATION = 'RELOCATION',
  EDUCATION = 'EDUCATION',
  HEALTH = 'HEALTH',
  EMPLOYMENT_TRAINING = 'EMPLOYMENT_TRAINING',
  MICROCREDIT = 'MICROCREDIT',
  PHOTOVOLTAIC = 'PHOTOVOLTAIC',
  ECOLOGICAL = 'ECOLOGICAL',
  OTHER = 'OTHER',
}

export enum ProjectStatus {
  PLANNED = 'PLANNED',
  APPROVED = 'APPROVED',
  IN_PROGRESS = 'IN_PROGRESS',
  COMPLETED = 'COMPLETED',
  ACCEPTED = 'ACCEPTED',
  CANCELLED = 'CANCELLED',
}

export enum FundSource {
  CENTRAL_SPECIAL = 'CENTRAL_SPECIAL',
  PROVINCIAL = 'PROVINCIAL',
  MUNICIPAL = 'MUNICIPAL',
  COUNTY = 'COUNTY',
  INTEGRATED_AGRICULTURAL = 'INTEGRATED_AGRICULTURAL',
  SOCIAL = 'SOCIAL',
  CREDIT = 'CREDIT',
}

/** What a ledger or benefit write did with one item (a project push answers with PushOutcome). */
export enum RecordOutcome {
  RECORDED = 'RECORDED',
  UNCHANGED = 'UNCHANGED',
  REJECTED = 'REJECTED',
}

export enum ProjectEventType {
  CREATED = 'CREATED',
  UPDATED = 'UPDATED',
}

registerEnumType(ProjectType, { name: 'ProjectType' });
registerEnumType(ProjectStatus, { name: 'ProjectStatus' });
registerEnumType(FundSource, { name: 'FundSource', description: 'Where the money of a budget line or a transaction comes from' });
registerEnumType(RecordOutcome, { name: 'RecordOutcome' });
