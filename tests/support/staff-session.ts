import type { MikroORM } from '@mikro-orm/postgresql';
import { StaffRole } from '../../src/modules/staff-accounts/staff-account.enums';
import { addStaffUser } from '../../src/modules/staff-accounts/staff-users.service';
import type { GqlResponse } from './test-hub';

export const STAFF_PASSWORD = 'correct horse battery staple';

/** Creates an account as the owner (as the CLI does); throws on a problem. */
export async function createStaffUser(orm: MikroORM, tenantCode: string, username: string, role: StaffRole = StaffRole.ADMIN, password = STAFF_PASSWORD) {
  const out = await addStaffUser(orm.em.fork(), { tenantCode, username, role, password, displayName: `Name of ${username}` });
  if (!out.ok) throw new Error(JSON.stringify(out.problems));
  return out.id;
}

export interface HttpAnswer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

/** A browser-like client of one hub: keeps the session cookie and the CSRF token the hub hands out. */
export class StaffBrowser {
  cookie: string | undefined;
  csrfToken: string | undefined;

  constructor(private readonly url: string) {}

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpAnswer> {
    const res = await fetch(`${this.url}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(this.cookie ? { cookie: this.cookie } : {}), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('hub_session='));
    if (setCookie) {
      const value = setCookie.split(';')[0];
      this.cookie = value === 'hub_session=' ? undefined : value;
    }
    const text = await res.text();
    const parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    if (typeof parsed.csrfToken === 'string') this.csrfToken = parsed.csrfToken;
    return { status: res.status, headers: res.headers, body: parsed };
  }

  login(tenant: string, username: string, password = STAFF_PASSWORD) {
    return this.request('POST', '/auth/login', { tenant, username, password });
  }

  /** A GraphQL POST with the cookie, and the CSRF header unless told otherwise. */
  async gql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, opts: { csrf?: string | null } = {}): Promise<GqlResponse<T>> {
    const csrf = opts.csrf === undefined ? this.csrfToken : opts.csrf;
    const res = await this.request('POST', '/graphql', { query, variables }, csrf ? { 'x-csrf-token': csrf } : {});
    return { status: res.status, body: res.body as GqlResponse<T>['body'] };
  }
}
