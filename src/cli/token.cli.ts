// `npm run token -- <TENANT_CODE> [--ttl seconds]`: prints a signed bearer token for local use. It needs only
// TOKEN_SECRET (the running hub's; the development default when unset), no database.
import { parseArgs } from 'node:util';
import { TokenService } from '../auth/token.service';
import { loadConfig } from '../config/config';
import { SEED_TENANTS } from '../modules/tenants/tenant.seed';
import { UsageError, runCli } from './cli-run';

const USAGE = `usage: npm run token -- <TENANT_CODE> [--ttl seconds]   (one of ${SEED_TENANTS.map((t) => t.code).join(' ')})`;

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({ allowPositionals: true, options: { ttl: { type: 'string' } } });
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n${USAGE}`);
  }
  const { positionals, values } = parsed;
  const code = positionals[0]?.toUpperCase();
  if (!code || positionals.length > 1) throw new UsageError(USAGE);
  const ttl = values.ttl ? Number(values.ttl) : undefined;
  if (values.ttl !== undefined && !(Number.isInteger(ttl) && ttl! > 0)) throw new UsageError('--ttl must be a positive number of seconds');
  const config = loadConfig();
  // The API refuses tokens of unknown tenants, so a typo is caught there as well as here.
  if (!SEED_TENANTS.some((t) => t.code === code)) console.error(`warning: ${code} is not a seed tenant`);
  process.stdout.write(`${await new TokenService(config).sign(code, ttl)}\n`);
}

runCli('token', main);
