import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { type MikroORM, migrateUp, openOrm } from '../../src/db/orm';
import { seedTenants } from '../../src/modules/tenants/tenant.seed';
import { readTestServices } from './test-services';

export interface TestDatabase {
  url: string;
  orm: MikroORM;
  /** Closes the ORM and drops the database. */
  drop(): Promise<void>;
}

/** A fresh database for one test file: migrated, with the 18 seed tenants (on the suite's server, or on `adminDatabaseUrl`'s). */
export async function createTestDatabase(adminDatabaseUrl = readTestServices().adminDatabaseUrl): Promise<TestDatabase> {
  const name = `hub_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  await adminQuery(adminDatabaseUrl, `create database "${name}"`);
  const url = new URL(adminDatabaseUrl);
  url.pathname = `/${name}`;
  const orm = await openOrm({ databaseUrl: url.toString(), dbPoolMax: 5, statementTimeoutMs: 60_000, sqlDebug: false });
  await migrateUp(orm);
  await seedTenants(orm.em.fork());
  return {
    url: url.toString(),
    orm,
    drop: async () => {
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
