import type { Server } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import type { GraphQLSchema } from 'graphql';
import type { ApiMetrics } from '../metrics/api-metrics';
import { metricsPlugin } from './metrics.plugin';
import { redactionPlugin } from './redaction.plugin';
import { errorLoggingPlugin } from './error-logging.plugin';
import { createErrorFormatter } from './format-error';
import type { HubContext } from './hub-context';
import { inputTextPlugin } from './input-text.plugin';
import { limitValidationRules } from './limits/limit.rules';
import { lookupBudgetPlugin } from './limits/lookup-budget.plugin';
import { queryCostPlugin } from './limits/query-cost.plugin';
import { tenantTransactionPlugin } from './tenant-transaction.plugin';
import { staffRolePlugin } from '../modules/staff-accounts/staff-accounts.plugin';
import type { RequestLimits } from './limits/request-limits';

/** Apollo with the hardening switches of the field notes; production hides the schema and all internals. */
export function createApolloServer(
  schema: GraphQLSchema,
  httpServer: Server,
  production: boolean,
  limits: RequestLimits | null,
  metrics?: ApiMetrics,
): ApolloServer<HubContext> {
  return new ApolloServer<HubContext>({
    schema,
    // Every limit is checked before execution: tokens while parsing, depth, aliases and directives while validating, cost after.
    // `limits` is null only in the benchmark that measures what the limits cost.
    parseOptions: limits ? { maxTokens: limits.maxTokens } : {},
    validationRules: limits ? limitValidationRules(limits) : [],
    formatError: createErrorFormatter(production),
    includeStacktraceInErrorResponses: false,
    // The process's own shutdown (src/process/shutdown.ts) stops Apollo in order; Apollo's handler would re-raise the signal.
    stopOnTerminationSignals: false,
    hideSchemaDetailsFromClientErrors: true,
    introspection: !production,
    allowBatchedHttpRequests: false,
    csrfPrevention: true,
    plugins: [
      // First, so that its time covers every other plugin's work.
      ...(metrics ? [metricsPlugin(metrics)] : []),
      errorLoggingPlugin(),
      // Before the transaction: a tenant refused for its lookup budget takes no database connection.
      ...(limits ? [lookupBudgetPlugin(schema)] : []),
      // A console person's role, before the transaction opens: a refused mutation takes no connection.
      staffRolePlugin(),
      tenantTransactionPlugin(),
      ...(limits ? [queryCostPlugin(schema, limits.maxCost)] : []),
      inputTextPlugin(),
      redactionPlugin(),
      // No cache hints are used; the plugin would otherwise run a hook on every field.
      ApolloServerPluginCacheControlDisabled(),
      // stop() then waits for in-flight requests before closing.
      ApolloServerPluginDrainHttpServer({ httpServer }),
    ],
  });
}
