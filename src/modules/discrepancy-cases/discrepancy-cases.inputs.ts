import { Matches, Max, MaxLength, Min } from 'class-validator';
import { Field, InputType, Int } from 'type-graphql';
import { Sector } from '../tenants/tenant.enums';
import { DiscrepancyStatus } from './discrepancy-case.enums';

@InputType({ description: 'Filters of discrepancies; every given condition must hold' })
export class DiscrepancyFilter {
  @Field(() => String, { nullable: true })
  @Matches(/^\d{2}$/, { message: 'provinceCode must be 2 digits' })
  provinceCode?: string;

  @Field(() => String, { nullable: true })
  @Matches(/^\d{6}$/, { message: 'countyCode must be 6 digits' })
  countyCode?: string;

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
