import { registerEnumType } from 'type-graphql';

/** What fund statistics can be grouped by (contract names). */
export enum FundDimension {
  PROVINCE = 'PROVINCE',
  COUNTY = 'COUNTY',
  TYPE = 'TYPE',
  SOURCE = 'SOURCE',
  /** The year of each amount's own day: approval for the budget, the transaction's day, the benefit's day. */
  YEAR = 'YEAR',
  /** As YEAR, by month (`YYYY-MM`). */
  MONTH = 'MONTH',
  STATUS = 'STATUS',
}

registerEnumType(FundDimension, { name: 'FundDimension', description: 'A dimension of fundStats' });
