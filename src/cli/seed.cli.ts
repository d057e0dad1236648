// `npm run seed -- [--households N] [--projects N] [--seed S] [--batch B]`: appends a synthetic registry and project
// libraries to the database (DATABASE_URL, or the embedded PostgreSQL: the running `npm start`'s, else its own).
import 'reflect-metadata';
import { loadConfig } from '../config/config';
import { SeedArgsError, parseSeedArgs } from '../config/seed-args';
import { UsageError, runCli } from './cli-run';
import { runSeed } from './seed.command';

async function main(): Promise<void> {
  let args;
  try {
    args = parseSeedArgs(process.argv.slice(2));
  } catch (err) {
    throw err instanceof SeedArgsError ? new UsageError(err.message) : err;
  }
  await runSeed(args, loadConfig(), (text) => process.stdout.write(text));
}

runCli('seed', main);
