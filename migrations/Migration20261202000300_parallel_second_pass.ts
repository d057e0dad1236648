import { Migration } from '@mikro-orm/migrations';

/**
 * The second pass of reconciliation (PROBABLE, suggestions, discrepancy
 * rules) goes by chunks of row numbers that several connections take at once,
 * as the exact pass does with its ID ranges: one connection at a time left a
 * core idle for most of a batch. A batch's chunks are planned once, from its
 * checkpoint (next_row) on, so a batch stopped part-way under the one-chunk-
 * at-a-time runner continues where it was. done turns true in the transaction
 * that commits the chunk's results and counters; its row lock keeps two
 * connections off one chunk.
 */
export class Migration20261202000300ParallelSecondPass extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table batch_rule_chunks (
        batch_id uuid not null,
        chunk_no integer not null,
        row_from integer not null,
        row_to integer not null,
        done boolean not null default false,
        primary key (batch_id, chunk_no)
      )`);
    this.addSql(`create index batch_rule_chunks_open_idx on batch_rule_chunks (batch_id, chunk_no) where not done`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists batch_rule_chunks`);
  }
}
