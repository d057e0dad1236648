import { Migration } from '@mikro-orm/migrations';

/**
 * One province's budget lines read from an index alone (fundStats, as migration 000500 gave the ledger and
 * the benefits): without it every fundStats of a province scanned all the country's budget lines.
 */
export class Migration20261202000100FundStatsBudgetIndex extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index project_budget_lines_stats_idx on project_budget_lines (province_code, project_id) include (source, amount)`);
  }

  override async down(): Promise<void> {
    this.addSql('drop index if exists project_budget_lines_stats_idx');
  }
}
