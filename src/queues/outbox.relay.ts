import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from '../logging/logger';
import { claimPending, markPublished } from './outbox.repository';

/** How often pending rows are retried (Redis down, or a message committed by another process). @defaultValue 2000 ms */
export const RELAY_INTERVAL_MS = 2_000;

/** Rows one publish pass takes. */
const PASS_SIZE = 200;

/** What the relay publishes: the outbox rows of one topic, each handed to `publish` (which must be idempotent). */
export interface OutboxTopic {
  topic: string;
  /** `traceParent`: the trace of the request that wrote the row, for the job to link to (null when none). */
  publish(aggregateId: string, traceParent: string | null): Promise<unknown>;
  /** Publishes a whole pass at once (e.g. BullMQ's addBulk) instead of row by row; idempotent like `publish`. */
  publishMany?(messages: ReadonlyArray<{ aggregateId: string; traceParent: string | null }>): Promise<unknown>;
}

/**
 * Moves committed outbox rows of one topic to their queue. A row commits with
 * the change it announces; this relay publishes afterwards and marks the row
 * only once the queue took it, so a queue outage delays a message but never
 * loses it.
 */
export class OutboxRelay {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private next: Promise<number> | undefined;

  constructor(
    private readonly orm: MikroORM,
    private readonly target: OutboxTopic,
    private readonly log: Logger,
  ) {}

  start(intervalMs = RELAY_INTERVAL_MS): void {
    this.timer = setInterval(() => void this.kick(), intervalMs);
    this.timer.unref();
  }

  /**
   * Publishes now (call it after a commit) instead of waiting for the next tick;
   * passes never overlap. A kick during a pass gets a pass of its own right
   * after it, since the running one may have read the outbox before the kick's
   * row committed; kicks during one pass share that next pass.
   */
  kick(): Promise<number> {
    if (!this.running) {
      this.running = this.publishPending().finally(() => (this.running = undefined));
      return this.running;
    }
    this.next ??= this.running.then(() => {
      this.next = undefined;
      return this.kick();
    });
    return this.next;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.next;
    await this.running;
  }

  private async publishPending(): Promise<number> {
    let published = 0;
    try {
      await this.orm.em.fork().transactional(async (tem) => {
        const rows = await claimPending(tem, this.target.topic, PASS_SIZE);
        if (this.target.publishMany) await this.target.publishMany(rows);
        else for (const row of rows) await this.target.publish(row.aggregateId, row.traceParent);
        await markPublished(
          tem,
          rows.map((r) => r.id),
        );
        published = rows.length;
      });
    } catch (err) {
      // The rows published before the failure were rolled back to pending too; publishing them again is a no-op.
      this.log.warn({ err: (err as Error).message }, 'outbox relay: queue unavailable, will retry');
    }
    // A full pass leaves more behind: the next one follows now rather than at the next tick.
    if (published === PASS_SIZE) void this.kick();
    return published;
  }
}
