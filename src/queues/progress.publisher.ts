import type { Logger } from '../logging/logger';
import { ProgressTopic, progressChannel } from './progress-channels';
import { KeyedThrottle, REAL_CLOCK, type ThrottleClock } from './progress-throttle';
import type { Redis } from './redis.connection';

/** Progress of one batch or run goes out at most this often; terminal statuses always, at once. */
export const PROGRESS_PUBLISH_INTERVAL_MS = 250;

/** Something that tells live subscribers a batch or run changed; the row itself is re-read by each API process. */
export interface ProgressSignal {
  /** The row changed; told at most every PROGRESS_PUBLISH_INTERVAL_MS per id. */
  changed(topic: ProgressTopic, id: string): void;
  /** The row reached a terminal status (or changed in a way no subscriber may miss): told at once. */
  ended(topic: ProgressTopic, id: string): void;
}

/**
 * Publishes on Redis pub/sub that a batch or run changed. The message is the
 * id only (the channel names the topic and id): each API process reads the
 * row again under each subscriber's tenancy, so nothing a tenant may not see
 * travels through Redis. A failed publication is only logged: subscribers
 * also poll, and the row in PostgreSQL is the truth.
 */
export class ProgressPublisher implements ProgressSignal {
  private readonly throttle: KeyedThrottle;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly log: Logger,
    intervalMs = PROGRESS_PUBLISH_INTERVAL_MS,
    clock: ThrottleClock = REAL_CLOCK,
  ) {
    this.throttle = new KeyedThrottle(intervalMs, (key) => this.publish(key), clock);
  }

  changed(topic: ProgressTopic, id: string): void {
    this.throttle.soon(`${topic}|${id}`);
  }

  ended(topic: ProgressTopic, id: string): void {
    this.throttle.now(`${topic}|${id}`);
  }

  /** Drops deferred publications (the process stops). */
  stop(): void {
    this.throttle.clear();
  }

  private publish(key: string): void {
    const [topic, id] = key.split('|') as [ProgressTopic, string];
    this.redis.publish(progressChannel(this.prefix, topic, id), JSON.stringify({ id })).catch((err: Error) => {
      this.log.debug({ topic, id, err: err.message }, 'progress not published (Redis down?); subscribers poll');
    });
  }
}

/** For processes and tests without live subscribers. */
export const NO_PROGRESS_SIGNAL: ProgressSignal = { changed: () => undefined, ended: () => undefined };
