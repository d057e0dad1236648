import { type GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { HouseholdsResolver } from '../modules/households/households.resolver';
import { PersonsResolver } from '../modules/persons/persons.resolver';
import { LifecycleResolver } from '../modules/pushes/lifecycle.resolver';
import { PushResolver } from '../modules/pushes/push.resolver';
import { ReconciliationAdminResolver } from '../modules/reconciliation/reconciliation-admin.resolver';
import { SectorBatchesResolver } from '../modules/sector-batches/sector-batches.resolver';
import { TenantsResolver } from '../modules/tenants/tenants.resolver';

/** Every resolver of the hub; a new module adds its resolver here. */
const RESOLVERS = [TenantsResolver, HouseholdsResolver, PersonsResolver, PushResolver, LifecycleResolver, SectorBatchesResolver, ReconciliationAdminResolver] as const;

/** The executable schema, built from the decorated code. */
export function buildHubSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: RESOLVERS,
    // class-validator decorators on inputs; unknown-value checks off because inputs are plain GraphQL objects.
    validate: { forbidUnknownValues: false },
    emitSchemaFile: false,
  });
}

/** The SDL committed as schema.graphql: sorted, so the diff of a change is only that change. */
export async function printHubSchema(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await buildHubSchema()))}\n`;
}
