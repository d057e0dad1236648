import { Migration } from '@mikro-orm/migrations';

// Kept in step with src/db/db-roles.ts; a migration must not import application code that may change later.
const WORKER_ROLE = 'hub_worker';

/**
 * The audit chain's link lag for the worker's metrics: audit rows written and
 * not yet sealed into the chain (those at or above the last seal's mark, read
 * through the xid index) and the age of the oldest. The worker may not read
 * `audit_chain`, so the two numbers come through this owner's function.
 */
export class Migration20261203000301AuditChainLag extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create function audit_chain_lag(out unlinked bigint, out oldest_seconds double precision)
      language sql stable security definer set search_path = public, pg_temp as $$
        select count(*), coalesce(extract(epoch from now() - min(a.created_at)), 0)::float8
        from audit_log a
        where a.xid >= coalesce((select c.sealed_below from audit_chain c order by c.seq desc limit 1), '0'::xid8)
      $$`);
    this.addSql(`revoke all on function audit_chain_lag() from public`);
    this.addSql(`grant execute on function audit_chain_lag() to ${WORKER_ROLE}`);
  }

  override async down(): Promise<void> {
    this.addSql('drop function if exists audit_chain_lag()');
  }
}
