import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { mapDatabaseUrl } from './multi-host-url';
import { runSql, sql } from './sql';

/**
 * The database roles of the hub (created by migration 000700). Migrations and
 * seeding run as the owner of the tables (DATABASE_URL's user); the API and the
 * worker log in as these roles, which own nothing and are neither superuser nor
 * BYPASSRLS, so that the registry's row-level security applies to them.
 */
export enum DbRole {
  /** The API: registry rows of the tenant its transaction set, nothing else. */
  API = 'hub_api',
  /** The worker: reconciliation and data quality read every province by design. */
  WORKER = 'hub_worker',
}

/** Passwords the roles log in with (from config). */
export interface DbRolePasswords {
  apiPassword: string;
  workerPassword: string;
}

/** The owner's URL with a role's user and password instead: same server(s), same database. */
export function roleDatabaseUrl(ownerUrl: string, role: DbRole, password: string): string {
  return mapDatabaseUrl(ownerUrl, (url) => {
    url.username = role;
    url.password = encodeURIComponent(password);
  });
}

/**
 * ALTER ROLE takes no bind parameters, so the role and its password travel as
 * bound values into transaction-local settings, and the server quotes them
 * itself (`format`'s %I and %L) for the statement it runs.
 */
async function setRolePassword(em: EntityManager, role: DbRole, password: string): Promise<void> {
  await em.transactional(async (tem) => {
    await runSql(tem, sql`select set_config('hub.role_name', ${role}, true), set_config('hub.role_password', ${password}, true)`);
    await runSql(
      tem,
      sql`do $$ begin
      execute format('alter role %I with login password %L', current_setting('hub.role_name'), current_setting('hub.role_password'));
    end $$`,
    );
  });
}

/**
 * Lets the roles log in with the configured passwords. Run by the owner after
 * the migrations; roles belong to the cluster, so concurrent runs (test files,
 * two deployments) may race, and a lost race is retried.
 */
export async function provisionDbRoles(orm: MikroORM, passwords: DbRolePasswords): Promise<void> {
  const wanted: Array<[DbRole, string]> = [
    [DbRole.API, passwords.apiPassword],
    [DbRole.WORKER, passwords.workerPassword],
  ];
  for (const [role, password] of wanted) {
    if (!password)
      throw new Error(
        `No password for ${role}: set ${role === DbRole.API ? 'DB_API_PASSWORD' : 'DB_WORKER_PASSWORD'} (migrate gives the roles their passwords)`,
      );
    for (let attempt = 1; ; attempt++) {
      try {
        await setRolePassword(orm.em.fork(), role, password);
        break;
      } catch (err) {
        if (attempt >= 5 || !/concurrently updated/.test((err as Error).message)) throw err;
        await new Promise((r) => setTimeout(r, 20 * attempt));
      }
    }
  }
}
