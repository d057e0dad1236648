import { Migration } from '@mikro-orm/migrations';

/**
 * The exact-match pass of reconciliation works on chunks of consecutive ID
 * numbers instead of row numbers. A chunk of rows holds ID numbers from all
 * over the registry, so matching it cost one random probe into the members'
 * index per record; a chunk of consecutive ID numbers meets one slice of that
 * index, read in order beside the chunk's records (a merge join). Chunks of
 * one batch are independent, so several connections match them at once.
 */
export class Migration20261128000800ExactMatchPass extends Migration {
  override async up(): Promise<void> {
    // Intake always writes id_norm (the ID as sent when it is invalid, '' when missing); NOT NULL makes every
    // record fall in exactly one ID range.
    this.addSql(`update sector_records set id_norm = '' where id_norm is null`);
    this.addSql(`alter table sector_records alter column id_norm set not null`);
    this.addSql(`create index sector_records_id_norm_idx on sector_records (batch_id, id_norm)`);
    // The same one-ACTIVE-member-per-ID rule, now carrying the member id: a chunk's slice is read from the index alone.
    this.addSql(`drop index members_active_id_number_uq`);
    this.addSql(`create unique index members_active_id_number_uq on members (id_number) include (id) where status = 'ACTIVE'`);
    // The exact pass's chunks of a batch: ID numbers above lower_id (none: from the start) up to upper_id
    // inclusive (none: to the end). done turns true in the transaction that commits the chunk's outcome rows,
    // so a chunk is matched once whatever crashes; its row lock keeps two connections off one chunk.
    this.addSql(`
      create table batch_exact_chunks (
        batch_id uuid not null,
        chunk_no integer not null,
        lower_id text,
        upper_id text,
        done boolean not null default false,
        primary key (batch_id, chunk_no)
      )`);
    this.addSql(`create index batch_exact_chunks_open_idx on batch_exact_chunks (batch_id, chunk_no) where not done`);
    // A batch stopped part-way under the row-number exact match starts that pass over with its outcome rows;
    // next_row keeps counting the later steps, which still go by row number.
    this.addSql(`delete from discrepancies d using sector_batches b where d.batch_id = b.id and b.status not in ('COMPLETED', 'FAILED', 'CANCELLED')`);
    this.addSql(`delete from batch_records r using sector_batches b where r.batch_id = b.id and b.status not in ('COMPLETED', 'FAILED', 'CANCELLED')`);
    this.addSql(`
      update sector_batches set next_row = 1, processed_records = 0, matched = 0, probable = 0, unmatched = 0, invalid = 0, discrepancies = 0
      where status not in ('COMPLETED', 'FAILED', 'CANCELLED')`);
  }

  override async down(): Promise<void> {
    this.addSql(`delete from discrepancies d using sector_batches b where d.batch_id = b.id and b.status not in ('COMPLETED', 'FAILED', 'CANCELLED')`);
    this.addSql(`delete from batch_records r using sector_batches b where r.batch_id = b.id and b.status not in ('COMPLETED', 'FAILED', 'CANCELLED')`);
    this.addSql(`
      update sector_batches set next_row = 1, processed_records = 0, matched = 0, probable = 0, unmatched = 0, invalid = 0, discrepancies = 0
      where status not in ('COMPLETED', 'FAILED', 'CANCELLED')`);
    this.addSql(`drop table if exists batch_exact_chunks`);
    this.addSql(`drop index members_active_id_number_uq`);
    this.addSql(`create unique index members_active_id_number_uq on members (id_number) where status = 'ACTIVE'`);
    this.addSql(`drop index if exists sector_records_id_norm_idx`);
    this.addSql(`alter table sector_records alter column id_norm drop not null`);
  }
}
