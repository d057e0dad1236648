import { Field, Int, ObjectType } from 'type-graphql';
import { RecordOutcome } from '../projects/project.enums';
import { FieldError } from '../pushes/push.types';

@ObjectType({ description: 'What the ledger did with one transaction' })
export class FundTransactionResult {
  @Field(() => Int, { description: 'Position in the input' })
  index!: number;

  @Field()
  reference!: string;

  @Field(() => RecordOutcome, { description: 'RECORDED (also when this reference was recorded before with the same values) or REJECTED' })
  outcome!: RecordOutcome;

  @Field(() => [FieldError])
  errors!: FieldError[];
}

@ObjectType({ description: 'Counts of each outcome, and the result of every transaction in input order' })
export class FundTransactionSummary {
  @Field(() => Int)
  recorded!: number;

  @Field(() => Int)
  rejected!: number;

  @Field(() => [FundTransactionResult])
  results!: FundTransactionResult[];
}
