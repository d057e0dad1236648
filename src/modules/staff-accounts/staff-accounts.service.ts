import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { type Caller, callerFor } from '../../auth/caller';
import type { TenantService } from '../tenants/tenant.service';
import type { StaffAccountSettings } from './staff-account.settings';
import type { StaffPerson, StaffRole } from './staff-account.enums';
import { type StaffRefusal, staffRefusals } from './staff-accounts.errors';
import { closeSession, findLoginCandidate, openSession, recordFailedLogin, resumeSession } from './staff-accounts.repository';
import { secondsUntil } from './staff-accounts.rules';
import { passwordMatches } from './staff-password';

/** What login and /auth/me answer (console-interface.md). */
export interface StaffMe {
  user: { username: string; displayName: string; role: StaffRole; tenant: { code: string; kind: string } };
  csrfToken: string;
}

export type Outcome<T> = ({ ok: true } & T) | { ok: false; refusal: StaffRefusal };

/** Longest tenant code, username and password a login body may carry (longer ones are refused unread). */
const MAX_FIELD = { tenant: 16, username: 64, password: 256 } as const;

const tokenHash = (token: string) => createHash('sha256').update(token).digest();

/**
 * Console logins and sessions. The cookie holds a random token; the database keeps only its
 * SHA-256, so a leaked table opens no session. The CSRF token is an HMAC of the session id:
 * per session, nothing stored, compared in constant time.
 */
export class StaffAccountsService {
  constructor(
    private readonly orm: MikroORM,
    private readonly tenants: TenantService,
    private readonly settings: StaffAccountSettings,
    private readonly secret: string,
  ) {}

  private em() {
    return this.orm.em.fork({ clear: true, useContext: false });
  }

  /** Checks the password; opens a session (its cookie token) or says why not, the same for an unknown user as a wrong password. */
  async login(body: unknown): Promise<Outcome<{ token: string; me: StaffMe }>> {
    const creds = loginFields(body);
    if ('fields' in creds) return { ok: false, refusal: staffRefusals.BAD_LOGIN_BODY(creds.fields) };
    const em = this.em();
    const candidate = await findLoginCandidate(em, creds.tenant, creds.username);
    if (candidate?.lockedUntil && candidate.lockedUntil > new Date()) {
      return { ok: false, refusal: staffRefusals.ACCOUNT_LOCKED(secondsUntil(candidate.lockedUntil)) };
    }
    const matches = await passwordMatches(candidate?.passwordHash, creds.password);
    if (!candidate || !matches || candidate.disabled) {
      if (candidate && !matches) {
        const lockedUntil = await recordFailedLogin(em, candidate.userId, this.settings.maxFailures, this.settings.lockoutSeconds);
        if (lockedUntil && lockedUntil > new Date()) return { ok: false, refusal: staffRefusals.ACCOUNT_LOCKED(secondsUntil(lockedUntil)) };
      }
      return { ok: false, refusal: staffRefusals.BAD_CREDENTIALS() };
    }
    const token = randomBytes(32).toString('base64url');
    const opened = await openSession(em, candidate.userId, tokenHash(token), this.settings);
    if (!opened) return { ok: false, refusal: staffRefusals.BAD_CREDENTIALS() };
    const user = {
      username: opened.username,
      displayName: opened.displayName,
      role: opened.role,
      tenant: { code: opened.tenantCode, kind: opened.tenantKind },
    };
    return { ok: true, token, me: { user, csrfToken: this.csrfTokenOf(opened.sessionId) } };
  }

  /** The caller of a cookie's session (its tenant and person), and the session's CSRF token. */
  async resume(token: string | undefined): Promise<Outcome<{ caller: Caller; csrfToken: string }>> {
    if (!token) return { ok: false, refusal: staffRefusals.NO_SESSION() };
    const session = await resumeSession(this.em(), tokenHash(token), this.settings);
    if (!session) return { ok: false, refusal: staffRefusals.NO_SESSION() };
    if (session.expired) return { ok: false, refusal: staffRefusals.SESSION_EXPIRED() };
    const tenant = await this.tenants.findByCode(session.tenantCode);
    if (!tenant) return { ok: false, refusal: staffRefusals.NO_SESSION() };
    const person: StaffPerson = { id: session.userId, username: session.username, displayName: session.displayName, role: session.role };
    return { ok: true, caller: callerFor(tenant, person), csrfToken: this.csrfTokenOf(session.sessionId) };
  }

  /** /auth/me's answer for a resumed session. */
  static meOf(caller: Caller, csrfToken: string): StaffMe {
    const p = caller.person!;
    return {
      user: { username: p.username, displayName: p.displayName, role: p.role, tenant: { code: caller.tenant.code, kind: caller.tenant.kind } },
      csrfToken,
    };
  }

  async logout(token: string): Promise<void> {
    await closeSession(this.em(), tokenHash(token));
  }

  /** Whether the X-CSRF-Token header is the session's token (constant time). */
  static csrfMatches(expected: string, header: string | undefined): boolean {
    if (!header) return false;
    const [a, b] = [Buffer.from(expected), Buffer.from(header)];
    return a.length === b.length && timingSafeEqual(a, b);
  }

  private csrfTokenOf(sessionId: string): string {
    return createHmac('sha256', this.secret).update(`csrf:${sessionId}`).digest('base64url');
  }
}

/** The login body's three strings, or what is missing or too long. */
function loginFields(body: unknown): { tenant: string; username: string; password: string } | { fields: Array<{ path: string; message: string }> } {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const fields: Array<{ path: string; message: string }> = [];
  for (const key of ['tenant', 'username', 'password'] as const) {
    const v = b[key];
    if (typeof v !== 'string' || !v) fields.push({ path: key, message: 'required' });
    else if (v.length > MAX_FIELD[key]) fields.push({ path: key, message: `at most ${MAX_FIELD[key]} characters` });
  }
  if (fields.length) return { fields };
  return { tenant: (b.tenant as string).trim().toUpperCase(), username: (b.username as string).trim().toLowerCase(), password: b.password as string };
}
