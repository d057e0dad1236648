// `npm run seed -- [--households N] [--projects N] [--seed S] [--batch B]`: appends a synthetic registry and project
// libraries to the database (DATABASE_URL, or the embedded PostgreSQL under the data folder when none is set).
import 'reflect-metadata';
import { loadConfig } from '../config/config';
import { SeedArgsError, parseSeedArgs } from '../config/seed-args';
import { runSeed } from './seed.command';

async function main(): Promise<void> {
  let args;
  try {
    args = parseSeedArgs(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof SeedArgsError)) throw err;
    console.error(err.message);
    process.exit(2);
  }
  await runSeed(args, loadConfig(), (text) => process.stdout.write(text));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
