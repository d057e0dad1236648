// The console's only way to the hub's data: its public /graphql, with the session cookie and the CSRF header.

/** One problem of one argument, as the contract's BAD_USER_INPUT carries it in extensions.fields. */
export interface FieldProblem {
  path: string;
  message: string;
}

/** An answer of the hub that is not data: the contract's code, message and field paths. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly fields: FieldProblem[] = [],
    readonly reason?: string,
  ) {
    super(message);
  }
}

interface GqlBody<T> {
  data?: T | null;
  errors?: Array<{ message: string; extensions?: { code?: string; fields?: FieldProblem[]; reason?: string } }>;
}

let csrfToken: string | null = null;
let onUnauthenticated: (code: string) => void = () => undefined;
// Answers of queries in this page's memory only (never storage), so a logout can forget every one.
const cache = new Map<string, Promise<unknown>>();

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function getCsrfToken(): string | null {
  return csrfToken;
}

/** Called when the session is gone (expired, logged out elsewhere): the app returns to the login page. */
export function whenUnauthenticated(fn: (code: string) => void): void {
  onUnauthenticated = fn;
}

/** Forgets every answer held: after a logout no other tenant's data stays in the page. */
export function clearCache(): void {
  cache.clear();
}

/** Runs an operation; queries may be answered from the page's cache when `cached`. */
export function gql<T>(query: string, variables: Record<string, unknown> = {}, cached = false): Promise<T> {
  if (!cached) return send<T>(query, variables);
  const key = JSON.stringify([query, variables]);
  const hit = cache.get(key) as Promise<T> | undefined;
  if (hit) return hit;
  const answer = send<T>(query, variables);
  cache.set(key, answer);
  answer.catch(() => cache.delete(key));
  return answer;
}

async function send<T>(query: string, variables: Record<string, unknown>): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  const res = await fetch('/graphql', { method: 'POST', credentials: 'same-origin', headers, body: JSON.stringify({ query, variables }) });
  const body = (await res.json().catch(() => ({}))) as GqlBody<T> & { code?: string; message?: string };
  if (res.status === 401) {
    const code = body.code ?? body.errors?.[0]?.extensions?.code ?? 'UNAUTHENTICATED';
    onUnauthenticated(code);
    throw new ApiError(code, body.message ?? body.errors?.[0]?.message ?? code, 401);
  }
  const first = body.errors?.[0];
  if (first) throw new ApiError(first.extensions?.code ?? 'INTERNAL', first.message, res.status, first.extensions?.fields ?? [], first.extensions?.reason);
  if (!res.ok || !body.data) throw new ApiError(body.code ?? 'INTERNAL', body.message ?? `HTTP ${res.status}`, res.status);
  return body.data;
}
