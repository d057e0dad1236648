// A query's answer as React state: loading, the data, or the hub's error; optionally polled.
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, gql } from './graphql';

export interface QueryState<T> {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
}

function asApiError(err: unknown): ApiError {
  return err instanceof ApiError ? err : new ApiError('INTERNAL', err instanceof Error ? err.message : String(err), 0);
}

/** Runs `query` whenever its variables change (null variables: not yet), and every `pollMs` when given. */
export function useQuery<T>(query: string, variables: Record<string, unknown> | null, opts: { pollMs?: number; cached?: boolean } = {}): QueryState<T> {
  const [state, setState] = useState<{ data: T | null; error: ApiError | null; loading: boolean }>({ data: null, error: null, loading: true });
  const [tick, setTick] = useState(0);
  const key = variables === null ? null : JSON.stringify(variables);
  const latest = useRef(0);
  useEffect(() => {
    if (key === null) return;
    const run = ++latest.current;
    setState((s) => ({ ...s, loading: true }));
    gql<T>(query, JSON.parse(key) as Record<string, unknown>, opts.cached ?? false).then(
      (data) => run === latest.current && setState({ data, error: null, loading: false }),
      (err: unknown) => run === latest.current && setState({ data: null, error: asApiError(err), loading: false }),
    );
  }, [query, key, tick, opts.cached]);
  useEffect(() => {
    if (!opts.pollMs) return;
    const timer = setInterval(() => setTick((t) => t + 1), opts.pollMs);
    return () => clearInterval(timer);
  }, [opts.pollMs]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}
