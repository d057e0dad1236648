import { Field, Int, ObjectType } from 'type-graphql';
import { HouseholdStatus, PovertyCause } from '../households/household.enums';
import { Sex } from '../members/member.enums';
import { FundStatsRow } from '../fund-stats/fund-stats.types';

/** One group of registryStats: the grouped dimensions' values (others null) and the counts. */
@ObjectType({ description: 'One group of registryStats; only the grouped dimensions are set' })
export class StatRow {
  @Field(() => String, { nullable: true })
  provinceCode?: string | null;

  @Field(() => String, { nullable: true })
  countyCode?: string | null;

  @Field(() => HouseholdStatus, { nullable: true })
  status?: HouseholdStatus | null;

  @Field(() => PovertyCause, { nullable: true })
  primaryCause?: PovertyCause | null;

  @Field(() => Int, { nullable: true })
  identifiedYear?: number | null;

  @Field(() => Int, { nullable: true })
  exitYear?: number | null;

  @Field(() => Sex, { nullable: true })
  sex?: Sex | null;

  @Field(() => String, { nullable: true })
  ageBand?: string | null;

  @Field(() => Boolean, { nullable: true })
  disabled?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  ethnicMinority?: boolean | null;

  @Field(() => Int, { description: 'Households (with a member in the group, when grouped by a member dimension)' })
  households!: number;

  @Field(() => Int, { description: 'Registered people (active members)' })
  people!: number;
}

/** The dynamic-management changes of one province (or of all) in a year. */
@ObjectType({ description: 'Dynamic-management changes of a year' })
export class AnnualReportRow {
  @Field(() => String, { nullable: true, description: 'Null on the total row' })
  provinceCode!: string | null;

  @Field(() => Int, { description: 'Households identified as poor in the year' })
  newIdentifications!: number;

  @Field(() => Int, { description: 'Exits from poverty in the year' })
  exits!: number;

  @Field(() => Int, { description: 'Returns to poverty in the year' })
  returns!: number;

  @Field(() => Int, { description: 'Households cancelled in the year' })
  removals!: number;

  @Field(() => Int, { description: 'Members added (births, marriages in, moves in)' })
  membersAdded!: number;

  @Field(() => Int, { description: 'Members removed (deaths, marriages and moves out)' })
  membersRemoved!: number;
}

@ObjectType({ description: 'The annual dynamic-management report' })
export class AnnualReport {
  @Field(() => Int)
  year!: number;

  @Field(() => [AnnualReportRow], { description: 'One row per province with changes, by province code' })
  provinces!: AnnualReportRow[];

  @Field(() => AnnualReportRow, { description: 'The sum of the province rows' })
  total!: AnnualReportRow;

  @Field(() => [FundStatsRow], {
    description:
      'The year’s funds by province (as fundStats(groupBy: [PROVINCE], filter: { year })): budgets approved, money allocated and disbursed, households benefited in the year',
  })
  funds!: FundStatsRow[];

  @Field(() => FundStatsRow, { description: 'The year’s funds over the provinces of the report' })
  fundsTotal!: FundStatsRow;
}
