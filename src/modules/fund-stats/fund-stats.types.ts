import { Field, Float, Int, ObjectType } from 'type-graphql';
import { type Decimal, DecimalScalar } from '../../graphql/decimal.scalar';
import { FundSource, ProjectStatus, ProjectType } from '../projects/project.enums';

/** One group of fundStats: the grouped dimensions' values (others null), the money and the counts. */
@ObjectType({ description: 'One group of fundStats; only the grouped dimensions are set' })
export class FundStatsRow {
  @Field(() => String, { nullable: true })
  provinceCode?: string | null;

  @Field(() => String, { nullable: true })
  countyCode?: string | null;

  @Field(() => ProjectType, { nullable: true })
  type?: ProjectType | null;

  @Field(() => FundSource, { nullable: true })
  source?: FundSource | null;

  @Field(() => Int, { nullable: true })
  year?: number | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM' })
  month?: string | null;

  @Field(() => ProjectStatus, { nullable: true })
  status?: ProjectStatus | null;

  @Field(() => DecimalScalar, { description: 'Budget lines (dated by the project’s approval)' })
  budget!: Decimal;

  @Field(() => DecimalScalar, { description: 'Allocations net of their reversals (a reversal counts on its own day)' })
  allocated!: Decimal;

  @Field(() => DecimalScalar, { description: 'Disbursements net of their reversals (a reversal counts on its own day)' })
  disbursed!: Decimal;

  @Field(() => Float, { nullable: true, description: 'disbursed / allocated to 4 decimals; null when nothing is allocated' })
  disbursementRate!: number | null;

  @Field(() => Int, { description: 'Projects with a budget line or a fund movement in the group' })
  projects!: number;

  @Field(() => Int, { description: 'Distinct households with a benefit in the group' })
  householdsBenefited!: number;

  @Field(() => Int, { description: 'Of those, households POOR or RETURNED on the benefit’s day (the registry’s dated status facts)' })
  registeredPoorHouseholdsBenefited!: number;
}
