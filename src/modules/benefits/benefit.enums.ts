import { registerEnumType } from 'type-graphql';

export enum BenefitType {
  SUBSIDY = 'SUBSIDY',
  EMPLOYMENT = 'EMPLOYMENT',
  DIVIDEND = 'DIVIDEND',
  MICROCREDIT = 'MICROCREDIT',
  TRAINING = 'TRAINING',
  HOUSING = 'HOUSING',
  OTHER = 'OTHER',
}

registerEnumType(BenefitType, { name: 'BenefitType', description: 'How a project helps a household (the benefit-linkage mechanism)' });
