// `npm run audit:verify`: seals the audit rows of ended transactions, then checks the audit log's hash chain on
// DATABASE_URL (or the embedded PostgreSQL); prints the first broken row and exits 1, or exits 0 when every
// sealed row holds, with the unsealed tail (rows of transactions still running) beside it.
import 'reflect-metadata';
import path from 'node:path';
import { loadConfig } from '../config/config';
import { openOrm } from '../db/orm';
import { type RunningPostgres, startEmbeddedPostgres } from '../embedded/embedded-postgres.server';
import { createLogger } from '../logging/logger';
import { sealAuditChain } from '../modules/audit/audit-chain.repository';
import { verifyAuditChain } from '../modules/audit/audit-chain.verifier';

async function main(): Promise<number> {
  const config = loadConfig();
  const log = createLogger({ logLevel: 'warn' }, 'audit-verify');
  let pg: RunningPostgres | null = null;
  if (config.embedded) pg = await startEmbeddedPostgres({ dir: path.join(config.dataDir, 'pg'), port: config.embeddedPgPort, database: 'hub', log });
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
    await pg?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(2);
  },
);
