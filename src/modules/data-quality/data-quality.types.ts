import { Field, Int, ObjectType } from 'type-graphql';
import { Connection } from '../../graphql/pagination';
import { DataQualityIssue } from './data-quality-issue.entity';
import { IssueKind, IssueSeverity } from './data-quality.enums';

@ObjectType({ description: 'A page of data-quality issues, oldest first' })
export class DataQualityIssueConnection extends Connection(DataQualityIssue, 'DataQualityIssue') {}

@ObjectType({ description: 'Issues of one rule in one province' })
export class DataQualityCount {
  @Field()
  provinceCode!: string;

  @Field()
  rule!: string;

  @Field(() => IssueKind)
  kind!: IssueKind;

  @Field(() => Int)
  open!: number;

  @Field(() => Int)
  fixed!: number;
}

@ObjectType({ description: 'A data-quality rule' })
export class DataQualityRuleInfo {
  @Field()
  code!: string;

  @Field(() => IssueKind)
  kind!: IssueKind;

  @Field(() => IssueSeverity)
  severity!: IssueSeverity;

  @Field()
  field!: string;

  @Field()
  message!: string;
}
