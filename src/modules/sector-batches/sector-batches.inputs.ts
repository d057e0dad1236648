import { DateResolver, GraphQLJSON } from 'graphql-scalars';
import { Field, InputType } from 'type-graphql';
import { Sector } from '../tenants/tenant.enums';
import { BatchStatus } from './sector-batch.enums';

@InputType({ description: 'One record of a ministry’s sector data' })
export class SectorRecordInput {
  @Field({ description: 'Any input form' })
  idNumber!: string;

  @Field()
  name!: string;

  @Field(() => DateResolver, { nullable: true })
  birthDate?: Date | null;

  @Field(() => String, { nullable: true, description: '6-digit county code where the record was made' })
  regionCode?: string | null;

  @Field(() => GraphQLJSON, { nullable: true, description: 'Sector attributes (contract: "Sector attributes and discrepancy kinds")' })
  attributes?: Record<string, unknown> | null;
}

@InputType({ description: 'Filters of the batch list' })
export class SectorBatchFilter {
  @Field(() => Sector, { nullable: true })
  sector?: Sector;

  @Field(() => BatchStatus, { nullable: true })
  status?: BatchStatus;

  @Field(() => String, { nullable: true })
  period?: string;

  @Field(() => String, { nullable: true, description: 'LGOP only: one ministry’s batches' })
  tenantCode?: string;
}
