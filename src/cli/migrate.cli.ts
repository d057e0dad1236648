// `npm run migrate`: applies pending migrations to DATABASE_URL (deployments run this before the API).
import 'reflect-metadata';
import { loadConfig } from '../config/config';
import { migrateUp, openOrm } from '../db/orm';
import { seedTenants } from '../modules/tenants/tenant.seed';

async function main(): Promise<void> {
  const config = loadConfig();
  if (config.embedded) {
    console.error('npm run migrate needs DATABASE_URL and REDIS_URL; the embedded default (npm start) migrates by itself');
    process.exit(2);
  }
  const orm = await openOrm(config);
  try {
    const applied = await migrateUp(orm, config.dbRolePasswords);
    const tenants = await seedTenants(orm.em.fork());
    console.log(`migrations applied: ${applied.length ? applied.join(', ') : 'none pending'}; tenants added: ${tenants}`);
  } finally {
    await orm.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
