import type { MikroORM } from '../db/orm';
import type { Logger } from '../logging/logger';
import { countHouseholds } from '../modules/households/households.repository';
import { hasProjects } from './project-seed.repository';
import { type SeedProjectsResult, seedProjects } from './project-seed.service';
import { type SeedRegistryResult, seedRegistry } from './registry-seed.service';

/** The seed of every draw of `npm start`'s demo data: the same seed gives the same registry and projects. */
export const DEMO_SEED = 2016;

/** What `npm start` seeds: households while the registry is empty, projects while the project library is. */
export interface DemoSeedOptions {
  households: number;
  projects: number;
}

/** What was seeded this time (nothing when the data was already there). */
export interface DemoSeedResult {
  registry?: SeedRegistryResult;
  projects?: SeedProjectsResult;
}

/**
 * The demo registry on the first start only (a restart keeps the data), and demo projects while the project
 * libraries are empty: ledgers and benefits with planted supervision faults (their positions in the result).
 */
export async function seedDemo(orm: MikroORM, opts: DemoSeedOptions, log: Logger): Promise<DemoSeedResult> {
  const out: DemoSeedResult = {};
  if (opts.households > 0 && (await countHouseholds(orm.em.fork())) === 0) {
    log.info({ households: opts.households }, 'seeding the demo registry');
    out.registry = await seedRegistry(orm, { households: opts.households, seed: DEMO_SEED });
    log.info({ households: out.registry.households, members: out.registry.members }, 'demo registry ready');
  }
  if (opts.projects > 0 && !(await hasProjects(orm.em.fork()))) {
    const r = await seedProjects(orm, { projects: opts.projects, seed: DEMO_SEED });
    log.info({ projects: r.projects, transactions: r.transactions, benefits: r.benefits, plantedFaults: r.planted.length }, 'demo projects ready');
    out.projects = r;
  }
  return out;
}
