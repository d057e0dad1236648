import { registerEnumType } from 'type-graphql';

/** What registry statistics can be grouped by: household dimensions first, then member ones. */
export enum StatDimension {
  PROVINCE = 'PROVINCE',
  COUNTY = 'COUNTY',
  STATUS = 'STATUS',
  PRIMARY_CAUSE = 'PRIMARY_CAUSE',
  IDENTIFIED_YEAR = 'IDENTIFIED_YEAR',
  EXIT_YEAR = 'EXIT_YEAR',
  SEX = 'SEX',
  /** 0-5, 6-15 (school age), 16-59 (working age), 60+; on `asOf`, or today. */
  AGE_BAND = 'AGE_BAND',
  /** Health DISABLED or a disability level recorded. */
  DISABLED = 'DISABLED',
  /** An ethnicity recorded and not Han. */
  ETHNIC_MINORITY = 'ETHNIC_MINORITY',
}

registerEnumType(StatDimension, { name: 'StatDimension', description: 'A dimension of registryStats' });
