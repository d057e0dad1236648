import { Matches, Max, Min } from 'class-validator';
import { Field, InputType, Int } from 'type-graphql';
import { HouseholdStatus, PovertyCause } from './household.enums';
import { RegionFilter } from '../../graphql/region.filter';

/** Filters of `households`; all given conditions must hold. */
@InputType({ description: 'Filters of the households list; every given condition must hold' })
export class HouseholdFilter extends RegionFilter {
  @Field(() => String, { nullable: true, description: '12-digit village code' })
  @Matches(/^\d{12}$/, { message: 'villageCode must be 12 digits' })
  villageCode?: string;

  @Field(() => HouseholdStatus, { nullable: true })
  status?: HouseholdStatus;

  @Field(() => PovertyCause, { nullable: true, description: 'Primary poverty cause' })
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
