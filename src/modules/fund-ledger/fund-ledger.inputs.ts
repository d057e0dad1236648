import { DateResolver } from 'graphql-scalars';
import { Field, InputType } from 'type-graphql';
import { type Decimal, DecimalScalar } from '../../graphql/decimal.scalar';
import { FundSource } from '../projects/project.enums';
import { FundTransactionKind } from './fund-ledger.enums';

@InputType({ description: 'One movement of money on a project; the ledger only grows' })
export class FundTransactionInput {
  @Field()
  projectNo!: string;

  @Field(() => FundTransactionKind)
  kind!: FundTransactionKind;

  @Field(() => FundSource)
  source!: FundSource;

  @Field(() => DecimalScalar, { description: 'Positive yuan with at most 2 decimals' })
  amount!: Decimal;

  @Field(() => DateResolver)
  date!: Date;

  @Field({ description: 'The voucher number; unique per project and kind' })
  reference!: string;

  @Field(() => String, { nullable: true, description: 'For a REVERSAL: the reference of the allocation or disbursement it cancels' })
  reverses?: string | null;
}
