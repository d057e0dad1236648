// `npm run migrate`: applies pending migrations to DATABASE_URL (deployments run this before the API), or to the
// embedded PostgreSQL (the running `npm start`'s, else its own) when no URL is set.
import 'reflect-metadata';
import { loadConfig } from '../config/config';
import { migrateUp, openOrm } from '../db/orm';
import { type RunningPostgres } from '../embedded/embedded-postgres.server';
import { embeddedPostgresForCli } from '../embedded/running-servers';
import { createLogger } from '../logging/logger';
import { seedTenants } from '../modules/tenants/tenant.seed';
import { noArguments, runCli } from './cli-run';

async function main(): Promise<void> {
  noArguments(process.argv.slice(2), 'usage: npm run migrate   (no arguments; DATABASE_URL or the embedded PostgreSQL)');
  const config = loadConfig();
  let pg: RunningPostgres | null = null;
  if (config.embedded) pg = await embeddedPostgresForCli({ dataDir: config.dataDir, port: config.embeddedPgPort, log: createLogger(config, 'migrate') });
  try {
    const orm = await openOrm({ ...config, databaseUrl: pg ? pg.url('hub') : config.databaseUrl });
    try {
      const applied = await migrateUp(orm, config.dbRolePasswords);
      const tenants = await seedTenants(orm.em.fork());
      console.log(`migrations applied: ${applied.length ? applied.join(', ') : 'none pending'}; tenants added: ${tenants}`);
    } finally {
      await orm.close();
    }
  } finally {
    await pg?.stop();
  }
}

runCli('migrate', main);
