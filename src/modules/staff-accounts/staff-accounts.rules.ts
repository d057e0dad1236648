import { StaffRole } from './staff-account.enums';

/**
 * The mutations a CLERK may run (its tenant's case and data-quality work); the tenant's role
 * (the auth checker) still decides whether the tenant may run them at all.
 */
export const CLERK_MUTATIONS: ReadonlySet<string> = new Set(['resolveDiscrepancy', 'runDataQualityCheck', 'runFundSupervision']);

/** Why a person may not run a mutation, or null when their role allows it. */
export function staffMutationRefusal(role: StaffRole, mutation: string): string | null {
  switch (role) {
    case StaffRole.ADMIN:
      return null;
    case StaffRole.CLERK:
      return CLERK_MUTATIONS.has(mutation) ? null : `A clerk may run only ${[...CLERK_MUTATIONS].join(', ')}; ${mutation} needs an admin`;
    case StaffRole.VIEWER:
      return `A viewer may not run mutations (${mutation})`;
  }
}

/** The role a CLI or input names (`viewer`, `CLERK`), or null. */
export function parseStaffRole(text: string): StaffRole | null {
  const upper = text.trim().toUpperCase();
  return (Object.values(StaffRole) as string[]).includes(upper) ? (upper as StaffRole) : null;
}

/** Usernames: lower-case letters, digits, dot, dash, underscore; 2 to 64 characters (the table's check). */
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{1,63}$/;

/** Shortest and longest password accepted when an account is created. */
export const PASSWORD_LENGTH = { min: 12, max: 256 } as const;

/** What is wrong with a new account's username or password, by field; empty when nothing. */
export function newAccountProblems(username: string, password: string): Array<{ path: string; message: string }> {
  const problems: Array<{ path: string; message: string }> = [];
  if (!USERNAME_PATTERN.test(username)) problems.push({ path: 'username', message: 'lower-case letters, digits, ".", "-" or "_", 2 to 64 characters' });
  if (password.length < PASSWORD_LENGTH.min || password.length > PASSWORD_LENGTH.max)
    problems.push({ path: 'password', message: `${PASSWORD_LENGTH.min} to ${PASSWORD_LENGTH.max} characters` });
  return problems;
}

/** Whole seconds until `until` (at least 1), for Retry-After and retryAfterSeconds. */
export function secondsUntil(until: Date, now: Date = new Date()): number {
  return Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
}

/** The value of cookie `name` in a Cookie header, or undefined (the first one wins, as browsers send the most specific first). */
export function sessionTokenOf(cookieHeader: string | undefined, name: string): string | undefined {
  for (const part of (cookieHeader ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    const value = part.slice(eq + 1).trim();
    return value ? value : undefined;
  }
  return undefined;
}
