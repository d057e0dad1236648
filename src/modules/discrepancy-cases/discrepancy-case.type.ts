import { DateTimeResolver, GraphQLJSON } from 'graphql-scalars';
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { Connection } from '../../graphql/pagination';
import { Sector } from '../tenants/tenant.enums';
import { DiscrepancyStatus, DismissalReason } from './discrepancy-case.enums';

@ObjectType({ description: 'A discrepancy case: one kind raised by one ministry for one member, and its resolution' })
export class Discrepancy {
  @Field(() => ID)
  id!: string;

  @Field()
  kind!: string;

  @Field(() => Sector)
  sector!: Sector;

  @Field({ description: 'The ministry whose batch raised it' })
  raisedBy!: string;

  @Field(() => DiscrepancyStatus)
  status!: DiscrepancyStatus;

  @Field()
  provinceCode!: string;

  @Field()
  countyCode!: string;

  @Field({ description: 'The member’s ID number' })
  idNumber!: string;

  @Field(() => String, { nullable: true, description: 'Null for a ministry, as in lookupPersons' })
  registryNo!: string | null;

  @Field(() => GraphQLJSON, {
    description: '{ sector: the record’s values, registry: the registry’s values (for a ministry, null where its policy hides the field) }',
  })
  evidence!: Record<string, unknown>;

  @Field(() => ID, { description: 'The latest batch that raised it' })
  batchId!: string;

  @Field(() => Int)
  rowNo!: number;

  @Field(() => Int, { description: 'How many batches raised it' })
  raisedCount!: number;

  @Field(() => DateTimeResolver, { description: 'When it was opened, or last reopened by new evidence' })
  openedAt!: Date;

  @Field(() => DateTimeResolver)
  lastRaisedAt!: Date;

  @Field(() => DateTimeResolver, { nullable: true })
  resolvedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'The tenant that resolved it' })
  resolvedBy!: string | null;

  @Field(() => DismissalReason, { nullable: true })
  dismissalReason!: DismissalReason | null;

  @Field(() => String, { nullable: true })
  note!: string | null;

  @Field(() => ID, { nullable: true, description: 'CORRECTED: the household event that changed the registry' })
  eventId!: string | null;
}

@ObjectType({ description: 'A page of discrepancy cases, oldest first' })
export class DiscrepancyConnection extends Connection(Discrepancy, 'Discrepancy') {}

@ObjectType({ description: 'Cases counted for one group of discrepancySummary; a dimension not grouped by is null' })
export class DiscrepancySummaryRow {
  @Field(() => String, { nullable: true })
  provinceCode!: string | null;

  @Field(() => Sector, { nullable: true })
  sector!: Sector | null;

  @Field(() => String, { nullable: true })
  kind!: string | null;

  @Field(() => DiscrepancyStatus, { nullable: true })
  status!: DiscrepancyStatus | null;

  @Field(() => Int)
  count!: number;

  @Field(() => Int)
  open!: number;

  @Field(() => Int)
  confirmed!: number;

  @Field(() => Int)
  corrected!: number;

  @Field(() => Int)
  dismissed!: number;

  @Field(() => Float, { nullable: true, description: 'Median days from opening to CORRECTED or DISMISSED; null when none is' })
  medianDaysToResolve!: number | null;
}
