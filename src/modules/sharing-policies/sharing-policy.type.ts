import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Relationship } from '../members/member.enums';
import { ProjectType } from '../projects/project.enums';
import { MemberRows } from './sharing-policy.fields';

registerEnumType(MemberRows, { name: 'PolicyMemberRows', description: 'Which members of a shared household a policy lists' });

@ObjectType({ description: 'Member fields granted only on rows meeting every condition given' })
export class PolicyMemberRule {
  @Field(() => [String])
  fields!: string[];

  @Field(() => Int, { nullable: true, description: 'Youngest age (full years, today) the rule applies to' })
  minAge?: number | null;

  @Field(() => Int, { nullable: true })
  maxAge?: number | null;

  @Field(() => [Relationship], { nullable: true })
  relationships?: Relationship[] | null;
}

@ObjectType({ description: 'A data-sharing agreement: what one ministry may read of the households its batches matched, and of the projects of its types' })
export class SharingPolicy {
  @Field()
  tenantCode!: string;

  @Field()
  description!: string;

  @Field(() => [String], { description: 'Household fields with values; every other is null' })
  householdFields!: string[];

  @Field(() => [String], { description: 'Member fields with values on every listed member' })
  memberFields!: string[];

  @Field(() => [PolicyMemberRule], { description: 'More member fields, on the rows a rule allows' })
  memberRules!: PolicyMemberRule[];

  @Field(() => MemberRows)
  memberRows!: MemberRows;

  @Field(() => [ProjectType], { description: 'Project types whose projects (and beneficiaries among its households) the tenant reads' })
  projectTypes!: ProjectType[];

  @Field(() => [String], { description: 'Project fields with values; every other is null' })
  projectFields!: string[];
}
