// `npm run audit:verify`: seals the audit rows of ended transactions, then checks the audit log's hash chain on
// DATABASE_URL (or the embedded PostgreSQL: the running `npm start`'s, else its own); prints the first broken
// row and exits 1, or exits 0 when every sealed row holds, with the unsealed tail (rows of transactions still
// running) beside it. Any other failure exits 2 with its message.
import 'reflect-metadata';
import { loadConfig } from '../config/config';
import { openOrm } from '../db/orm';
import { type RunningPostgres } from '../embedded/embedded-postgres.server';
import { embeddedPostgresForCli } from '../embedded/running-servers';
import { createLogger } from '../logging/logger';
import { sealAuditChain } from '../modules/audit/audit-chain.repository';
import { verifyAuditChain } from '../modules/audit/audit-chain.verifier';
import { noArguments, runCli } from './cli-run';

async function main(): Promise<number> {
  noArguments(process.argv.slice(2), 'usage: npm run audit:verify   (no arguments; DATABASE_URL or the embedded PostgreSQL)');
  const config = loadConfig();
  const log = createLogger({ logLevel: 'warn' }, 'audit-verify');
  let pg: RunningPostgres | null = null;
  if (config.embedded) pg = await embeddedPostgresForCli({ dataDir: config.dataDir, port: config.embeddedPgPort, log });
  try {
    const orm = await openOrm({ ...config, databaseUrl: pg ? pg.url('hub') : config.databaseUrl, statementTimeoutMs: 0 });
    try {
      const sealed = await sealAuditChain(orm.em.fork());
      const check = await verifyAuditChain(orm.em.fork());
      if (check.intact) {
        const tail = check.unsealed.rows ? `${check.unsealed.rows} (oldest ${check.unsealed.oldestSeconds.toFixed(1)} s old)` : 'none';
        console.log(`audit chain intact: ${check.rows.toLocaleString('en-US')} rows (${sealed} sealed now); unsealed tail: ${tail}`);
        return 0;
      }
      console.log(`audit chain broken at audit row ${check.auditId}${check.seq === null ? '' : ` (link ${check.seq})`}: ${check.problem}`);
      return 1;
    } finally {
      await orm.close();
    }
  } finally {
    await pg?.stop();
  }
}

runCli('audit:verify', main, 2);
