import { DateResolver } from 'graphql-scalars';
import { ArgsType, Field, Int } from 'type-graphql';
import { RemovalReason } from '../members/member.enums';
import { MemberInput } from '../pushes/push.inputs';

@ArgsType()
export class YearChangeArgs {
  @Field()
  registryNo!: string;

  @Field(() => Int)
  year!: number;

  @Field(() => Int, { nullable: true, description: 'Refuse with VERSION_CONFLICT unless the household is at this version' })
  expectedVersion?: number | null;
}

@ArgsType()
export class RemoveHouseholdArgs {
  @Field()
  registryNo!: string;

  @Field({ description: 'Why the household is cancelled (e.g. wrongly identified)' })
  reason!: string;

  @Field(() => Int, { nullable: true })
  expectedVersion?: number | null;
}

@ArgsType()
export class AddMemberArgs {
  @Field()
  registryNo!: string;

  @Field(() => MemberInput)
  member!: MemberInput;

  @Field(() => Int, { nullable: true })
  expectedVersion?: number | null;
}

@ArgsType()
export class RemoveMemberArgs {
  @Field({ description: 'Any input form of the member’s ID number' })
  idNumber!: string;

  @Field(() => RemovalReason)
  reason!: RemovalReason;

  @Field(() => DateResolver, { description: 'When the member died, moved or married out' })
  date!: Date;

  @Field(() => Int, { nullable: true, description: 'Version of the member’s household' })
  expectedVersion?: number | null;
}
