import { type ApolloServerPlugin, type GraphQLResponse, HeaderMap } from '@apollo/server';
import { beginTenantTransaction, endTenantTransaction } from '../db/tenant-transaction';
import { ContractErrorCode } from './error-code';
import type { HubContext } from './hub-context';
import { beginOnStandby, noteCommittedWrite } from './read-routing';

/**
 * One database transaction per executed operation, with the caller's tenant
 * set for row-level security. It opens just before execution (a request refused
 * by a limit holds no connection) and commits before the answer is sent, so the
 * audit rows of a read are durable before its data leaves. If the commit fails,
 * the answer is replaced by INTERNAL: the client never sees data, or a success,
 * that the database did not keep.
 */
export function tenantTransactionPlugin(): ApolloServerPlugin<HubContext> {
  return {
    async requestDidStart() {
      return {
        // Not executionDidStart: Apollo lets an error thrown there escape every
        // other hook, so the client would get INTERNAL without its request id.
        async responseForOperation({ contextValue, operation }) {
          try {
            if (!(await beginOnStandby(contextValue, operation?.operation))) await beginTenantTransaction(contextValue.em, contextValue.caller);
            return null;
          } catch (err) {
            contextValue.log.error({ err }, 'request transaction did not start');
            await endTenantTransaction(contextValue.em, false).catch(() => undefined);
            return { http: { status: 503, headers: new HeaderMap() }, body: internalError(contextValue.requestId) };
          }
        },
        async willSendResponse({ contextValue, response, operation }) {
          if (!contextValue.em.isInTransaction()) return;
          try {
            await endTenantTransaction(contextValue.em, true);
          } catch (err) {
            contextValue.log.error({ err }, 'request transaction did not commit');
            response.http.status = 500;
            response.body = internalError(contextValue.requestId);
            return;
          }
          await noteCommittedWrite(contextValue, operation?.operation);
          for (const task of contextValue.afterCommit.splice(0)) await task().catch((err) => contextValue.log.warn({ err }, 'after-commit task failed'));
        },
      };
    },
  };
}

function internalError(requestId: string): GraphQLResponse['body'] {
  return {
    kind: 'single',
    singleResult: {
      errors: [{ message: 'Internal error; quote the request id to the hub operators', extensions: { code: ContractErrorCode.INTERNAL, requestId } }],
    },
  };
}
