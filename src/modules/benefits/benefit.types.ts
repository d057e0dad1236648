import { DateResolver } from 'graphql-scalars';
import { Field, Int, ObjectType } from 'type-graphql';
import { type Decimal, DecimalScalar } from '../../graphql/decimal.scalar';
import { ProjectType, RecordOutcome } from '../projects/project.enums';
import { BenefitType } from './benefit.enums';
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

@ObjectType({ description: 'What a household received from a project' })
export class Benefit {
  @Field()
  projectNo!: string;

  @Field(() => ProjectType)
  projectType!: ProjectType;

  @Field(() => BenefitType)
  type!: BenefitType;

  @Field(() => DecimalScalar, { nullable: true, description: 'Yuan; null for a benefit in kind' })
  amount!: Decimal | null;

  @Field(() => DateResolver)
  date!: string;
}
