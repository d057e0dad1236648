import { Matches } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { IssueKind, IssueStatus } from './data-quality.enums';
import { RegionFilter } from '../../graphql/region.filter';

/** Filters of `dataQualityIssues`; every given condition must hold. */
@InputType({ description: 'Filters of the data-quality issues; every given condition must hold' })
export class DataQualityIssueFilter extends RegionFilter {
  @Field(() => String, { nullable: true, description: '12-digit village code' })
  @Matches(/^\d{12}$/, { message: 'villageCode must be 12 digits' })
  villageCode?: string;

  @Field(() => String, { nullable: true, description: 'Rule code, as dataQualityRules lists them' })
  rule?: string;

  @Field(() => IssueKind, { nullable: true })
  kind?: IssueKind;

  @Field(() => IssueStatus, { nullable: true, description: 'OPEN by default' })
  status?: IssueStatus;

  @Field(() => String, { nullable: true, description: 'One household’s issues' })
  registryNo?: string;

  @Field(() => String, { nullable: true, description: 'One project’s FUNDS issues' })
  projectNo?: string;
}
