import { Max, Min } from 'class-validator';
import { Field, InputType, Int } from 'type-graphql';
import { HouseholdStatus, PovertyCause } from '../households/household.enums';
import { RegionFilter } from '../../graphql/region.filter';

/** Filters of `registryStats`; all given conditions must hold (status and exit year as of `asOf` when given). */
@InputType({ description: 'Filters of registryStats; every given condition must hold' })
export class RegistryStatsFilter extends RegionFilter {
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
