// Staff sessions (the accounts' HTTP routes): the cookie is HttpOnly, so the page only holds the CSRF token.
import { ApiError, type FieldProblem, clearCache, getCsrfToken, setCsrfToken } from './graphql';

export type StaffRole = 'VIEWER' | 'CLERK' | 'ADMIN';
export type TenantKind = 'ADMIN' | 'MINISTRY' | 'PROVINCE';

export interface SessionUser {
  username: string;
  displayName: string;
  role: StaffRole;
  tenant: { code: string; kind: TenantKind };
}

interface SessionAnswer {
  user: SessionUser;
  csrfToken: string;
}

async function post(path: string, body?: unknown, csrf?: string | null): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (csrf) headers['x-csrf-token'] = csrf;
  return fetch(path, { method: 'POST', credentials: 'same-origin', headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

async function failure(res: Response): Promise<ApiError> {
  const body = (await res.json().catch(() => ({}))) as { code?: string; message?: string; retryAfterSeconds?: number; fields?: FieldProblem[] };
  const code = body.code ?? (res.status === 423 ? 'ACCOUNT_LOCKED' : 'UNAUTHENTICATED');
  const err = new ApiError(code, body.message ?? code, res.status, body.fields ?? []);
  if (body.retryAfterSeconds !== undefined) Object.assign(err, { retryAfterSeconds: body.retryAfterSeconds });
  return err;
}

/** Logs in; the answer's CSRF token goes with every later POST. */
export async function login(tenant: string, username: string, password: string): Promise<SessionUser> {
  const res = await post('/auth/login', { tenant, username, password });
  if (!res.ok) throw await failure(res);
  const answer = (await res.json()) as SessionAnswer;
  clearCache();
  setCsrfToken(answer.csrfToken);
  return answer.user;
}

/** The session this browser holds, or null (no cookie, or expired). */
export async function currentUser(): Promise<SessionUser | null> {
  const res = await fetch('/auth/me', { credentials: 'same-origin', cache: 'no-store' });
  if (!res.ok) return null;
  const answer = (await res.json()) as SessionAnswer;
  setCsrfToken(answer.csrfToken);
  return answer.user;
}

/** Ends the session on the server and forgets every answer the page held. */
export async function logout(): Promise<void> {
  try {
    await post('/auth/logout', undefined, getCsrfToken());
  } finally {
    clearCache();
    setCsrfToken(null);
  }
}
