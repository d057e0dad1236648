// `npm run token -- <TENANT_CODE> [--ttl seconds]`: prints a signed bearer token for local use.
import { parseArgs } from 'node:util';
import { TokenService } from '../auth/token.service';
import { loadConfig } from '../config/config';
import { SEED_TENANTS } from '../modules/tenants/tenant.seed';

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { ttl: { type: 'string' } } });
  const code = positionals[0]?.toUpperCase();
  if (!code) {
    console.error(`usage: npm run token -- <TENANT_CODE>   (one of ${SEED_TENANTS.map((t) => t.code).join(' ')})`);
    process.exit(2);
  }
  const config = loadConfig();
  const ttl = values.ttl ? Number(values.ttl) : undefined;
  if (ttl !== undefined && !(Number.isInteger(ttl) && ttl > 0)) {
    console.error('--ttl must be a positive number of seconds');
    process.exit(2);
  }
  // The API refuses tokens of unknown tenants, so a typo is caught there as well as here.
  if (!SEED_TENANTS.some((t) => t.code === code)) console.error(`warning: ${code} is not a seed tenant`);
  process.stdout.write(`${await new TokenService(config).sign(code, ttl)}\n`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
