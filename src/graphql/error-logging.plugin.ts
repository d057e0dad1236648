import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, type GraphQLError } from 'graphql';
import { noteOperation } from '../logging/access-note';
import { ContractErrorCode } from './error-code';
import { createErrorFormatter } from './format-error';
import type { HubContext } from './hub-context';

/** The contract code an error leaves with: the one formatter decides what is the client's fault. */
const contractCodeOf = (() => {
  const format = createErrorFormatter(true);
  return (err: GraphQLError): string => String(format(err.toJSON(), err).extensions?.code ?? ContractErrorCode.INTERNAL);
})();

/**
 * Logs every unexpected error with its stack and the request id, and gives the client that id
 * on the masked INTERNAL error so operators can find the log line. A client's mistake is
 * logged at info with its code and path only: its message may quote the input (an ID number).
 */
export function errorLoggingPlugin(): ApolloServerPlugin<HubContext> {
  return {
    async requestDidStart({ request, contextValue }) {
      noteOperation(contextValue.accessNote, request.operationName);
      return {
        // A document that fails validation never resolves its operation; its only operation's name is still worth a log line.
        async validationDidStart({ document }) {
          const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
          if (operations.length === 1) noteOperation(contextValue.accessNote, operations[0].name?.value);
        },
        async didResolveOperation({ operation }) {
          noteOperation(contextValue.accessNote, operation?.name?.value);
        },
        async didEncounterErrors({ errors }) {
          for (const err of errors) {
            const code = contractCodeOf(err);
            contextValue.accessNote?.errorCodes.push(code);
            if (code !== ContractErrorCode.INTERNAL) {
              contextValue.log.info({ code, cause: err.extensions?.code, path: err.path }, 'client error');
              continue;
            }
            contextValue.log.error({ err: err.originalError ?? err, path: err.path }, 'unexpected error');
          }
        },
        async willSendResponse({ response }) {
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
