import { DateTimeResolver } from 'graphql-scalars';
import { Field, InputType } from 'type-graphql';

@InputType({ description: 'Filters of the audit log; all given ones must hold' })
export class AuditLogFilter {
  @Field(() => String, { nullable: true })
  tenantCode?: string | null;

  @Field(() => String, { nullable: true })
  operation?: string | null;

  @Field(() => String, { nullable: true, description: 'Entries that returned or changed this household' })
  registryNo?: string | null;

  @Field(() => DateTimeResolver, { nullable: true, description: 'From this time (inclusive)' })
  from?: Date | null;

  @Field(() => DateTimeResolver, { nullable: true, description: 'Before this time' })
  to?: Date | null;
}
