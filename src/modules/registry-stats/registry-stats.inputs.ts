import { Matches, Max, Min } from 'class-validator';
import { Field, InputType, Int } from 'type-graphql';
import { HouseholdStatus, PovertyCause } from '../households/household.enums';

/** Filters of `registryStats`; all given conditions must hold (status and exit year as of `asOf` when given). */
@InputType({ description: 'Filters of registryStats; every given condition must hold' })
export class RegistryStatsFilter {
  @Field(() => String, { nullable: true, description: '2-digit province code' })
  @Matches(/^\d{2}$/, { message: 'provinceCode must be 2 digits' })
  provinceCode?: string;

  @Field(() => String, { nullable: true, description: '6-digit county code' })
  @Matches(/^\d{6}$/, { message: 'countyCode must be 6 digits' })
  countyCode?: string;

  @Field(() => HouseholdStatus, { nullable: true })
  status?: HouseholdStatus;

  @Field(() => PovertyCause, { nullable: true })
  primaryCause?: PovertyCause;

  @Field(() => Int, { nullable: true })
  @Min(1949)
  @Max(2100)
  identifiedYear?: number;

  @Field(() => Int, { nullable: true })
  @Min(1949)
  @Max(2100)
  exitYear?: number;
}
