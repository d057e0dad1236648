import { Matches } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { IssueKind, IssueStatus } from './data-quality.enums';

/** Filters of `dataQualityIssues`; every given condition must hold. */
@InputType({ description: 'Filters of the data-quality issues; every given condition must hold' })
export class DataQualityIssueFilter {
  @Field(() => String, { nullable: true, description: '2-digit province code' })
  @Matches(/^\d{2}$/, { message: 'provinceCode must be 2 digits' })
  provinceCode?: string;

  @Field(() => String, { nullable: true, description: '6-digit county code' })
  @Matches(/^\d{6}$/, { message: 'countyCode must be 6 digits' })
  countyCode?: string;

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
}
