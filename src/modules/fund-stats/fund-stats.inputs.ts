import { Max, Min } from 'class-validator';
import { Field, InputType, Int } from 'type-graphql';
import { RegionFilter } from '../../graphql/region.filter';
import { FundSource, ProjectStatus, ProjectType } from '../projects/project.enums';

/** Filters of `fundStats`; every given condition must hold. */
@InputType({ description: 'Filters of fundStats; every given condition must hold' })
export class FundStatsFilter extends RegionFilter {
  @Field(() => ProjectType, { nullable: true })
  type?: ProjectType;

  @Field(() => ProjectStatus, { nullable: true, description: 'The project’s status now' })
  status?: ProjectStatus;

  @Field(() => FundSource, { nullable: true, description: 'Budget lines and transactions of this source; benefits of projects with a line of it' })
  source?: FundSource;

  @Field(() => Int, { nullable: true, description: 'Amounts dated in this year (see FundDimension.YEAR)' })
  @Min(1949)
  @Max(2100)
  year?: number;
}
