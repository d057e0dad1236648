import type { AppConfig } from '../config/config';
import type { SeedArgs } from '../config/seed-args';
import { type MikroORM, migrateUp, openOrm } from '../db/orm';
import { FUNDS_FAULTS } from '../demo/project-faults';
import { seedProjects } from '../demo/project-seed.service';
import { seedRegistry } from '../demo/registry-seed.service';
import { type RunningPostgres } from '../embedded/embedded-postgres.server';
import { embeddedPostgresForCli } from '../embedded/running-servers';
import { createLogger } from '../logging/logger';
import { seedTenants } from '../modules/tenants/tenant.seed';

const int = (n: number) => n.toLocaleString('en-US');

/**
 * `npm run seed`: migrates, makes sure the tenants exist, then appends
 * households (`--households`) and projects with their ledgers, benefits and
 * planted supervision faults (`--projects`; benefits go to the households
 * registered by then). On DATABASE_URL, or the embedded PostgreSQL (the running
 * `npm start`'s, else one started on the data folder) when none is set. `print` gets the progress and summary lines.
 */
export async function runSeed(args: SeedArgs, config: AppConfig, print: (text: string) => void): Promise<void> {
  let pg: RunningPostgres | null = null;
  if (config.embedded) {
    pg = await embeddedPostgresForCli({ dataDir: config.dataDir, port: config.embeddedPgPort, log: createLogger(config, 'seed') });
  }
  try {
    const orm = await openOrm({ ...config, databaseUrl: pg ? pg.url('hub') : config.databaseUrl });
    try {
      await migrateUp(orm, config.dbRolePasswords);
      await seedTenants(orm.em.fork());
      if (args.households) await addHouseholds(orm, args, print);
      if (args.projects) await addProjects(orm, args, print);
    } finally {
      await orm.close();
    }
  } finally {
    await pg?.stop();
  }
}

async function addHouseholds(orm: MikroORM, args: SeedArgs, print: (text: string) => void): Promise<void> {
  const progress = (done: number, total: number) => print(`\rseeding: ${int(done)} / ${int(total)} households`);
  const r = await seedRegistry(orm, { households: args.households, seed: args.seed, batchSize: args.batch, onProgress: progress });
  const perSecond = Math.round(r.members / (r.ms / 1000));
  print(
    `\nadded ${int(r.households)} households, ${int(r.members)} members, ${int(r.events)} events in ${(r.ms / 1000).toFixed(1)} s ` +
      `(${int(perSecond)} members/s)\n`,
  );
}

async function addProjects(orm: MikroORM, args: SeedArgs, print: (text: string) => void): Promise<void> {
  const progress = (done: number, total: number) => print(`\rseeding: ${int(done)} / ${int(total)} projects`);
  const r = await seedProjects(orm, { projects: args.projects, seed: args.seed, onProgress: progress });
  const planted = FUNDS_FAULTS.map((rule) => `${rule} ${r.planted.filter((p) => p.rule === rule).length}`).join(', ');
  print(
    `\nadded ${int(r.projects)} projects, ${int(r.budgetLines)} budget lines, ${int(r.transactions)} fund transactions ` +
      `(${int(r.reversals)} reversals), ${int(r.benefits)} benefits in ${(r.ms / 1000).toFixed(1)} s\n` +
      `planted supervision faults: ${planted}\n`,
  );
}
