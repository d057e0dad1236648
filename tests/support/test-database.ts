import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { type MikroORM, migrateUp, openOrm } from '../../src/db/orm';
import { loadConfig } from '../../src/config/config';
import { DbRole, roleDatabaseUrl } from '../../src/db/db-roles';
import { seedTenants } from '../../src/modules/tenants/tenant.seed';
import { readTestServices } from './test-services';

export interface TestDatabase {
  /** The owner's URL (migrations, fixtures); processes started with it log in as their own roles. */
  url: string;
  /** As the owner: fixtures and assertions see every row. */
  orm: MikroORM;
  /** As the API's role (hub_api), under row-level security: what the hub under test uses. */
  apiOrm: MikroORM;
  /** Closes the ORM and drops the database. */
  drop(): Promise<void>;
}

/**
 * A fresh database for one test file: migrated, with the 18 seed tenants (on the suite's server, or on `adminDatabaseUrl`'s).
 * `apiPoolMax` sizes the API role's pool, so a test can show what happens when it runs out.
 */
export async function createTestDatabase(adminDatabaseUrl = readTestServices().adminDatabaseUrl, apiPoolMax = 5): Promise<TestDatabase> {
  const name = `hub_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  await adminQuery(adminDatabaseUrl, `create database "${name}"`);
  const url = new URL(adminDatabaseUrl);
  url.pathname = `/${name}`;
  const config = loadConfig();
  const orm = await openOrm({ databaseUrl: url.toString(), dbPoolMax: 5, statementTimeoutMs: 60_000, sqlDebug: false });
  await migrateUp(orm, config.dbRolePasswords);
  await seedTenants(orm.em.fork());
  const apiUrl = roleDatabaseUrl(url.toString(), DbRole.API, config.dbRolePasswords.apiPassword);
  const apiOrm = await openOrm({ databaseUrl: apiUrl, dbPoolMax: apiPoolMax, statementTimeoutMs: 60_000, sqlDebug: false });
  return {
    url: url.toString(),
    orm,
    apiOrm,
    drop: async () => {
      await apiOrm.close(true);
      await orm.close(true);
      await adminQuery(adminDatabaseUrl, `drop database if exists "${name}" with (force)`);
    },
  };
}

async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
