import { Migration } from '@mikro-orm/migrations';

// Kept in step with src/db/db-roles.ts; a migration must not import application code that may change later.
const WORKER_ROLE = 'hub_worker';

// Columns, defaults and checks come from the table being replaced (and back on the way down), so they stay those of migration 000300.
const LIKE = 'including defaults including constraints';

/**
 * Each batch's outcome rows get their own partition of batch_records. The
 * exact pass writes a batch's rows in ID order while the primary key runs by
 * row number, so with one shared table every row landed on a random leaf of
 * that key (a descent and often a page split per row: more than half the
 * pass). Now the pass fills a table of its own with no index, and when every
 * ID range is in, one sorted build makes its indexes and the table is
 * attached as the batch's partition. Readers see the batch's rows from then
 * on, through batch_records as before.
 *
 * The index of the rarer outcomes serves reads by outcome, not matching: it
 * is each partition's own (the parent has none), built when the batch
 * completes. Until then a read by outcome walks the partition's key.
 *
 * The worker neither owns batch_records nor may run DDL; the three steps go
 * through SECURITY DEFINER functions that take only a batch id.
 */
export class Migration20261128000900BatchRecordPartitions extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table batch_records rename to batch_records_unpartitioned`);
    this.addSql(`alter index batch_records_outcome_idx rename to batch_records_unpartitioned_outcome_idx`);
    this.addSql(`alter table batch_records_unpartitioned rename constraint batch_records_pkey to batch_records_unpartitioned_pkey`);
    this.addSql(`create table batch_records (like batch_records_unpartitioned ${LIKE}, primary key (batch_id, row_no)) partition by list (batch_id)`);
    this.functions();
    // Rows of earlier batches move to partitions of their own, one batch at a time.
    this.addSql(`
      do $$ declare b uuid; begin
        for b in select distinct batch_id from batch_records_unpartitioned loop
          execute format('insert into %I select * from batch_records_unpartitioned where batch_id = %L', open_batch_records(b), b);
          perform attach_batch_records(b);
          perform index_batch_records(b);
        end loop;
      end $$`);
    this.addSql(`drop table batch_records_unpartitioned`);
  }

  private functions(): void {
    // The standalone table's check constraint is the partition's bound, so attaching it needs no scan.
    // Autovacuum stays off while the pass fills it: a vacuum of a table that is being filled gains nothing,
    // and its lock would hold the key's build up until autovacuum gives way (deadlock_timeout).
    this.addSql(
      `create function batch_records_table(p_batch uuid) returns text language sql immutable return 'batch_records_' || replace(p_batch::text, '-', '')`,
    );
    this.addSql(`
      create function open_batch_records(p_batch uuid) returns text
      language plpgsql security definer set search_path = public, pg_temp as $$
      declare t text := batch_records_table(p_batch);
      begin
        if to_regclass(t) is null then
          execute format('create table %I (like batch_records ${LIKE}, check (batch_id = %L))'
            ' with (autovacuum_enabled = false)', t, p_batch);
        end if;
        return t;
      end $$`);
    this.addSql(`
      create function attach_batch_records(p_batch uuid) returns void
      language plpgsql security definer set search_path = public, pg_temp as $$
      declare t text := open_batch_records(p_batch);
      begin
        if exists (select 1 from pg_inherits where inhrelid = t::regclass) then return; end if;
        -- A batch's key sorts in memory where the server's default (64MB) would spill to disk.
        if pg_size_bytes(current_setting('maintenance_work_mem')) < pg_size_bytes('256MB') then
          perform set_config('maintenance_work_mem', '256MB', true);
        end if;
        execute format('alter table %I add primary key (batch_id, row_no), reset (autovacuum_enabled)', t);
        execute format('alter table batch_records attach partition %I for values in (%L)', t, p_batch);
      end $$`);
    this.addSql(`
      create function index_batch_records(p_batch uuid) returns void
      language plpgsql security definer set search_path = public, pg_temp as $$
      declare t text := batch_records_table(p_batch);
      begin
        if to_regclass(t) is null then return; end if;
        execute format('create index if not exists %I on %I (batch_id, outcome, row_no) where outcome <> %L', t || '_outcome_idx', t, 'MATCHED');
      end $$`);
    for (const fn of ['open_batch_records(uuid)', 'attach_batch_records(uuid)', 'index_batch_records(uuid)']) {
      this.addSql(`revoke all on function ${fn} from public`);
      this.addSql(`grant execute on function ${fn} to ${WORKER_ROLE}`);
    }
  }

  override async down(): Promise<void> {
    this.addSql(`create table batch_records_unpartitioned (like batch_records ${LIKE}, primary key (batch_id, row_no))`);
    this.addSql(`insert into batch_records_unpartitioned select * from batch_records`);
    // Tables of batches whose exact pass had not finished: their batches start that pass over.
    this.addSql(`
      do $$ declare t regclass; begin
        for t in select c.oid::regclass from pg_class c where c.relname ~ '^batch_records_[0-9a-f]{32}$' and c.relkind = 'r' and not c.relispartition loop
          execute format('drop table %s', t);
        end loop;
      end $$`);
    this.addSql(`delete from batch_exact_chunks c using sector_batches b where c.batch_id = b.id and b.status not in ('COMPLETED', 'FAILED', 'CANCELLED')`);
    this.addSql(`drop table batch_records`);
    this.addSql(`alter table batch_records_unpartitioned rename to batch_records`);
    this.addSql(`alter table batch_records rename constraint batch_records_unpartitioned_pkey to batch_records_pkey`);
    this.addSql(`create index batch_records_outcome_idx on batch_records (batch_id, outcome, row_no) where outcome <> 'MATCHED'`);
    this.addSql(`drop function if exists index_batch_records(uuid)`);
    this.addSql(`drop function if exists attach_batch_records(uuid)`);
    this.addSql(`drop function if exists open_batch_records(uuid)`);
    this.addSql(`drop function if exists batch_records_table(uuid)`);
  }
}
