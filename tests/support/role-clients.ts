import { Client } from 'pg';
import { loadConfig } from '../../src/config/config';
import { DbRole, roleDatabaseUrl } from '../../src/db/db-roles';

/** The settings the hub gives a request's transaction; null sets none (a connection with no tenant). */
export type RlsScope = { scope: string; province?: string; tenant: string } | null;

/** A client logged in as one of the hub's roles (not yet connected), for raw-SQL tests of row-level security. */
export function roleClient(databaseUrl: string, role: DbRole.API | DbRole.WORKER): Client {
  const passwords = loadConfig().dbRolePasswords;
  const password = role === DbRole.API ? passwords.apiPassword : passwords.workerPassword;
  return new Client({ connectionString: roleDatabaseUrl(databaseUrl, role, password) });
}

/** Runs `sql` in a transaction of `client` with `scope` set as the hub sets it, then rolls back. */
export async function inScope<T extends object>(client: Client, scope: RlsScope, sql: string, params: unknown[] = []): Promise<T[]> {
  await client.query('begin');
  try {
    if (scope) {
      await client.query(`select set_config('hub.scope', $1, true), set_config('hub.province', $2, true), set_config('hub.tenant', $3, true)`, [
        scope.scope,
        scope.province ?? '',
        scope.tenant,
      ]);
    }
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.query('rollback');
  }
}
