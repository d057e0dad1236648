import type { EntityManager } from '@mikro-orm/postgresql';
import type { StaffRole } from './staff-account.enums';
import { insertStaffUser, listStaffUsers, type StaffUserRow } from './staff-accounts.repository';
import { newAccountProblems } from './staff-accounts.rules';
import { hashPassword } from './staff-password';

/** A new console account (the CLI and the demo seed); the tenant must exist. */
export interface NewStaffUser {
  tenantCode: string;
  username: string;
  displayName?: string;
  role: StaffRole;
  password: string;
}

export type AddUserOutcome = { ok: true; id: string } | { ok: false; problems: Array<{ path: string; message: string }> };

/**
 * Creates an account with an Argon2id hash of the password. Run by the owner (CLI, seed): the
 * API role cannot write accounts. An existing username of the tenant is a problem, not an overwrite.
 */
export async function addStaffUser(em: EntityManager, user: NewStaffUser): Promise<AddUserOutcome> {
  const username = user.username.trim().toLowerCase();
  const problems = newAccountProblems(username, user.password);
  if (problems.length) return { ok: false, problems };
  const passwordHash = await hashPassword(user.password);
  const displayName = user.displayName?.trim() || username;
  const id = await insertStaffUser(em, { tenantCode: user.tenantCode.trim().toUpperCase(), username, displayName, role: user.role, passwordHash });
  return id ? { ok: true, id } : { ok: false, problems: [{ path: 'username', message: `${username} exists in ${user.tenantCode} already` }] };
}

export function listUsers(em: EntityManager): Promise<StaffUserRow[]> {
  return listStaffUsers(em);
}
