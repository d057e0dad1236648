import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum PushOutcome {
  CREATED = 'CREATED',
  UPDATED = 'UPDATED',
  UNCHANGED = 'UNCHANGED',
  REJECTED = 'REJECTED',
}
registerEnumType(PushOutcome, { name: 'PushOutcome' });

@ObjectType({ description: 'One problem of one field of the input' })
export class FieldError {
  @Field({ description: 'e.g. households[3].members[1].idNumber' })
  path!: string;

  @Field({ description: 'A contract error code' })
  code!: string;

  @Field()
  message!: string;
}

@ObjectType({ description: 'What a push did with one household' })
export class PushResult {
  @Field(() => Int, { description: 'Position in the input' })
  index!: number;

  @Field()
  registryNo!: string;

  @Field(() => PushOutcome)
  outcome!: PushOutcome;

  @Field(() => Int, { nullable: true, description: 'Version after the push; for a VERSION_CONFLICT the current one' })
  version!: number | null;

  @Field(() => [FieldError])
  errors!: FieldError[];
}

@ObjectType({ description: 'Counts of each outcome, and the result of every household in input order' })
export class PushSummary {
  @Field(() => Int)
  created!: number;

  @Field(() => Int)
  updated!: number;

  @Field(() => Int)
  unchanged!: number;

  @Field(() => Int)
  rejected!: number;

  @Field(() => [PushResult])
  results!: PushResult[];
}
