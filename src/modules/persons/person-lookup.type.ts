import { Field, ObjectType } from 'type-graphql';
import { HouseholdStatus } from '../households/household.enums';

@ObjectType({ description: 'Whether one ID number belongs to an active member of a registered household' })
export class PersonLookup {
  @Field({ description: 'The ID number as sent' })
  input!: string;

  @Field(() => String, { nullable: true, description: 'Normalised; null when the input is not a valid ID number' })
  idNumber!: string | null;

  @Field()
  valid!: boolean;

  @Field(() => String, { nullable: true, description: 'Why the input is not a valid ID number' })
  reason!: string | null;

  @Field({ description: 'An active member of a household in the registry' })
  registered!: boolean;

  @Field(() => HouseholdStatus, { nullable: true })
  householdStatus!: HouseholdStatus | null;

  @Field(() => String, { nullable: true })
  provinceCode!: string | null;

  @Field(() => String, { nullable: true, description: 'Null where the caller’s policy hides it' })
  registryNo!: string | null;
}
