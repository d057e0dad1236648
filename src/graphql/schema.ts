import { type GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { type PubSub, buildSchema } from 'type-graphql';
import { hubAuthChecker } from '../auth/auth-checker';
import { AuditResolver } from '../modules/audit/audit.resolver';
import { DataQualityResolver } from '../modules/data-quality/data-quality.resolver';
import { FundSupervisionResolver } from '../modules/fund-supervision/fund-supervision.resolver';
import { DiscrepancyCasesResolver } from '../modules/discrepancy-cases/discrepancy-cases.resolver';
import { HouseholdsResolver } from '../modules/households/households.resolver';
import { PersonsResolver } from '../modules/persons/persons.resolver';
import { LifecycleResolver } from '../modules/lifecycle/lifecycle.resolver';
import { PushResolver } from '../modules/pushes/push.resolver';
import { BatchLifecycleResolver } from '../modules/batch-lifecycle/batch-lifecycle.resolver';
import { SectorBatchesResolver } from '../modules/sector-batches/sector-batches.resolver';
import { MatchedHouseholdsResolver } from '../modules/matched-households/matched-households.resolver';
import { installRedaction } from './redaction.plugin';
import { RegistryStatsResolver } from '../modules/registry-stats/registry-stats.resolver';
import { SharingPoliciesResolver } from '../modules/sharing-policies/sharing-policies.resolver';
import { TenantsResolver } from '../modules/tenants/tenants.resolver';
import { ProjectResolver } from '../modules/projects/project.resolver';
import { FundLedgerResolver } from '../modules/fund-ledger/fund-ledger.resolver';
import { BenefitResolver } from '../modules/benefits/benefit.resolver';
import { HouseholdBenefitsResolver } from '../modules/benefits/benefit-reads.resolver';
import { ProjectReadsResolver } from '../modules/projects/project-reads.resolver';
import { FundStatsResolver } from '../modules/fund-stats/fund-stats.resolver';
import { WebhooksResolver } from '../modules/webhooks/webhooks.resolver';
import { LiveProgressResolver } from '../modules/live-progress/live-progress.resolver';

/** Every resolver of the hub; a new module adds its resolver here. */
const RESOLVERS = [
  TenantsResolver,
  HouseholdsResolver,
  PersonsResolver,
  PushResolver,
  LifecycleResolver,
  SectorBatchesResolver,
  BatchLifecycleResolver,
  SharingPoliciesResolver,
  MatchedHouseholdsResolver,
  DiscrepancyCasesResolver,
  DataQualityResolver,
  FundSupervisionResolver,
  RegistryStatsResolver,
  AuditResolver,
  ProjectResolver,
  FundLedgerResolver,
  BenefitResolver,
  ProjectReadsResolver,
  HouseholdBenefitsResolver,
  FundStatsResolver,
  WebhooksResolver,
  LiveProgressResolver,
] as const;

const NO_TOPICS: PubSub = {
  publish: () => {
    throw new Error('subscriptions publish through src/queues/progress.publisher, not type-graphql topics');
  },
  subscribe: () => {
    throw new Error('subscriptions subscribe through src/queues/progress.feed, not type-graphql topics');
  },
};

/** The executable schema, built from the decorated code. */
export async function buildHubSchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: RESOLVERS,
    // class-validator decorators on inputs; unknown-value checks off because inputs are plain GraphQL objects.
    validate: { forbidUnknownValues: false },
    emitSchemaFile: false,
    // Who may call what: the roles in each operation's @Authorized(...), checked by the one auth checker.
    authChecker: hubAuthChecker,
    // Every subscription brings its own `subscribe` (live-progress, over Redis pub/sub); type-graphql's topics are not used.
    pubSub: NO_TOPICS,
  });
  // Rows cut by a data-sharing policy report their cut fields into extensions.redactedFields.
  return installRedaction(schema);
}

/** The SDL committed as schema.graphql: sorted, so the diff of a change is only that change. */
export async function printHubSchema(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await buildHubSchema()))}\n`;
}
