import { Field, Int, ObjectType } from 'type-graphql';
import { FieldError, PushOutcome } from '../pushes/push.types';

@ObjectType({ description: 'What a push did with one project' })
export class ProjectPushResult {
  @Field(() => Int, { description: 'Position in the input' })
  index!: number;

  @Field()
  projectNo!: string;

  @Field(() => PushOutcome)
  outcome!: PushOutcome;

  @Field(() => Int, { nullable: true, description: 'Version after the push; for a VERSION_CONFLICT the current one' })
  version!: number | null;

  @Field(() => [FieldError])
  errors!: FieldError[];
}

@ObjectType({ description: 'Counts of each outcome, and the result of every project in input order' })
export class ProjectPushSummary {
  @Field(() => Int)
  created!: number;

  @Field(() => Int)
  updated!: number;

  @Field(() => Int)
  unchanged!: number;

  @Field(() => Int)
  rejected!: number;

  @Field(() => [ProjectPushResult])
  results!: ProjectPushResult[];
}
