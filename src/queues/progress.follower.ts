import type { ProgressTopic } from './progress-channels';

/** One live subscription's source of states. */
export interface Follow<T> {
  topic: ProgressTopic;
  id: string;
  /** Followers with the same key share one read per notification: the key names the row and the tenancy it is read under. */
  shareKey: string;
  /** The row as the subscriber may see it now; null when it may not (or it is gone). */
  read(): Promise<T | null>;
  /** What a state is compared by: a follower emits a state only when this changed. */
  version(state: T): string;
  /** True for a terminal state: emitted, then the subscription completes. */
  done(state: T): boolean;
}

/**
 * One subscriber's stream of states, as an async iterator (what a GraphQL
 * subscription returns). It holds at most one state not yet taken: a slow
 * client gets the latest state, never a backlog. Woken by its feed, it reads
 * (a read shared with the other followers of its row and tenancy), emits the
 * state when it changed, and ends after a terminal state or when the row is
 * no longer visible.
 */
export class ProgressFollower<T> implements AsyncIterableIterator<T> {
  private latest: T | null = null;
  private held: { value: T } | null = null;
  private waiting: ((r: IteratorResult<T>) => void) | null = null;
  private ended = false;
  private begun = false;
  private busy = false;
  private wanted = 0;
  private seen = 0;

  constructor(
    readonly follow: Follow<T>,
    private readonly read: (gen: number) => Promise<T | null>,
    private readonly onEnd: () => void,
  ) {}

  /** The first state, read at subscription: emitted at once. */
  begin(first: T): void {
    this.begun = true;
    this.latest = first;
    this.offer(first);
    if (this.follow.done(first)) return this.finish();
    if (this.seen < this.wanted) void this.pump();
  }

  /** Something may have changed (wake-up number `gen`). */
  wake(gen: number): void {
    if (this.ended) return;
    this.wanted = Math.max(this.wanted, gen);
    if (this.begun && !this.busy) void this.pump();
  }

  /** No more states: what is held is still taken, then the iterator is done. */
  finish(): void {
    if (this.ended) return;
    this.ended = true;
    this.onEnd();
    if (!this.held) this.release({ done: true, value: undefined });
  }

  next(): Promise<IteratorResult<T>> {
    if (this.held) {
      const { value } = this.held;
      this.held = null;
      return Promise.resolve({ done: false, value });
    }
    if (this.ended) return Promise.resolve({ done: true, value: undefined });
    return new Promise((resolve) => (this.waiting = resolve));
  }

  /** The client went away (or the server completes it): nothing more is read. */
  return(): Promise<IteratorResult<T>> {
    this.held = null;
    this.finish();
    this.release({ done: true, value: undefined });
    return Promise.resolve({ done: true, value: undefined });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }

  private async pump(): Promise<void> {
    this.busy = true;
    try {
      while (!this.ended && this.seen < this.wanted) {
        this.seen = this.wanted;
        // A failed read was logged by the feed; the next wake-up (a message or the poll) reads again.
        const state = await this.read(this.seen).catch(() => undefined);
        if (state === undefined) continue;
        if (state === null) return this.finish();
        if (this.latest === null || this.follow.version(state) !== this.follow.version(this.latest)) {
          this.latest = state;
          this.offer(state);
        }
        if (this.follow.done(state)) return this.finish();
      }
    } finally {
      this.busy = false;
    }
  }

  private offer(value: T): void {
    if (this.waiting) return this.release({ done: false, value });
    this.held = { value };
  }

  private release(result: IteratorResult<T>): void {
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.(result);
  }
}
