import { Entity, Enum, Filter, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { DateTimeResolver, GraphQLJSON } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { TENANT_FILTER, type TenantScope, provinceScopeCondition } from '../../db/tenant-scope';
import type { Household } from './household.entity';
import { HouseholdEventType } from './household.enums';

/** One change in a household's history. Append-only: the database refuses UPDATE and DELETE. */
@ObjectType({ description: 'A change in a household’s history' })
@Entity({ tableName: 'household_events' })
@Filter({ name: TENANT_FILTER, cond: (scope: TenantScope) => provinceScopeCondition(scope), default: true })
export class HouseholdEvent {
  @Field(() => ID)
  @PrimaryKey({ type: 'bigint' })
  id!: string;

  @ManyToOne({ entity: 'Household', deleteRule: 'restrict' })
  household!: Household;

  @Property({ type: 'text' })
  provinceCode!: string;

  @Field(() => HouseholdEventType)
  @Enum({ items: () => HouseholdEventType, type: 'text' })
  type!: HouseholdEventType;

  @Field(() => GraphQLJSON, { description: 'Changed fields: { field: { old, new } }' })
  @Property({ type: 'jsonb', default: '{}' })
  changes: Record<string, { old: unknown; new: unknown }> = {};

  @Field({ description: 'Code of the tenant that made the change' })
  @Property({ type: 'text' })
  tenantCode!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  requestId: string | null = null;

  @Field(() => Int, { description: 'Household version after this change' })
  @Property({ type: 'integer' })
  version!: number;

  @Field(() => DateTimeResolver)
  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
