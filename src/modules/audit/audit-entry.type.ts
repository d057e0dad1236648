import { DateTimeResolver, GraphQLJSON } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { Connection } from '../../graphql/pagination';

@ObjectType({ description: 'One audited operation: who read or changed which personal data, when, through which operation' })
export class AuditEntry {
  @Field(() => ID)
  id!: string;

  @Field()
  tenantCode!: string;

  @Field(() => String, { nullable: true, description: 'The person (staff username of the tenant) whose console session it was; null for a machine token' })
  staffUsername!: string | null;

  @Field({ description: 'The GraphQL operation or upload' })
  operation!: string;

  @Field(() => String, { nullable: true, description: 'The request id, as the logs carry it' })
  requestId!: string | null;

  @Field(() => [String], { description: 'Registry numbers returned or changed' })
  registryNos!: string[];

  @Field(() => [String], { description: 'ID numbers returned or changed' })
  idNumbers!: string[];

  @Field(() => GraphQLJSON)
  detail!: Record<string, unknown>;

  @Field(() => DateTimeResolver)
  createdAt!: Date;
}

@ObjectType({ description: 'A page of audit entries, newest first' })
export class AuditEntryConnection extends Connection(AuditEntry, 'AuditEntry') {}
