/**
 * When the launcher starts a crashed child process again: after 1 s, then
 * doubling per crash in a row up to 30 s, so that a process that cannot start
 * (database gone, port taken) is retried without spinning; a run that stayed
 * up a while counts as healthy and the next crash starts over at 1 s.
 */
export interface RestartPolicy {
  /** Delay before the first restart of a series. */
  firstDelayMs: number;
  /** Ceiling of the doubling delay. */
  maxDelayMs: number;
  /** A run at least this long ends the series of crashes. */
  stableAfterMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = { firstDelayMs: 1_000, maxDelayMs: 30_000, stableAfterMs: 60_000 };

/** Crashes in a row, counting one that came after `upForMs` of running, given `previous` crashes in a row before it. */
export function crashesInARow(policy: RestartPolicy, previous: number, upForMs: number): number {
  return upForMs >= policy.stableAfterMs ? 1 : previous + 1;
}

/** The delay before restarting after the `crashes`-th crash in a row (1-based). */
export function restartDelayMs(policy: RestartPolicy, crashes: number): number {
  const doublings = Math.max(0, crashes - 1);
  // 2 ** doublings grows past any ceiling quickly; Math.min keeps even Infinity at maxDelayMs.
  return Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** doublings);
}
