import { Entity, Enum, Filter, PrimaryKey, Property } from '@mikro-orm/core';
import { DateTimeResolver } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { OWNER_FILTER, type OwnerScope, ownerScopeCondition } from '../../db/tenant-scope';
import { RunChecks, RunMode, RunStatus } from './data-quality.enums';

/** One data-quality check: who asked, over what, and how far it got. Its tenant sees it; LGOP sees all. */
@ObjectType({ description: 'A data-quality check and its progress' })
@Entity({ tableName: 'data_quality_runs' })
@Filter({ name: OWNER_FILTER, cond: (owner: OwnerScope) => ownerScopeCondition(owner), default: true })
export class DataQualityRun {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id!: string;

  @Field({ description: 'Who asked for it (LGOP for scheduled runs)' })
  @Property({ type: 'text' })
  tenantCode!: string;

  @Field(() => String, { nullable: true, description: 'The province checked; null for the whole registry' })
  @Property({ type: 'text', nullable: true })
  provinceCode: string | null = null;

  @Field(() => RunChecks, { description: 'The registry (runDataQualityCheck) or the projects and funds (runFundSupervision)' })
  @Enum({ items: () => RunChecks, type: 'text' })
  checks: RunChecks = RunChecks.REGISTRY;

  @Field(() => RunMode)
  @Enum({ items: () => RunMode, type: 'text' })
  mode!: RunMode;

  @Field(() => RunStatus)
  @Enum({ items: () => RunStatus, type: 'text' })
  status!: RunStatus;

  @Field(() => DateTimeResolver, { nullable: true, description: 'CHANGED runs: households changed from this time on were checked' })
  @Property({ type: 'timestamptz', nullable: true })
  since: Date | null = null;

  @Field(() => Int)
  @Property({ type: 'integer' })
  rulesTotal: number = 0;

  @Field(() => [String], { description: 'Rules applied so far (each committed on its own)' })
  @Property({ type: 'text[]' })
  doneRules: string[] = [];

  @Field(() => [String], { description: 'Rules that failed in this run; their issues were left as they were' })
  @Property({ type: 'text[]' })
  failedRules: string[] = [];

  @Field(() => Int, { description: 'Problems found' })
  @Property({ type: 'integer' })
  found: number = 0;

  @Field(() => Int, { description: 'Issues opened (not open before)' })
  @Property({ type: 'integer' })
  opened: number = 0;

  @Field(() => Int, { description: 'Issues closed as FIXED' })
  @Property({ type: 'integer' })
  fixed: number = 0;

  @Field(() => String, { nullable: true, description: 'Why it FAILED' })
  @Property({ type: 'text', nullable: true })
  error: string | null = null;

  @Field(() => DateTimeResolver)
  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Field(() => DateTimeResolver, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  startedAt: Date | null = null;

  @Field(() => DateTimeResolver, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null = null;
}
