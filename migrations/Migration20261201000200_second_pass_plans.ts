import { Migration } from '@mikro-orm/migrations';

/**
 * The second pass of reconciliation on a hub with history (measured with
 * EXPLAIN ANALYZE on the reconcile bench's batches):
 *
 * - PROBABLE matching probes the members' (birth date, province) index once
 *   per UNMATCHED record and scores every candidate by name; the index lacked
 *   the member id, so each candidate cost a heap fetch (about 80% of the
 *   statement). With the id included the probe reads the index alone.
 * - `discrepancies` kept two indexes that no statement reads (cases are read
 *   from discrepancy_cases; discrepancies only by batch, through their unique
 *   key): each raised discrepancy paid for both.
 * - Opening a batch's cases joined members and households again for every
 *   discrepancy, for the member's ID number and county; the rules have both
 *   at hand when they raise it, so each discrepancy now keeps them.
 * - A batch's partition gets its statistics when its key is built, before any
 *   statement of the second pass or of completion is planned on it: until
 *   autovacuum came by, the planner took its outcomes for unknown.
 */
export class Migration20261201000200SecondPassPlans extends Migration {
  override async up(): Promise<void> {
    this.addSql(`drop index members_birth_date_idx`);
    this.addSql(`create index members_birth_date_idx on members (birth_date, province_code) include (household_id, name_norm, id) where status = 'ACTIVE'`);
    this.addSql(`drop index if exists discrepancies_province_idx`);
    this.addSql(`drop index if exists discrepancies_member_idx`);
    this.addSql(`alter table discrepancies add column id_number text, add column county_code text`);
    // Batches whose cases are still to be opened (running, or failed or cancelled and retried later).
    this.addSql(`
      update discrepancies d set id_number = m.id_number, county_code = h.county_code
      from sector_batches b, members m, households h
      where b.id = d.batch_id and b.status <> 'COMPLETED' and m.id = d.member_id and h.id = d.household_id`);
    this.attach(true);
  }

  override async down(): Promise<void> {
    this.attach(false);
    this.addSql(`alter table discrepancies drop column id_number, drop column county_code`);
    this.addSql(`create index discrepancies_member_idx on discrepancies (member_id, kind)`);
    this.addSql(`create index discrepancies_province_idx on discrepancies (province_code, status, id)`);
    this.addSql(`drop index members_birth_date_idx`);
    this.addSql(`create index members_birth_date_idx on members (birth_date, province_code) include (household_id, name_norm) where status = 'ACTIVE'`);
  }

  /** attach_batch_records of migration 000900, with (or without) the partition's ANALYZE once its key is built. */
  private attach(analyze: boolean): void {
    this.addSql(`
      create or replace function attach_batch_records(p_batch uuid) returns void
      language plpgsql security definer set search_path = public, pg_temp as $$
      declare t text := open_batch_records(p_batch);
      begin
        if exists (select 1 from pg_inherits where inhrelid = t::regclass) then return; end if;
        -- A batch's key sorts in memory where the server's default (64MB) would spill to disk.
        if pg_size_bytes(current_setting('maintenance_work_mem')) < pg_size_bytes('256MB') then
          perform set_config('maintenance_work_mem', '256MB', true);
        end if;
        execute format('alter table %I add primary key (batch_id, row_no), reset (autovacuum_enabled)', t);
        ${analyze ? `execute format('analyze %I', t);` : ''}
        execute format('alter table batch_records attach partition %I for values in (%L)', t, p_batch);
      end $$`);
  }
}
