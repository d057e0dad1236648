/**
 * The part of a knex transaction this module relies on: its client, bound to
 * the transaction's one connection, and that client's `_query`, the step that
 * hands one statement to the pg connection (knex's own checks run before it).
 */
export interface TransactionLike {
  client: { _query(connection: unknown, statement: unknown): Promise<unknown> };
}

const ignore = () => undefined;

/**
 * Makes the statements of a transaction wait for one another before they
 * reach its connection. GraphQL resolves sibling fields at once, and all of a
 * request's statements run in its one transaction: knex hands each straight
 * to the pg client, whose own queue for a busy connection is deprecated and
 * goes in pg 9. Order is kept (first called, first sent); a failed statement
 * does not stop the ones behind it, which PostgreSQL then refuses as part of
 * an aborted transaction. The client is the transaction's own (a savepoint
 * gets another), so nothing outlives the transaction.
 */
export function oneStatementAtATime(trx: TransactionLike): void {
  const { client } = trx;
  const send = client._query.bind(client);
  let last: Promise<unknown> = Promise.resolve();
  client._query = (connection, statement) => {
    const next = last.then(() => send(connection, statement));
    last = next.then(ignore, ignore);
    return next;
  };
}
