import { Collection, DecimalType, Entity, Enum, Filter, OneToMany, PrimaryKey, Property } from '@mikro-orm/core';
import { DateTimeResolver } from 'graphql-scalars';
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { TENANT_FILTER, type TenantScope, provinceScopeCondition } from '../../db/tenant-scope';
import { Member } from '../members/member.entity';
import { HouseholdStatus, PovertyCause } from './household.enums';

/**
 * A registered household. Province and county are stored beside the village
 * code (the database checks that they agree) so that tenant scope and filters
 * use plain indexes.
 */
// Plain property reads for the columns (no field has middleware or roles of its own); members and events keep their resolvers.
@ObjectType({ description: 'A household in the poverty registry', simpleResolvers: true })
@Entity({ tableName: 'households' })
@Filter({ name: TENANT_FILTER, cond: (scope: TenantScope) => provinceScopeCondition(scope), default: true })
export class Household {
  @PrimaryKey()
  id!: number;

  @Field(() => String, { nullable: true, description: 'National registry number; starts with the province code (null where a data-sharing policy hides it)' })
  @Property({ type: 'text', unique: true })
  registryNo!: string;

  @Field(() => String, { nullable: true, description: '12-digit statistical division code of the village' })
  @Property({ type: 'text' })
  villageCode!: string;

  @Field(() => String, { nullable: true, description: 'First 6 digits of the village code' })
  @Property({ type: 'text' })
  countyCode!: string;

  @Field(() => String, { nullable: true, description: 'First 2 digits of the village code' })
  @Property({ type: 'text' })
  provinceCode!: string;

  @Field(() => HouseholdStatus, { nullable: true })
  @Enum({ items: () => HouseholdStatus, type: 'text' })
  status!: HouseholdStatus;

  @Field(() => Int, { nullable: true })
  @Property({ type: 'integer' })
  identifiedYear!: number;

  @Field(() => Int, { nullable: true })
  @Property({ type: 'integer', nullable: true })
  exitYear: number | null = null;

  @Field(() => PovertyCause, { nullable: true, description: 'Null only in legacy data awaiting cleaning' })
  @Enum({ items: () => PovertyCause, type: 'text', nullable: true })
  primaryCause: PovertyCause | null = null;

  @Field(() => [PovertyCause], { nullable: true })
  @Enum({ items: () => PovertyCause, type: 'text[]', array: true })
  otherCauses: PovertyCause[] = [];

  @Field(() => Float, { nullable: true, description: 'Annual net income per person, yuan' })
  @Property({ type: new DecimalType('number'), columnType: 'numeric(12,2)', nullable: true })
  annualIncomePerCapita: number | null = null;

  @Field(() => Boolean, { nullable: true })
  @Property({ type: 'boolean', nullable: true })
  housingSafe: boolean | null = null;

  @Field(() => Boolean, { nullable: true })
  @Property({ type: 'boolean', nullable: true })
  drinkingWaterSafe: boolean | null = null;

  @Field(() => String, { nullable: true, description: 'Why a REMOVED household was cancelled' })
  @Property({ type: 'text', nullable: true })
  removalReason: string | null = null;

  @Field(() => Int, { nullable: true, description: 'Optimistic-concurrency version; grows by one with every change' })
  @Property({ type: 'integer', default: 1 })
  version: number = 1;

  @Field(() => DateTimeResolver, { nullable: true })
  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Field(() => DateTimeResolver, { nullable: true })
  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  updatedAt: Date = new Date();

  @OneToMany(() => Member, (m) => m.household)
  members = new Collection<Member>(this);
}
