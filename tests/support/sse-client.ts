import { type ExecutionResult, createClient } from 'graphql-sse';

export type Result<T> = ExecutionResult<T, unknown>;

/** One live subscription as a test reads it: every result so far, the end, and a way to stop early. */
export interface SseSubscription<T> {
  results: Array<Result<T>>;
  /** Resolves when the server completes the stream; rejects on a transport error (an HTTP refusal, say). */
  done: Promise<void>;
  /** Resolves with the first result `match` accepts (at once if one came already); rejects if the stream ends first. */
  until(match: (r: Result<T>) => boolean): Promise<Result<T>>;
  dispose(): void;
}

/** Subscribes over /graphql/stream with the graphql-sse client (distinct connections, no retries), as an integrator would. */
export function sseSubscribe<T = Record<string, unknown>>(
  baseUrl: string,
  auth: string | null,
  query: string,
  variables: Record<string, unknown> = {},
): SseSubscription<T> {
  const client = createClient({ url: `${baseUrl}/graphql/stream`, headers: auth ? { authorization: auth } : {}, retryAttempts: 0 });
  const results: Array<Result<T>> = [];
  const waiters: Array<{ match: (r: Result<T>) => boolean; resolve: (r: Result<T>) => void }> = [];
  let ended = false;
  let dispose = () => undefined as void;
  const done = new Promise<void>((resolve, reject) => {
    dispose = client.subscribe<T>(
      { query, variables },
      {
        next: (r) => {
          results.push(r);
          for (const w of waiters.filter((x) => x.match(r))) w.resolve(r);
        },
        error: (err) => reject(err instanceof Error ? err : new Error(JSON.stringify(err))),
        complete: () => resolve(),
      },
    );
  }).finally(() => {
    ended = true;
    client.dispose();
  });
  done.catch(() => undefined);
  const until = (match: (r: Result<T>) => boolean) => {
    const seen = results.find(match);
    if (seen) return Promise.resolve(seen);
    if (ended) return Promise.reject(new Error(`the stream ended without the state awaited: ${JSON.stringify(results)}`));
    return new Promise<Result<T>>((resolve, reject) => {
      waiters.push({ match, resolve });
      done.then(() => reject(new Error(`the stream ended without the state awaited: ${JSON.stringify(results)}`)), reject);
    });
  };
  return { results, done, until, dispose: () => dispose() };
}
