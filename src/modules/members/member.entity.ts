import { Entity, Enum, Filter, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { DateResolver } from 'graphql-scalars';
import { Field, Int, ObjectType } from 'type-graphql';
import { TENANT_FILTER, type TenantScope, provinceScopeCondition } from '../../db/tenant-scope';
import type { Household } from '../households/household.entity';
import { EducationLevel, HealthStatus, LabourCapacity, MemberStatus, Relationship, Sex } from './member.enums';

/**
 * A person in a registered household. `idNumber` is stored normalised (18
 * characters) when it is valid; the database keeps one ACTIVE member per number.
 */
// Plain property reads (no field has middleware or roles of its own): a page lists hundreds of members.
@ObjectType({ description: 'A member of a registered household', simpleResolvers: true })
@Entity({ tableName: 'members' })
@Filter({ name: TENANT_FILTER, cond: (scope: TenantScope) => provinceScopeCondition(scope), default: true })
export class Member {
  @PrimaryKey()
  id!: number;

  @ManyToOne({ entity: 'Household', deleteRule: 'restrict' })
  household!: Household;

  /** Copied from the household so that scope and RLS need no join. */
  @Property({ type: 'text' })
  provinceCode!: string;

  @Field(() => String, {
    nullable: true,
    description:
      'Resident ID number, normalised to 18 characters where valid; masked to its region (520102************) for a ministry that did not send it itself',
  })
  @Property({ type: 'text' })
  idNumber!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text' })
  name!: string;

  /** Name folded for matching (contract: trimmed, no inner space, half-width, no separators). */
  @Property({ type: 'text' })
  nameNorm!: string;

  @Field(() => Sex, { nullable: true })
  @Enum({ items: () => Sex, type: 'text', nullable: true })
  sex: Sex | null = null;

  @Field(() => DateResolver, { nullable: true })
  @Property({ type: 'date', nullable: true })
  birthDate: string | null = null;

  @Field(() => Relationship, { nullable: true })
  @Enum({ items: () => Relationship, type: 'text', nullable: true })
  relationship: Relationship | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  ethnicity: string | null = null;

  @Field(() => EducationLevel, { nullable: true })
  @Enum({ items: () => EducationLevel, type: 'text', nullable: true })
  education: EducationLevel | null = null;

  @Field(() => Boolean, { nullable: true })
  @Property({ type: 'boolean', nullable: true })
  inSchool: boolean | null = null;

  @Field(() => HealthStatus, { nullable: true })
  @Enum({ items: () => HealthStatus, type: 'text', nullable: true })
  health: HealthStatus | null = null;

  @Field(() => Int, { nullable: true, description: '1 (most severe) to 4' })
  @Property({ type: 'smallint', nullable: true })
  disabilityLevel: number | null = null;

  @Field(() => LabourCapacity, { nullable: true })
  @Enum({ items: () => LabourCapacity, type: 'text', nullable: true })
  labourCapacity: LabourCapacity | null = null;

  @Field(() => Boolean, { nullable: true })
  @Property({ type: 'boolean', nullable: true })
  migrantWorker: boolean | null = null;

  @Field(() => Boolean, { nullable: true })
  @Property({ type: 'boolean', nullable: true })
  medicalInsured: boolean | null = null;

  @Field(() => Boolean, { nullable: true })
  @Property({ type: 'boolean', nullable: true })
  pensionInsured: boolean | null = null;

  @Field(() => Boolean, { nullable: true })
  @Property({ type: 'boolean', nullable: true })
  receivesDibao: boolean | null = null;

  @Field(() => MemberStatus, { nullable: true })
  @Enum({ items: () => MemberStatus, type: 'text', default: MemberStatus.ACTIVE })
  status: MemberStatus = MemberStatus.ACTIVE;

  @Field(() => DateResolver, { nullable: true, description: 'When the status took effect' })
  @Property({ type: 'date', nullable: true })
  statusDate: string | null = null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  updatedAt: Date = new Date();
}
