/** A clock and a timer, given so that the throttle's rule is tested without waiting. */
export interface ThrottleClock {
  now(): number;
  schedule(fn: () => void, ms: number): { cancel(): void };
}

export const REAL_CLOCK: ThrottleClock = {
  now: () => Date.now(),
  schedule(fn, ms) {
    const t = setTimeout(fn, ms);
    // A trailing publication must not keep a stopping process alive.
    t.unref();
    return { cancel: () => clearTimeout(t) };
  },
};

/**
 * At most one call per key each `intervalMs`, and never a lost last word: a
 * call inside the interval is deferred to the interval's end (one per key, the
 * latest wins); `now` goes out at once and drops what was deferred.
 */
export class KeyedThrottle {
  private readonly last = new Map<string, number>();
  private readonly pending = new Map<string, { cancel(): void }>();

  constructor(
    private readonly intervalMs: number,
    private readonly send: (key: string) => void,
    private readonly clock: ThrottleClock = REAL_CLOCK,
  ) {}

  /** Sends now if the key's interval has passed, else once when it has. */
  soon(key: string): void {
    if (this.pending.has(key)) return;
    const wait = (this.last.get(key) ?? -Infinity) + this.intervalMs - this.clock.now();
    if (wait <= 0) return this.fire(key);
    this.pending.set(
      key,
      this.clock.schedule(() => this.fire(key), wait),
    );
  }

  /** Sends at once whatever the interval (a terminal status); the key is forgotten afterwards. */
  now(key: string): void {
    this.pending.get(key)?.cancel();
    this.pending.delete(key);
    this.last.delete(key);
    this.send(key);
  }

  /** Drops every deferred call (the process stops). */
  clear(): void {
    for (const p of this.pending.values()) p.cancel();
    this.pending.clear();
    this.last.clear();
  }

  private fire(key: string): void {
    this.pending.delete(key);
    this.last.set(key, this.clock.now());
    this.send(key);
  }
}
