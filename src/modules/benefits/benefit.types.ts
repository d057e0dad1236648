import { Field, Int, ObjectType } from 'type-graphql';
import { RecordOutcome } from '../projects/project.enums';
import { FieldError } from '../pushes/push.types';

@ObjectType({ description: 'What a call did with one benefit' })
export class BenefitResult {
  @Field(() => Int, { description: 'Position in the input' })
  index!: number;

  @Field()
  registryNo!: string;

  @Field(() => RecordOutcome)
  outcome!: RecordOutcome;

  @Field(() => [FieldError])
  errors!: FieldError[];
}

@ObjectType({ description: 'Counts of each outcome, and the result of every benefit in input order' })
export class BenefitSummary {
  @Field(() => Int)
  recorded!: number;

  @Field(() => Int)
  unchanged!: number;

  @Field(() => Int)
  rejected!: number;

  @Field(() => [BenefitResult])
  results!: BenefitResult[];
}
