import { Migration } from '@mikro-orm/migrations';

/** The worker's sweep of deliveries a Redis that came back empty lost: it reads the unfinished ones only. */
export class Migration20261218000100WebhookDeliverySweep extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index webhook_deliveries_unfinished_idx on webhook_deliveries (seq) where status in ('PENDING', 'RETRYING')`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists webhook_deliveries_unfinished_idx`);
  }
}
