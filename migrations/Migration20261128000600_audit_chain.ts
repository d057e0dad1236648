import { Migration } from '@mikro-orm/migrations';

/**
 * A hash chain over the audit log: each audit row, when its transaction
 * commits, is linked to the one before it by SHA-256 over the previous hash
 * and the row's canonical text. Altering, removing or inserting a row by hand
 * breaks the chain at that row (`npm run audit:verify` names it).
 */
export class Migration20261128000600AuditChain extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create function audit_row_text(a audit_log) returns text language sql immutable as $$
        select concat_ws('|', a.id, a.tenant_code, a.operation, coalesce(a.request_id, ''),
          array_to_string(a.registry_nos, ','), array_to_string(a.id_numbers, ','), a.detail::text,
          to_char(a.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'))
      $$`);
    this.addSql(`
      create table audit_chain (
        seq bigint generated always as identity primary key,
        audit_id bigint not null unique references audit_log (id),
        prev_hash bytea not null,
        hash bytea not null,
        chained_at timestamptz not null default now()
      )`);
    this.addSql(`
      create trigger audit_chain_no_update_delete before update or delete or truncate on audit_chain
      for each statement execute function append_only_guard()`);
    // Linked at commit (a deferred trigger), under a lock held only from there to the commit itself,
    // so the chain follows commit order and concurrent writers wait for each other only for that instant.
    this.addSql(`
      create function audit_chain_link() returns trigger language plpgsql as $$
      declare prev bytea;
      begin
        perform pg_advisory_xact_lock(hashtextextended('audit-chain', 0));
        select c.hash into prev from audit_chain c order by c.seq desc limit 1;
        prev := coalesce(prev, '\\x00'::bytea);
        insert into audit_chain (audit_id, prev_hash, hash) values (new.id, prev, sha256(prev || convert_to(audit_row_text(new), 'UTF8')));
        return null;
      end $$`);
    this.addSql(`
      create constraint trigger audit_log_chain after insert on audit_log
      deferrable initially deferred for each row execute function audit_chain_link()`);
    // Rows written before the chain existed are linked now, in id order.
    this.addSql(`
      do $$
      declare r audit_log; prev bytea := '\\x00'::bytea; h bytea;
      begin
        for r in select * from audit_log order by id loop
          h := sha256(prev || convert_to(audit_row_text(r), 'UTF8'));
          insert into audit_chain (audit_id, prev_hash, hash) values (r.id, prev, h);
          prev := h;
        end loop;
      end $$`);
    // accessHistory(idNumber): who was given a person's ID number.
    this.addSql(`create index audit_log_id_numbers_idx on audit_log using gin (id_numbers)`);
  }

  override async down(): Promise<void> {
    this.addSql('drop index if exists audit_log_id_numbers_idx');
    this.addSql('drop trigger if exists audit_log_chain on audit_log');
    this.addSql('drop function if exists audit_chain_link');
    this.addSql('drop table if exists audit_chain');
    this.addSql('drop function if exists audit_row_text');
  }
}
