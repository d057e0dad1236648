import { Migration } from '@mikro-orm/migrations';

/**
 * An outbox row carries the W3C traceparent of the request that wrote it (trace
 * and span ids and flags only, never personal data), so that the worker's job
 * span links back to that request's trace; null when tracing is off.
 */
export class Migration20261202001800OutboxTraceContext extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table outbox add column trace_parent text`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table outbox drop column if exists trace_parent`);
  }
}
