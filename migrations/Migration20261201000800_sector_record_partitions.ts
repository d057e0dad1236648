import { Migration } from '@mikro-orm/migrations';

// Kept in step with src/db/db-roles.ts; a migration must not import application code that may change later.
const HUB_ROLES = 'hub_api, hub_worker';

// Columns, defaults and checks come from the table being replaced (and back on the way down), so they stay those of migrations 000300 and 000800.
const LIKE = 'including defaults including constraints';

/**
 * Each batch's records get their own partition of sector_records, as its
 * outcomes got theirs of batch_records (migration 000900). An upload COPYed
 * into one shared table whose two keys took every row at a random leaf: their
 * upkeep was about five times the COPY itself. Now a batch's first upload
 * fills a table of its own with no index, builds both keys by one sorted build
 * each, and attaches the table as the batch's partition, all in the upload's
 * transaction: a crash or a failed upload leaves nothing behind, and readers
 * see the batch through sector_records once it commits, as before. A later
 * upload to the same batch appends through sector_records (keys kept up).
 *
 * The API neither owns sector_records nor may run DDL; the two steps go
 * through SECURITY DEFINER functions that take only a batch id. Tables the
 * owner creates get the hub roles' grants by default (migration 000700).
 */
export class Migration20261201000800SectorRecordPartitions extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table sector_records rename to sector_records_unpartitioned`);
    this.addSql(`alter index sector_records_id_norm_idx rename to sector_records_unpartitioned_id_norm_idx`);
    this.addSql(`alter table sector_records_unpartitioned rename constraint sector_records_pkey to sector_records_unpartitioned_pkey`);
    this.addSql(`create table sector_records (like sector_records_unpartitioned ${LIKE}, primary key (batch_id, row_no)) partition by list (batch_id)`);
    this.addSql(`create index sector_records_id_norm_idx on sector_records (batch_id, id_norm)`);
    this.functions();
    // Rows of earlier batches move to partitions of their own, one batch at a time.
    this.addSql(`
      do $$ declare b uuid; begin
        for b in select distinct batch_id from sector_records_unpartitioned loop
          execute format('insert into %I select * from sector_records_unpartitioned where batch_id = %L', open_sector_records(b), b);
          perform attach_sector_records(b);
        end loop;
      end $$`);
    this.addSql(`drop table sector_records_unpartitioned`);
  }

  private functions(): void {
    this.addSql(
      `create function sector_records_table(p_batch uuid) returns text language sql immutable return 'sector_records_' || replace(p_batch::text, '-', '')`,
    );
    // The table a batch's records are written to: its own, unindexed, until attached; then sector_records.
    // The check constraint is the partition's bound, so attaching needs no scan; autovacuum waits for the attach.
    this.addSql(`
      create function open_sector_records(p_batch uuid) returns text
      language plpgsql security definer set search_path = public, pg_temp as $$
      declare t text := sector_records_table(p_batch);
      begin
        if to_regclass(t) is null then
          execute format('create table %I (like sector_records ${LIKE}, check (batch_id = %L))'
            ' with (autovacuum_enabled = false)', t, p_batch);
        elsif exists (select 1 from pg_inherits where inhrelid = t::regclass) then
          return 'sector_records';
        end if;
        return t;
      end $$`);
    // Keys by sorted builds, statistics at once (the worker plans on them right after the seal), then the attach.
    this.addSql(`
      create function attach_sector_records(p_batch uuid) returns void
      language plpgsql security definer set search_path = public, pg_temp as $$
      declare t text := sector_records_table(p_batch);
      begin
        if to_regclass(t) is null or exists (select 1 from pg_inherits where inhrelid = t::regclass) then return; end if;
        if pg_size_bytes(current_setting('maintenance_work_mem')) < pg_size_bytes('256MB') then
          perform set_config('maintenance_work_mem', '256MB', true);
        end if;
        execute format('alter table %I add primary key (batch_id, row_no), reset (autovacuum_enabled)', t);
        execute format('create index %I on %I (batch_id, id_norm)', t || '_id_norm_idx', t);
        execute format('analyze %I', t);
        execute format('alter table sector_records attach partition %I for values in (%L)', t, p_batch);
      end $$`);
    for (const fn of ['open_sector_records(uuid)', 'attach_sector_records(uuid)']) {
      this.addSql(`revoke all on function ${fn} from public`);
      this.addSql(`grant execute on function ${fn} to ${HUB_ROLES}`);
    }
  }

  override async down(): Promise<void> {
    this.addSql(`create table sector_records_unpartitioned (like sector_records ${LIKE}, primary key (batch_id, row_no))`);
    this.addSql(`insert into sector_records_unpartitioned select * from sector_records`);
    // Tables of uploads never attached cannot outlive their transaction; any left are dropped all the same.
    this.addSql(`
      do $$ declare t regclass; begin
        for t in select c.oid::regclass from pg_class c where c.relname ~ '^sector_records_[0-9a-f]{32}$' and c.relkind = 'r' and not c.relispartition loop
          execute format('drop table %s', t);
        end loop;
      end $$`);
    this.addSql(`drop table sector_records`);
    this.addSql(`alter table sector_records_unpartitioned rename to sector_records`);
    this.addSql(`alter table sector_records rename constraint sector_records_unpartitioned_pkey to sector_records_pkey`);
    this.addSql(`create index sector_records_id_norm_idx on sector_records (batch_id, id_norm)`);
    this.addSql(`drop function if exists attach_sector_records(uuid)`);
    this.addSql(`drop function if exists open_sector_records(uuid)`);
    this.addSql(`drop function if exists sector_records_table(uuid)`);
  }
}
