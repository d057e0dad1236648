import { IsUUID, Matches } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { HouseholdStatus } from '../households/household.enums';
import { RegionFilter } from '../../graphql/region.filter';

@InputType({ description: 'Filters of matchedHouseholds; every given condition must hold' })
export class MatchedHouseholdFilter extends RegionFilter {
  @Field(() => HouseholdStatus, { nullable: true })
  status?: HouseholdStatus;

  @Field(() => String, { nullable: true, description: 'Households with a match that raised this discrepancy kind' })
  @Matches(/^[A-Z_]{3,40}$/, { message: 'discrepancyKind is a kind such as SCHOOL_AGE_NOT_ENROLLED' })
  discrepancyKind?: string;

  @Field(() => ID, { nullable: true, description: 'One batch instead of the latest batch of each period' })
  @IsUUID('all', { message: 'batchId is a batch id' })
  batchId?: string;
}
