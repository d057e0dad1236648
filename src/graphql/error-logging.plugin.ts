import type { ApolloServerPlugin } from '@apollo/server';
import { CONTRACT_ERROR_CODES, ContractErrorCode } from './error-code';
import type { HubContext } from './hub-context';

/**
 * Logs every unexpected error with the request id, and gives the client that id
 * on the masked INTERNAL error so operators can find the log line.
 */
export function errorLoggingPlugin(): ApolloServerPlugin<HubContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ contextValue, errors }) {
          for (const err of errors) {
            const code = String(err.extensions?.code ?? '');
            if (CONTRACT_ERROR_CODES.has(code) && code !== ContractErrorCode.INTERNAL) continue;
            if (err.originalError === undefined || err.originalError === null) continue;
            contextValue.log.error({ err: err.originalError, path: err.path }, 'unexpected error');
          }
        },
        async willSendResponse({ contextValue, response }) {
          if (response.body.kind !== 'single') return;
          const errors = response.body.singleResult.errors;
          if (!errors) return;
          response.body.singleResult.errors = errors.map((e) =>
            e.extensions?.code === ContractErrorCode.INTERNAL ? { ...e, extensions: { ...e.extensions, requestId: contextValue.requestId } } : e,
          );
        },
      };
    },
  };
}
