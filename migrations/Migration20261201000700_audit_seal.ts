import { Migration } from '@mikro-orm/migrations';

// Kept in step with src/db/db-roles.ts; a migration must not import application code that may change later.
const WORKER_ROLE = 'hub_worker';
const CHAIN_LOCK = `hashtextextended('audit-chain', 0)`;

/**
 * The audit chain is sealed in batches instead of at each commit. The deferred
 * trigger took one global lock per audited transaction and held it through the
 * commit's WAL flush, so every audited read and write waited in one line
 * (about 175 a second on this disk). Now a request only inserts its audit row,
 * stamped with its transaction id; `seal_audit_chain()` (the maintenance
 * worker, every few seconds, and `npm run audit:verify`) links every row whose
 * transaction lies below its snapshot's xmin, in id order, in one statement.
 * Such a transaction has ended, so no row can later appear below that mark:
 * the next seal starts from it (`sealed_below`), and a row under it outside
 * the chain was inserted around it.
 */
export class Migration20261201000700AuditSeal extends Migration {
  override async up(): Promise<void> {
    // Nullable with a default: no table rewrite; rows before this migration were linked at their commit.
    this.addSql(`alter table audit_log add column xid xid8`);
    this.addSql(`alter table audit_log alter column xid set default pg_current_xact_id()`);
    this.addSql(`create index audit_log_xid_idx on audit_log (xid)`);
    this.addSql(`alter table audit_chain add column sealed_below xid8`);
    this.addSql(`drop trigger audit_log_chain on audit_log`);
    this.addSql(`drop function audit_chain_link()`);
    // A running SHA-256 over rows in order, as a window aggregate: each row's state is its link's hash.
    this.addSql(`
      create function audit_chain_step(state bytea, seed bytea, row_text text) returns bytea
      language sql immutable parallel safe as $$ select sha256(coalesce(state, seed) || convert_to(row_text, 'UTF8')) $$`);
    this.addSql(`create aggregate audit_chain_hash(bytea, text) (sfunc = audit_chain_step, stype = bytea)`);
    this.addSql(`
      create function seal_audit_chain() returns integer
      language plpgsql security definer set search_path = public, pg_temp as $$
      declare sealed integer;
      begin
        -- One sealer at a time; requests never take this lock.
        perform pg_advisory_xact_lock(${CHAIN_LOCK});
        with last as (select c.hash, c.sealed_below from audit_chain c order by c.seq desc limit 1),
        mark as (
          select coalesce((select hash from last), '\\x00'::bytea) as prev,
                 coalesce((select sealed_below from last), '0'::xid8) as from_xid,
                 pg_snapshot_xmin(pg_current_snapshot()) as below
        ),
        linked as (
          select a.id, m.prev, m.below, audit_chain_hash(m.prev, audit_row_text(a)) over (order by a.id) as hash
          from mark m join audit_log a on a.xid >= m.from_xid and a.xid < m.below
          where not exists (select 1 from audit_chain c where c.audit_id = a.id)
        )
        insert into audit_chain (audit_id, prev_hash, hash, sealed_below)
        select id, coalesce(lag(hash) over (order by id), prev), hash, below from linked order by id;
        get diagnostics sealed = row_count;
        return sealed;
      end $$`);
    this.addSql(`revoke all on function seal_audit_chain() from public`);
    this.addSql(`grant execute on function seal_audit_chain() to ${WORKER_ROLE}`);
  }

  override async down(): Promise<void> {
    this.addSql('drop function if exists seal_audit_chain()');
    this.addSql('drop aggregate if exists audit_chain_hash(bytea, text)');
    this.addSql('drop function if exists audit_chain_step(bytea, bytea, text)');
    this.addSql(`
      create function audit_chain_link() returns trigger language plpgsql security definer set search_path = public, pg_temp as $$
      declare prev bytea;
      begin
        perform pg_advisory_xact_lock(${CHAIN_LOCK});
        select c.hash into prev from audit_chain c order by c.seq desc limit 1;
        prev := coalesce(prev, '\\x00'::bytea);
        insert into audit_chain (audit_id, prev_hash, hash) values (new.id, prev, sha256(prev || convert_to(audit_row_text(new), 'UTF8')));
        return null;
      end $$`);
    this.addSql(`
      create constraint trigger audit_log_chain after insert on audit_log
      deferrable initially deferred for each row execute function audit_chain_link()`);
    this.addSql('alter table audit_chain drop column sealed_below');
    this.addSql('drop index if exists audit_log_xid_idx');
    this.addSql('alter table audit_log drop column xid');
  }
}
