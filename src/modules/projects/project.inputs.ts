import { DateResolver } from 'graphql-scalars';
import { Field, InputType, Int } from 'type-graphql';
import { type Decimal, DecimalScalar } from '../../graphql/decimal.scalar';
import { FundSource, ProjectStatus, ProjectType } from './project.enums';

@InputType({ description: 'One source of a project’s budget' })
export class BudgetLineInput {
  @Field(() => FundSource)
  source!: FundSource;

  @Field(() => DecimalScalar, { description: 'Positive yuan, at most 2 decimals' })
  amount!: Decimal;
}

@InputType({ description: 'Where and when the project was announced to the public' })
export class AnnouncementInput {
  @Field(() => DateResolver)
  publishedOn!: Date;

  @Field({ description: 'The notice board or web page' })
  place!: string;
}

@InputType({ description: 'A whole project of a county’s library; a push creates or replaces it' })
export class ProjectInput {
  @Field({ description: 'Starts with the 6-digit county code' })
  projectNo!: string;

  @Field()
  name!: string;

  @Field()
  countyCode!: string;

  @Field(() => [String], { nullable: true, description: '12-digit codes inside the county' })
  villageCodes?: string[] | null;

  @Field(() => ProjectType)
  type!: ProjectType;

  @Field(() => String, { nullable: true })
  implementingUnit?: string | null;

  @Field(() => ProjectStatus)
  status!: ProjectStatus;

  @Field(() => DateResolver, { nullable: true })
  approvedOn?: Date | null;

  @Field(() => DateResolver, { nullable: true })
  plannedStart?: Date | null;

  @Field(() => DateResolver, { nullable: true })
  plannedEnd?: Date | null;

  @Field(() => DateResolver, { nullable: true })
  completedOn?: Date | null;

  @Field({ description: 'Benefits go to named registered households' })
  targetsHouseholds!: boolean;

  @Field(() => [BudgetLineInput], { description: 'At least one line, one per source' })
  budget!: BudgetLineInput[];

  @Field(() => AnnouncementInput, { nullable: true })
  announcement?: AnnouncementInput | null;

  @Field(() => Int, { nullable: true, description: 'Reject this project with VERSION_CONFLICT unless it is at this version' })
  expectedVersion?: number | null;
}
