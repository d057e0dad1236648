import { Entity, Enum, Filter, PrimaryKey, Property } from '@mikro-orm/core';
import { DateTimeResolver } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { TENANT_FILTER, type TenantScope, provinceScopeCondition } from '../../db/tenant-scope';
import { IssueKind, IssueSeverity, IssueStatus } from './data-quality.enums';

/**
 * One problem a rule found, positioned exactly where it is. Written only by
 * the data-quality runner (set-based); read through the tenant filter, so a
 * province sees only the issues of its own households. FUNDS issues live in
 * their own table (fund-supervision) and are read as rows of this type.
 */
@ObjectType({ description: 'A data-quality problem with its positioning' })
@Entity({ tableName: 'data_quality_issues' })
@Filter({ name: TENANT_FILTER, cond: (scope: TenantScope) => provinceScopeCondition(scope), default: true })
export class DataQualityIssue {
  @Field(() => ID)
  @PrimaryKey({ type: 'bigint' })
  id!: string;

  @Field({ description: 'Code of the rule it broke' })
  @Property({ type: 'text' })
  ruleCode!: string;

  @Field(() => IssueKind)
  @Enum({ items: () => IssueKind, type: 'text' })
  kind!: IssueKind;

  @Field(() => IssueSeverity)
  @Enum({ items: () => IssueSeverity, type: 'text' })
  severity!: IssueSeverity;

  @Field()
  @Property({ type: 'text' })
  provinceCode!: string;

  @Field()
  @Property({ type: 'text' })
  countyCode!: string;

  @Field(() => String, { nullable: true, description: 'Null for a FUNDS issue of a whole project' })
  @Property({ type: 'text' })
  villageCode!: string | null;

  @Property({ type: 'integer' })
  householdId!: number | null;

  @Field(() => String, { nullable: true, description: 'The household concerned; null for a FUNDS issue of a project or a transaction' })
  @Property({ type: 'text' })
  registryNo!: string | null;

  /** Fund supervision only (the fund_supervision_issues table), read as plain rows. */
  @Field(() => String, { nullable: true, description: 'FUNDS: the project concerned' })
  projectNo: string | null = null;

  @Field(() => String, { nullable: true, description: 'FUNDS: the reference (voucher number) of the transaction concerned' })
  reference: string | null = null;

  @Property({ type: 'integer', nullable: true })
  memberId: number | null = null;

  @Field(() => String, { nullable: true, description: 'ID number of the member concerned; null for a household problem' })
  @Property({ type: 'text', nullable: true })
  idNumber: string | null = null;

  @Field(() => String, { nullable: true, description: 'Name of the member concerned' })
  @Property({ type: 'text', nullable: true })
  memberName: string | null = null;

  @Field({ description: 'The field to correct, e.g. primaryCause or members.birthDate' })
  @Property({ type: 'text' })
  field!: string;

  @Field()
  @Property({ type: 'text' })
  message!: string;

  @Field(() => String, { nullable: true, description: 'The value found, when it helps to see it' })
  @Property({ type: 'text', nullable: true })
  detail: string | null = null;

  @Field(() => String, {
    nullable: true,
    description: 'For a repeated ID or a child/parent check: the other member’s household (null for a province when it lies in another province)',
  })
  @Property({ type: 'text', nullable: true })
  relatedRegistryNo: string | null = null;

  @Field(() => String, { nullable: true, description: 'The other member’s ID number' })
  @Property({ type: 'text', nullable: true })
  relatedIdNumber: string | null = null;

  @Field(() => String, {
    nullable: true,
    description: 'The province of the other member’s household; for a province, all it learns of a duplicate in another province',
  })
  @Property({ type: 'text', nullable: true })
  relatedProvinceCode: string | null = null;

  @Field(() => IssueStatus)
  @Enum({ items: () => IssueStatus, type: 'text' })
  status!: IssueStatus;

  @Field(() => DateTimeResolver, { description: 'When a run first found it' })
  @Property({ type: 'timestamptz' })
  detectedAt!: Date;

  @Field(() => DateTimeResolver, { description: 'When a run last found it' })
  @Property({ type: 'timestamptz' })
  lastSeenAt!: Date;

  @Field(() => DateTimeResolver, { nullable: true, description: 'When a run no longer found it' })
  @Property({ type: 'timestamptz', nullable: true })
  fixedAt: Date | null = null;
}
