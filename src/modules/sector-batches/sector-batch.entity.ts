import { Entity, Enum, Filter, PrimaryKey, Property } from '@mikro-orm/core';
import { DateTimeResolver } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { OWNER_FILTER, type OwnerScope, ownerScopeCondition } from '../../db/tenant-scope';
import { Sector } from '../tenants/tenant.enums';
import { BatchStatus } from './sector-batch.enums';

/** A ministry's batch of sector records and the progress of its reconciliation. */
@ObjectType({ description: 'A batch of sector records and its reconciliation' })
@Entity({ tableName: 'sector_batches' })
@Filter({ name: OWNER_FILTER, cond: (owner: OwnerScope) => ownerScopeCondition(owner), default: true })
export class SectorBatch {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id!: string;

  @Field({ description: 'The ministry that submitted it' })
  @Property({ type: 'text' })
  tenantCode!: string;

  @Field(() => Sector)
  @Enum({ items: () => Sector, type: 'text' })
  sector!: Sector;

  @Field({ description: 'Starts with a four-digit year, e.g. 2016 or 2016-Q4' })
  @Property({ type: 'text' })
  period!: string;

  @Field(() => BatchStatus)
  @Enum({ items: () => BatchStatus, type: 'text' })
  status!: BatchStatus;

  @Field(() => Int)
  @Property({ type: 'integer' })
  totalRecords: number = 0;

  /** Checkpoint: every row below this one has its result committed. */
  @Property({ type: 'integer' })
  nextRow: number = 1;

  @Field(() => Int)
  @Property({ type: 'integer' })
  processedRecords: number = 0;

  @Field(() => Int)
  @Property({ type: 'integer' })
  matched: number = 0;

  @Field(() => Int)
  @Property({ type: 'integer' })
  probable: number = 0;

  @Field(() => Int)
  @Property({ type: 'integer' })
  unmatched: number = 0;

  @Field(() => Int)
  @Property({ type: 'integer' })
  invalid: number = 0;

  @Field(() => Int)
  @Property({ type: 'integer' })
  discrepancies: number = 0;

  @Field(() => Int, { description: 'How many times a worker started on it' })
  @Property({ type: 'integer' })
  attempts: number = 0;

  @Field(() => String, { nullable: true, description: 'Why it FAILED' })
  @Property({ type: 'text', nullable: true })
  error: string | null = null;

  @Field(() => DateTimeResolver)
  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Field(() => DateTimeResolver, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  queuedAt: Date | null = null;

  @Field(() => DateTimeResolver, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  startedAt: Date | null = null;

  @Field(() => DateTimeResolver, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null = null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  updatedAt: Date = new Date();
}
