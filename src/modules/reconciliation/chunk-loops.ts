/** How a pass, or one connection's loop in it, ended. */
export type PassEnd = 'done' | 'cancelled' | 'stopped' | 'skipped';

/** A connection's loop: takes chunks until none is open, the batch stops running, or `stop()` says so. */
export type ChunkLoop = (stop: () => boolean) => Promise<PassEnd>;

/**
 * A pass's chunks done by `connections` loops at once, for both passes of a batch. A loop that
 * fails stops the others after their chunk in hand, and the pass fails with its error once all
 * have ended (none goes on alone behind a failed attempt). When every loop found nothing to take
 * but another run of the batch still holds a chunk, the loops go round again and take it over if it
 * rolled back.
 */
export async function runChunkLoops(connections: number, loop: ChunkLoop, openChunks: () => Promise<number>, shouldStop?: () => boolean): Promise<PassEnd> {
  for (;;) {
    let failed = false;
    const stop = () => failed || (shouldStop?.() ?? false);
    const settled = await Promise.allSettled(
      Array.from({ length: Math.max(1, connections) }, () =>
        loop(stop).catch((err: unknown) => {
          failed = true;
          throw err;
        }),
      ),
    );
    const rejected = settled.find((s) => s.status === 'rejected');
    if (rejected) throw rejected.reason;
    const ends = settled.map((s) => (s as PromiseFulfilledResult<PassEnd>).value);
    for (const end of ['cancelled', 'skipped', 'stopped'] as const) if (ends.includes(end)) return end;
    if ((await openChunks()) === 0) return 'done';
  }
}
