/**
 * The part of a knex transaction this module relies on: its client, bound to
 * the transaction's one connection, and that client's `_query`, the step that
 * hands one statement to the pg connection (knex's own checks run before it).
 */
export interface TransactionLike {
  client: {
    _query(connection: unknown, statement: unknown): Promise<unknown>;
    acquireConnection(): Promise<unknown>;
    emit(event: string, ...args: unknown[]): boolean;
  };
}

/** A pg connection as `sendInTurn` uses it. */
interface PgConnection {
  query(config: { text: string; values: unknown[] }): Promise<unknown>;
}

const ignore = () => undefined;

/** The turn-taking of a transaction oneStatementAtATime wrapped. */
const turns = new WeakMap<TransactionLike, <T>(run: () => Promise<T>) => Promise<T>>();

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
  const inTurn = <T>(run: () => Promise<T>): Promise<T> => {
    const next = last.then(run);
    last = next.then(ignore, ignore);
    return next;
  };
  client._query = (connection, statement) => inTurn(() => send(connection, statement));
  turns.set(trx, inTurn);
}

/**
 * Sends one statement straight to the connection of a transaction that oneStatementAtATime wrapped, in
 * the same turn as its knex statements, or returns null for any other transaction. The request's reads
 * take this way: knex's raw query builder and runner cost more than the statement's own work in pg.
 * Listeners of knex's `query` event (statement counts) still hear every statement.
 */
export function sendInTurn(trx: TransactionLike, text: string, values: unknown[]): Promise<unknown> | null {
  const inTurn = turns.get(trx);
  if (!inTurn) return null;
  trx.client.emit('query', { sql: text, bindings: values, method: 'raw' });
  return inTurn(async () => ((await trx.client.acquireConnection()) as PgConnection).query({ text, values }));
}
