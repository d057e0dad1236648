import { DateResolver } from 'graphql-scalars';
import { Field, Float, InputType, Int } from 'type-graphql';
import { HouseholdStatus, PovertyCause } from '../households/household.enums';
import { EducationLevel, HealthStatus, LabourCapacity, Relationship, Sex } from '../members/member.enums';

@InputType({ description: 'A member as a province sends it' })
export class MemberInput {
  @Field({ description: 'Any input form; stored normalised' })
  idNumber!: string;

  @Field()
  name!: string;

  @Field(() => Sex, { nullable: true, description: 'Derived from the ID when absent; must agree when given' })
  sex?: Sex | null;

  @Field(() => DateResolver, { nullable: true, description: 'Derived from the ID when absent; must agree when given' })
  birthDate?: Date | null;

  @Field(() => Relationship)
  relationship!: Relationship;

  @Field(() => String, { nullable: true })
  ethnicity?: string | null;

  @Field(() => EducationLevel, { nullable: true })
  education?: EducationLevel | null;

  @Field(() => Boolean, { nullable: true })
  inSchool?: boolean | null;

  @Field(() => HealthStatus)
  health!: HealthStatus;

  @Field(() => Int, { nullable: true, description: '1 (most severe) to 4' })
  disabilityLevel?: number | null;

  @Field(() => LabourCapacity, { nullable: true })
  labourCapacity?: LabourCapacity | null;

  @Field(() => Boolean, { nullable: true })
  migrantWorker?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  medicalInsured?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  pensionInsured?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  receivesDibao?: boolean | null;
}

@InputType({ description: 'A whole household with all its members; a push creates or replaces it' })
export class HouseholdInput {
  @Field({ description: 'Starts with the province code' })
  registryNo!: string;

  @Field({ description: '12 digits, starts with the province code' })
  villageCode!: string;

  @Field(() => HouseholdStatus)
  status!: HouseholdStatus;

  @Field(() => Int)
  identifiedYear!: number;

  @Field(() => Int, { nullable: true })
  exitYear?: number | null;

  @Field(() => PovertyCause)
  primaryCause!: PovertyCause;

  @Field(() => [PovertyCause], { nullable: true })
  otherCauses?: PovertyCause[] | null;

  @Field(() => Float, { nullable: true, description: 'Yuan per person per year' })
  annualIncomePerCapita?: number | null;

  @Field(() => Boolean, { nullable: true })
  housingSafe?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  drinkingWaterSafe?: boolean | null;

  @Field(() => [MemberInput])
  members!: MemberInput[];

  @Field(() => Int, { nullable: true, description: 'Reject this household with VERSION_CONFLICT unless it is at this version' })
  expectedVersion?: number | null;
}
