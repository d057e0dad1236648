import { Max, MaxLength, Min } from 'class-validator';
import { Field, InputType, Int } from 'type-graphql';
import { Sector } from '../tenants/tenant.enums';
import { DiscrepancyStatus } from './discrepancy-case.enums';
import { RegionFilter } from '../../graphql/region.filter';

@InputType({ description: 'Filters of discrepancies; every given condition must hold' })
export class DiscrepancyFilter extends RegionFilter {
  @Field(() => String, { nullable: true })
  @MaxLength(40)
  kind?: string;

  @Field(() => DiscrepancyStatus, { nullable: true })
  status?: DiscrepancyStatus;

  @Field(() => Sector, { nullable: true })
  sector?: Sector;

  @Field(() => Int, { nullable: true, description: 'Only cases opened at least this many days ago' })
  @Min(0)
  @Max(36500)
  minAgeDays?: number;

  @Field(() => Int, { nullable: true, description: 'Only cases opened at most this many days ago' })
  @Min(0)
  @Max(36500)
  maxAgeDays?: number;
}
