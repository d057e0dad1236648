import { DateResolver } from 'graphql-scalars';
import { Field, InputType } from 'type-graphql';
import { type Decimal, DecimalScalar } from '../../graphql/decimal.scalar';
import { BenefitType } from './benefit.enums';

@InputType({ description: 'What a project gave one registered household, and when' })
export class BenefitInput {
  @Field({ description: 'A household of your province’s registry' })
  registryNo!: string;

  @Field(() => BenefitType)
  type!: BenefitType;

  @Field(() => DecimalScalar, { nullable: true, description: 'Yuan; null for benefits in kind' })
  amount?: Decimal | null;

  @Field(() => DateResolver)
  date!: Date;
}
