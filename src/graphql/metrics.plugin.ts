import type { ApolloServerPlugin } from '@apollo/server';
import type { ApiMetrics, OperationType } from '../metrics/api-metrics';
import { tenantKindLabel } from '../metrics/metric-labels';
import { CONTRACT_ERROR_CODES, ContractErrorCode } from './error-code';
import type { HubContext } from './hub-context';

/**
 * Times every GraphQL operation (first plugin: from Apollo taking the request
 * to the response being ready) and counts the errors it answers by contract
 * code, read from the formatted response, so a code is counted as the client sees it.
 */
export function metricsPlugin(metrics: ApiMetrics): ApolloServerPlugin<HubContext> {
  return {
    async requestDidStart({ request }) {
      const started = performance.now();
      let operation = metrics.operationNames.label(request.operationName);
      let type: OperationType = 'unknown';
      return {
        async didResolveOperation(ctx) {
          operation = metrics.operationNames.label(ctx.operationName);
          type = ctx.operation?.operation ?? 'unknown';
        },
        async willSendResponse({ contextValue, response }) {
          const kind = tenantKindLabel(contextValue.caller?.tenant.kind);
          metrics.observeOperation(operation, type, kind, (performance.now() - started) / 1000);
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          for (const e of errors ?? []) {
            const code = String(e.extensions?.code ?? '');
            metrics.countError(CONTRACT_ERROR_CODES.has(code) ? code : ContractErrorCode.INTERNAL, kind);
          }
        },
      };
    },
  };
}
