import type { MikroORM } from '@mikro-orm/postgresql';
import type { Queue } from 'bullmq';
import type { Logger } from '../logging/logger';
import { enqueueBatch } from './enqueue-batch';

/** Outbox topic of a batch waiting for the queue. */
export const RECONCILE_TOPIC = 'reconcile-batch';

/** How often pending rows are retried (Redis down, or a message committed by another process). @defaultValue 2000 ms */
export const RELAY_INTERVAL_MS = 2_000;

/**
 * Moves committed outbox rows to BullMQ. The batch and its outbox row commit
 * together; this relay publishes afterwards and marks the row only once Redis
 * took the job, so a Redis outage delays a batch but never loses it.
 */
export class OutboxRelay {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(private readonly orm: MikroORM, private readonly queue: Queue, private readonly log: Logger) {}

  start(intervalMs = RELAY_INTERVAL_MS): void {
    this.timer = setInterval(() => void this.kick(), intervalMs);
    this.timer.unref();
  }

  /** Publishes now (after a commit) instead of waiting for the next tick; never runs twice at once. */
  kick(): Promise<number> {
    this.running ??= this.publishPending().finally(() => (this.running = undefined));
    return this.running;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private async publishPending(): Promise<number> {
    let published = 0;
    try {
      await this.orm.em.fork().transactional(async (tem) => {
        // SKIP LOCKED: relays of several processes share the rows without waiting on each other.
        const rows = await tem.execute<Array<{ id: string; aggregateId: string }>>(
          `select id, aggregate_id as "aggregateId" from outbox where published_at is null and topic = ? order by id limit 200 for update skip locked`,
          [RECONCILE_TOPIC],
        );
        for (const row of rows) await enqueueBatch(this.queue, row.aggregateId);
        if (rows.length) await tem.execute(`update outbox set published_at = now(), attempts = attempts + 1 where id = any(string_to_array(?, ',')::bigint[])`, [rows.map((r) => r.id).join(',')]);
        published = rows.length;
      });
    } catch (err) {
      // The rows published before the failure were rolled back to pending too; adding them again is a no-op.
      this.log.warn({ err: (err as Error).message }, 'outbox relay: queue unavailable, will retry');
    }
    return published;
  }
}
