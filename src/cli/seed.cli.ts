// `npm run seed -- --households N [--seed S] [--batch B]`: appends a synthetic registry to the database
// (DATABASE_URL, or the embedded PostgreSQL under the data folder when none is set).
import 'reflect-metadata';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/config';
import { migrateUp, openOrm } from '../db/orm';
import { type RunningPostgres, startEmbeddedPostgres } from '../embedded/embedded-postgres.server';
import { createLogger } from '../logging/logger';
import { seedRegistry } from '../demo/registry-seed.service';
import { seedTenants } from '../modules/tenants/tenant.seed';

const USAGE = 'usage: npm run seed -- --households N [--seed S] [--batch B]';

function parseCount(value: string | undefined, name: string, fallback?: number): number {
  if (value === undefined && fallback !== undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`--${name} must be a positive integer\n${USAGE}`);
    process.exit(2);
  }
  return n;
}

function readArgs() {
  try {
    return parseArgs({ options: { households: { type: 'string' }, seed: { type: 'string' }, batch: { type: 'string' } } }).values;
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    process.exit(2);
  }
}

async function main(): Promise<void> {
  const values = readArgs();
  const households = parseCount(values.households, 'households');
  const seed = parseCount(values.seed, 'seed', 1);
  const batchSize = parseCount(values.batch, 'batch', 50_000);
  const config = loadConfig();
  const log = createLogger(config, 'seed');
  let pg: RunningPostgres | null = null;
  if (config.embedded) {
    pg = await startEmbeddedPostgres({ dir: path.join(config.dataDir, 'pg'), port: config.embeddedPgPort, database: 'hub', log });
  }
  const orm = await openOrm({ ...config, databaseUrl: pg ? pg.url('hub') : config.databaseUrl });
  try {
    await migrateUp(orm, config.dbRolePasswords);
    await seedTenants(orm.em.fork());
    const progress = (done: number, total: number) =>
      process.stdout.write(`\rseeding: ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} households`);
    const r = await seedRegistry(orm, { households, seed, batchSize, onProgress: progress });
    const perSecond = Math.round(r.members / (r.ms / 1000));
    console.log(
      `\nadded ${r.households.toLocaleString('en-US')} households, ${r.members.toLocaleString('en-US')} members, ` +
        `${r.events.toLocaleString('en-US')} events in ${(r.ms / 1000).toFixed(1)} s (${perSecond.toLocaleString('en-US')} members/s)`,
    );
  } finally {
    await orm.close();
    await pg?.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
