import type { Logger } from '../logging/logger';

/**
 * Runs `sweep` every `intervalMs` in the worker process, one pass at a time: a timer, not a repeatable job,
 * since a sweep is what repairs a Redis that came back empty (and repeatable jobs vanish with it).
 * Returns the stop function.
 */
export function startSweepTimer(sweep: () => Promise<unknown>, intervalMs: number, log: Logger, what: string): () => void {
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    sweep()
      .catch((err) => log.warn({ err: (err as Error).message }, `${what} skipped: queue unavailable`))
      .finally(() => (busy = false));
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
