import { DateResolver, DateTimeResolver } from 'graphql-scalars';
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { type Decimal, DecimalScalar } from '../../graphql/decimal.scalar';
import { Connection } from '../../graphql/pagination';
import { FundTransactionKind } from '../fund-ledger/fund-ledger.enums';
import { FundSource, ProjectStatus, ProjectType } from './project.enums';

@ObjectType('BudgetLine', { description: 'One source of a project’s budget' })
export class BudgetLineView {
  @Field(() => FundSource)
  source!: FundSource;

  @Field(() => DecimalScalar)
  amount!: Decimal;
}

@ObjectType({ description: 'Where and when a project was announced to the public' })
export class Announcement {
  @Field(() => DateResolver)
  publishedOn!: string;

  @Field()
  place!: string;
}

@ObjectType({ description: 'The money of one source of a project, from its budget line and the ledger' })
export class ProjectSourceFunds {
  @Field(() => FundSource)
  source!: FundSource;

  @Field(() => DecimalScalar, { description: 'The budget line of this source (0.00 when the ledger names a source the budget has no line for)' })
  budget!: Decimal;

  @Field(() => DecimalScalar, { description: 'Allocations not reversed' })
  allocated!: Decimal;

  @Field(() => DecimalScalar, { description: 'Disbursements not reversed' })
  disbursed!: Decimal;

  @Field(() => Float, { nullable: true, description: 'disbursed / allocated; null when nothing is allocated' })
  disbursementRate!: number | null;

  @Field(() => DecimalScalar, { description: 'Allocated and not disbursed (never below 0.00)' })
  idleAmount!: Decimal;

  @Field(() => Int, { nullable: true, description: 'Age in days of the oldest allocation not yet spent, first in first out; null when nothing is idle' })
  oldestIdleDays!: number | null;
}

@ObjectType({ description: 'A project’s money: its budget and its ledger net of reversals, summed by PostgreSQL on numeric' })
export class ProjectFunds {
  @Field(() => DecimalScalar)
  budget!: Decimal;

  @Field(() => DecimalScalar, { description: 'Allocations net of reversals' })
  allocated!: Decimal;

  @Field(() => DecimalScalar, { description: 'Disbursements net of reversals' })
  disbursed!: Decimal;

  @Field(() => Float, { nullable: true, description: 'disbursed / allocated; null when nothing is allocated' })
  disbursementRate!: number | null;

  @Field(() => DecimalScalar, { description: 'The idle amounts of the sources: money of a source is spent only from that source' })
  idleAmount!: Decimal;

  @Field(() => Int, { nullable: true, description: 'The oldest idle days of any source (first in, first out within a source)' })
  oldestIdleDays!: number | null;

  @Field(() => [ProjectSourceFunds], { description: 'Each source of the budget or the ledger, in source order' })
  bySource!: ProjectSourceFunds[];
}

@ObjectType({ description: 'A project of a county’s library' })
export class Project {
  @Field()
  projectNo!: string;

  @Field(() => ProjectType)
  type!: ProjectType;

  @Field(() => String, { nullable: true })
  name!: string | null;

  @Field(() => String, { nullable: true })
  provinceCode!: string | null;

  @Field(() => String, { nullable: true })
  countyCode!: string | null;

  @Field(() => [String], { nullable: true })
  villageCodes!: string[] | null;

  @Field(() => ProjectStatus, { nullable: true })
  status!: ProjectStatus | null;

  @Field(() => String, { nullable: true })
  implementingUnit!: string | null;

  @Field(() => DateResolver, { nullable: true })
  approvedOn!: string | null;

  @Field(() => DateResolver, { nullable: true })
  plannedStart!: string | null;

  @Field(() => DateResolver, { nullable: true })
  plannedEnd!: string | null;

  @Field(() => DateResolver, { nullable: true })
  completedOn!: string | null;

  @Field(() => Boolean, { nullable: true })
  targetsHouseholds!: boolean | null;

  @Field(() => [BudgetLineView], { nullable: true, description: 'One line per source' })
  budget!: BudgetLineView[] | null;

  @Field(() => Announcement, { nullable: true })
  announcement!: Announcement | null;

  @Field(() => Int, { nullable: true })
  version!: number | null;

  @Field(() => DateTimeResolver, { nullable: true })
  createdAt!: Date | null;

  @Field(() => DateTimeResolver, { nullable: true })
  updatedAt!: Date | null;
}

@ObjectType({ description: 'A page of projects, in project order' })
export class ProjectConnection extends Connection(Project, 'Project') {}

@ObjectType({ description: 'One row of a project’s ledger' })
export class FundTransaction {
  @Field()
  reference!: string;

  @Field(() => FundTransactionKind)
  kind!: FundTransactionKind;

  @Field(() => FundSource)
  source!: FundSource;

  @Field(() => DecimalScalar)
  amount!: Decimal;

  @Field(() => DateResolver)
  date!: string;

  @Field(() => String, { nullable: true, description: 'For a REVERSAL: the reference it cancels' })
  reverses!: string | null;

  @Field(() => String, { nullable: true, description: 'The reference of the REVERSAL that cancelled this one' })
  reversedBy!: string | null;

  @Field(() => DateTimeResolver)
  recordedAt!: Date;
}

@ObjectType({ description: 'A page of a project’s ledger, in the order it was recorded' })
export class FundTransactionConnection extends Connection(FundTransaction, 'FundTransaction') {}
