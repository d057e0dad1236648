import type { ApolloServerPlugin } from '@apollo/server';
import { beginTenantTransaction, endTenantTransaction } from '../db/tenant-transaction';
import { ContractErrorCode } from './error-code';
import type { HubContext } from './hub-context';

/**
 * One database transaction per executed operation, with the caller's tenant
 * set for row-level security. It opens when execution starts (a request refused
 * by a limit holds no connection) and commits before the answer is sent, so the
 * audit rows of a read are durable before its data leaves. If the commit fails,
 * the answer is replaced by INTERNAL: the client never sees data, or a success,
 * that the database did not keep.
 */
export function tenantTransactionPlugin(): ApolloServerPlugin<HubContext> {
  return {
    async requestDidStart() {
      return {
        async executionDidStart({ contextValue }) {
          await beginTenantTransaction(contextValue.em, contextValue.caller);
        },
        async willSendResponse({ contextValue, response, operation }) {
          if (!contextValue.em.isInTransaction()) return;
          try {
            await endTenantTransaction(contextValue.em, true);
          } catch (err) {
            contextValue.log.error({ err }, 'request transaction did not commit');
            response.http.status = 500;
            response.body = {
              kind: 'single',
              singleResult: { errors: [{ message: 'Internal error; quote the request id to the hub operators', extensions: { code: ContractErrorCode.INTERNAL, requestId: contextValue.requestId } }] },
            };
            return;
          }
          // An outbox row a mutation wrote is visible to the relay only now.
          if (operation?.operation === 'mutation') void contextValue.queues?.relay.kick();
          for (const task of contextValue.afterCommit.splice(0)) await task().catch((err) => contextValue.log.warn({ err }, 'after-commit task failed'));
        },
      };
    },
  };
}
