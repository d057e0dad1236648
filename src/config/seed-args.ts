import { parseArgs } from 'node:util';

/** What `npm run seed` adds: households to the registry, projects (with ledgers and benefits) to the project libraries, or both. */
export interface SeedArgs {
  households: number;
  projects: number;
  seed: number;
  /** Households per registry batch. */
  batch: number;
}

export const SEED_USAGE = 'usage: npm run seed -- [--households N] [--projects N] [--seed S] [--batch B]   (at least one of --households, --projects)';

/** A command line `npm run seed` cannot run; the message ends with the usage. */
export class SeedArgsError extends Error {}

/** Parses `npm run seed`'s arguments; counts are whole and positive, seed and batch default to 1 and 50,000. */
export function parseSeedArgs(argv: string[]): SeedArgs {
  let values: Record<string, string | undefined>;
  try {
    values = parseArgs({
      args: argv,
      options: { households: { type: 'string' }, projects: { type: 'string' }, seed: { type: 'string' }, batch: { type: 'string' } },
    }).values;
  } catch (err) {
    throw new SeedArgsError(`${(err as Error).message}\n${SEED_USAGE}`);
  }
  if (values.households === undefined && values.projects === undefined) throw new SeedArgsError(`nothing to seed\n${SEED_USAGE}`);
  return {
    households: count(values.households, 'households', 0),
    projects: count(values.projects, 'projects', 0),
    seed: count(values.seed, 'seed', 1),
    batch: count(values.batch, 'batch', 50_000),
  };
}

function count(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1) throw new SeedArgsError(`--${name} must be a positive integer\n${SEED_USAGE}`);
  return n;
}
