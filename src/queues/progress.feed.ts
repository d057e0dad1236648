import type { Logger } from '../logging/logger';
import { followKey, parseProgressChannel, progressPattern } from './progress-channels';
import { type Follow, ProgressFollower } from './progress.follower';

export type { Follow };
import type { Redis } from './redis.connection';

/** How often every follower reads its row again without a message: a publication lost to a Redis outage is late, never missing. */
export const PROGRESS_POLL_MS = 5_000;

/** Longest a first subscriber waits for the pattern subscription (Redis down: followers poll meanwhile). */
const SUBSCRIBE_WAIT_MS = 2_000;

/**
 * The API process's one Redis subscriber connection, fanned out in-process:
 * it subscribes once to every progress channel of its prefix and wakes the
 * followers of the channel a message names. Followers of one row and one
 * tenancy share the read a message causes, so N subscribers of one batch cost
 * one read per message, not N. A timer wakes every follower now and then.
 */
export class ProgressFeed {
  private sub: Redis | null = null;
  private timer: NodeJS.Timeout | null = null;
  private generation = 0;
  /** Settles once the pattern subscription is confirmed, or after SUBSCRIBE_WAIT_MS (then it is only logged). */
  private subscribed: Promise<void> = Promise.resolve();
  private readonly followers = new Map<string, Set<ProgressFollower<unknown>>>();
  private readonly reads = new Map<string, { gen: number; value: Promise<unknown> }>();

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly log: Logger,
    private readonly pollMs = PROGRESS_POLL_MS,
  ) {}

  /** Opens the subscriber connection and the poll timer; the subscription is confirmed in the background. */
  start(): void {
    // Its own connection: a subscribed connection takes no other command. It waits for Redis rather than failing fast.
    const sub = this.redis.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null });
    sub.on('error', () => undefined);
    sub.on('pmessage', (_pattern: string, channel: string) => this.onMessage(channel));
    this.sub = sub;
    const subscribed = sub.psubscribe(progressPattern(this.prefix)).then(() => true);
    const late = new Promise<false>((r) => setTimeout(() => r(false), SUBSCRIBE_WAIT_MS).unref());
    this.subscribed = Promise.race([subscribed.catch(() => false), late]).then((ok) => {
      if (!ok) this.log.warn('progress feed not subscribed yet (Redis down?); subscribers poll');
    });
    this.timer = setInterval(() => this.wakeAll(), this.pollMs);
    this.timer.unref();
  }

  /** Completes every subscription (each sends what it holds, then ends) and closes the connection. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    for (const set of [...this.followers.values()]) for (const f of [...set]) f.finish();
    this.followers.clear();
    this.reads.clear();
    const sub = this.sub;
    this.sub = null;
    // Not QUIT: with Redis down it would wait in the offline queue for ever; a subscriber has nothing to flush.
    sub?.disconnect();
  }

  /** Subscribers now, for the metrics and the bench. */
  get size(): number {
    let n = 0;
    for (const set of this.followers.values()) n += set.size;
    return n;
  }

  /**
   * A subscription to one row: listening starts before the first read, so a change
   * committed meanwhile is not missed. Null (and nothing kept) when the first read finds nothing.
   */
  async follow<T>(f: Follow<T>): Promise<AsyncIterableIterator<T> | null> {
    const follower = new ProgressFollower<T>(
      f,
      (gen) => this.sharedRead(f, gen),
      () => this.drop(follower as ProgressFollower<unknown>),
    );
    // Messages published before the subscription is confirmed would be lost: the first followers wait for it (a bounded wait).
    await this.subscribed;
    const key = followKey(f.topic, f.id);
    const set = this.followers.get(key) ?? new Set();
    this.followers.set(key, set.add(follower as ProgressFollower<unknown>));
    try {
      const first = await f.read();
      if (first === null) {
        this.drop(follower as ProgressFollower<unknown>);
        return null;
      }
      follower.begin(first);
      return follower;
    } catch (err) {
      this.drop(follower as ProgressFollower<unknown>);
      throw err;
    }
  }

  private onMessage(channel: string): void {
    const named = parseProgressChannel(this.prefix, channel);
    const set = named && this.followers.get(followKey(named.topic, named.id));
    if (!set) return;
    const gen = ++this.generation;
    for (const f of set) f.wake(gen);
  }

  private wakeAll(): void {
    if (this.followers.size === 0) return;
    const gen = ++this.generation;
    for (const set of this.followers.values()) for (const f of set) f.wake(gen);
  }

  /** The read of `f`'s row for wake-up `gen`: started once per share key and wake-up, then shared. */
  private sharedRead<T>(f: Follow<T>, gen: number): Promise<T | null> {
    const held = this.reads.get(f.shareKey);
    if (held && held.gen >= gen) return held.value as Promise<T | null>;
    const value = f.read();
    value.catch((err: Error) => this.log.warn({ topic: f.topic, id: f.id, err: err.message }, 'progress not read; the next wake-up tries again'));
    this.reads.set(f.shareKey, { gen, value });
    return value;
  }

  private drop(follower: ProgressFollower<unknown>): void {
    const key = followKey(follower.follow.topic, follower.follow.id);
    const set = this.followers.get(key);
    if (!set?.delete(follower)) return;
    if (set.size === 0) this.followers.delete(key);
    const shareKey = follower.follow.shareKey;
    if (![...(set ?? [])].some((o) => o.follow.shareKey === shareKey)) this.reads.delete(shareKey);
  }
}
