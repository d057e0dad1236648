import { registerEnumType } from 'type-graphql';

export enum FundTransactionKind {
  /** Finance gives money to the project (the county receives it). */
  ALLOCATION = 'ALLOCATION',
  /** The project pays money out (contractors, subsidies, wages). */
  DISBURSEMENT = 'DISBURSEMENT',
  /** Cancels one earlier allocation or disbursement, by its reference: the ledger's only correction. */
  REVERSAL = 'REVERSAL',
}

registerEnumType(FundTransactionKind, { name: 'FundTransactionKind' });
