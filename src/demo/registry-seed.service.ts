import { setImmediate as yieldToIo } from 'node:timers/promises';
import type { Client } from 'pg';
import type { MikroORM } from '../db/orm';
import { acquirePoolClients, poolMax } from '../db/pool-clients';
import { type ReservedBatch, loadIssuedIds, reserveBatch, writeBatch } from './copy-writer';
import { RegistryGenerator } from './registry-generator';
import { vacuumRegistry } from './registry-seed.repository';
import type { SeedHousehold } from './registry-seed.types';

/** Options of `seedRegistry`. */
export interface SeedRegistryOptions {
  /** Households to add to the registry (members come at about 3 a household). */
  households: number;
  /** Seed of the generator: the same seed on an empty registry gives the same rows. @defaultValue `1` */
  seed?: number;
  /** Households per transaction; each batch is one COPY per table. @defaultValue `50000` */
  batchSize?: number;
  /** Probability of each data-quality fault per household. @defaultValue `0.02` */
  faultRate?: number;
  /**
   * Connections writing batches side by side (capped by the pool size): the
   * server maintains indexes on one core per connection.
   * @defaultValue `2`
   */
  connections?: number;
  /** Called after each committed batch, in commit order. */
  onProgress?: (done: number, total: number) => void;
}

export interface SeedRegistryResult {
  households: number;
  members: number;
  events: number;
  ms: number;
}

const DEFAULT_BATCH = 50_000;
/** Households generated between two turns of the event loop, so the other connection's COPY keeps flowing. */
const SLICE = 2_000;

/**
 * Adds synthetic households (with members and history) to the registry,
 * set-based: per batch one transaction with one COPY into each table, so
 * memory stays flat for any count. Batches are generated in order and given
 * ids in that order, so a seed gives the same rows whatever the timing.
 * Appends: ID numbers already in the registry are skipped and registry
 * numbers come from reserved ids. The province tenants must exist (events
 * name them). A failure leaves the batches committed before it.
 */
export async function seedRegistry(orm: MikroORM, opts: SeedRegistryOptions): Promise<SeedRegistryResult> {
  const started = performance.now();
  const batchSize = Math.max(1, Math.floor(opts.batchSize ?? DEFAULT_BATCH));
  const wanted = Math.min(opts.connections ?? 2, poolMax(orm), Math.ceil(opts.households / batchSize));
  const { clients, release } = await acquirePoolClients(orm, Math.max(1, wanted));
  try {
    const ids = await loadIssuedIds(clients[0]);
    const generator = new RegistryGenerator({ seed: opts.seed ?? 1, faultRate: opts.faultRate, ids });
    const planner = new BatchPlanner(generator, opts.households, batchSize);
    const totals = { households: 0, members: 0, events: 0 };
    const work = async (client: Client) => {
      for (let b = await planner.next(client); b; b = await planner.next(client)) {
        await writeBatch(client, b);
        totals.households += b.households.length;
        totals.members += b.members;
        totals.events += b.events;
        opts.onProgress?.(totals.households, opts.households);
      }
    };
    const outcomes = await Promise.allSettled(clients.map((c) => work(c).catch((err) => planner.stop(err))));
    const rejected = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (rejected) throw rejected.reason;
    // Fresh statistics, or the planner keeps treating a million-row table as the empty one it saw; and VACUUM, so
    // that the visibility map lets counts and lookups over the new rows read their indexes alone.
    await vacuumRegistry(clients[0]);
    return { ...totals, ms: Math.round(performance.now() - started) };
  } finally {
    await release();
  }
}

/**
 * Hands out batches to the connections. Generation and id reservation take
 * turns, one batch after the other, so ids follow generation order whatever
 * the timing; only the COPYs overlap.
 */
class BatchPlanner {
  private planned = 0;
  private stopped = false;
  private turn: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly generator: RegistryGenerator,
    private readonly total: number,
    private readonly batchSize: number,
  ) {}

  next(client: Client): Promise<ReservedBatch | null> {
    const mine = this.turn.then(async () => {
      if (this.stopped || this.planned >= this.total) return null;
      const count = Math.min(this.batchSize, this.total - this.planned);
      this.planned += count;
      return reserveBatch(client, await generateBatch(this.generator, count));
    });
    this.turn = mine.catch(() => undefined);
    return mine;
  }

  /** No batch after a failure; rethrows it for the failing connection. */
  stop(err: unknown): never {
    this.stopped = true;
    throw err;
  }
}

async function generateBatch(generator: RegistryGenerator, count: number): Promise<SeedHousehold[]> {
  const batch: SeedHousehold[] = [];
  while (batch.length < count) {
    const end = Math.min(count, batch.length + SLICE);
    while (batch.length < end) batch.push(generator.next());
    if (batch.length < count) await yieldToIo();
  }
  return batch;
}
