import { Max, Min } from 'class-validator';
import { Field, InputType, Int } from 'type-graphql';
import { RegionFilter } from '../../graphql/region.filter';
import { FundSource, ProjectStatus, ProjectType } from './project.enums';

@InputType({ description: 'Filters of the projects list; every given condition must hold' })
export class ProjectFilter extends RegionFilter {
  @Field(() => ProjectType, { nullable: true })
  type?: ProjectType;

  @Field(() => ProjectStatus, { nullable: true })
  status?: ProjectStatus;

  @Field(() => FundSource, { nullable: true, description: 'Projects with a budget line from this source' })
  source?: FundSource;

  @Field(() => Int, { nullable: true, description: 'The year the project was approved (planned to start, before approval)' })
  @Min(1949)
  @Max(2100)
  year?: number;
}
