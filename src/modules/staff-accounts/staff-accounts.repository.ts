import type { EntityManager } from '@mikro-orm/postgresql';
import { runSql, sql } from '../../db/sql';
import type { StaffRole } from './staff-account.enums';

/** What a login needs of the account it names (migration 20261217000100's staff_login_lookup). */
export interface LoginCandidate {
  userId: string;
  passwordHash: string;
  lockedUntil: Date | null;
  disabled: boolean;
}

/** The account a session belongs to, with its tenant. */
export interface SessionAccount {
  sessionId: string;
  userId: string;
  username: string;
  displayName: string;
  role: StaffRole;
  tenantCode: string;
}

/** How long sessions live, as the session functions take it. */
export interface SessionLifetime {
  idleSeconds: number;
  absoluteSeconds: number;
}

export async function findLoginCandidate(em: EntityManager, tenantCode: string, username: string): Promise<LoginCandidate | undefined> {
  const [row] = await runSql<LoginCandidate>(
    em,
    sql`select user_id as "userId", password_hash as "passwordHash", locked_until as "lockedUntil", disabled
      from staff_login_lookup(${tenantCode}, ${username})`,
  );
  return row;
}

/** Counts a failed password; returns the lock's end when this failure locked the account (or it was locked). */
export async function recordFailedLogin(em: EntityManager, userId: string, maxFailures: number, lockoutSeconds: number): Promise<Date | null> {
  const [row] = await runSql<{ lockedUntil: Date | null }>(
    em,
    sql`select staff_login_failed(${userId}::uuid, ${maxFailures}::int, ${lockoutSeconds}::int) as "lockedUntil"`,
  );
  return row?.lockedUntil ?? null;
}

/** Opens a session for a user whose password was right; the failure count starts again. */
export async function openSession(
  em: EntityManager,
  userId: string,
  tokenHash: Buffer,
  life: SessionLifetime,
): Promise<(Omit<SessionAccount, 'userId'> & { tenantKind: string }) | undefined> {
  const [row] = await runSql<Omit<SessionAccount, 'userId'> & { tenantKind: string }>(
    em,
    sql`select session_id as "sessionId", username, display_name as "displayName", role, tenant_code as "tenantCode", tenant_kind as "tenantKind"
      from staff_session_open(${userId}::uuid, ${tokenHash}, ${life.idleSeconds}::int, ${life.absoluteSeconds}::int)`,
  );
  return row;
}

/** The session of a cookie's token: live (and touched), expired (and removed), or none. */
export async function resumeSession(em: EntityManager, tokenHash: Buffer, life: SessionLifetime): Promise<(SessionAccount & { expired: boolean }) | undefined> {
  const [row] = await runSql<SessionAccount & { expired: boolean }>(
    em,
    sql`select session_id as "sessionId", user_id as "userId", username, display_name as "displayName", role, tenant_code as "tenantCode", expired
      from staff_session_resume(${tokenHash}, ${life.idleSeconds}::int, ${life.absoluteSeconds}::int)`,
  );
  return row;
}

export async function closeSession(em: EntityManager, tokenHash: Buffer): Promise<void> {
  await runSql(em, sql`select staff_session_close(${tokenHash})`);
}

/** A new account, written by the owner (the CLI, the demo seed); null when the tenant has that username already. */
export async function insertStaffUser(
  em: EntityManager,
  user: { tenantCode: string; username: string; displayName: string; role: StaffRole; passwordHash: string },
): Promise<string | null> {
  const [row] = await runSql<{ id: string }>(
    em,
    sql`insert into staff_users (tenant_code, username, display_name, role, password_hash)
      values (${user.tenantCode}, ${user.username}, ${user.displayName}, ${user.role}, ${user.passwordHash})
      on conflict on constraint staff_users_username_uq do nothing returning id::text`,
  );
  return row?.id ?? null;
}

/** A listed account (never its hash). */
export interface StaffUserRow {
  tenantCode: string;
  username: string;
  displayName: string;
  role: StaffRole;
  disabled: boolean;
  lockedUntil: Date | null;
  createdAt: Date;
}

/** Every account visible to `em` (the owner: all; the API role: its tenant's), by tenant and username. */
export function listStaffUsers(em: EntityManager): Promise<StaffUserRow[]> {
  return runSql<StaffUserRow>(
    em,
    sql`select tenant_code as "tenantCode", username, display_name as "displayName", role, disabled, locked_until as "lockedUntil", created_at as "createdAt"
      from staff_users order by tenant_code, username`,
  );
}
