import { KeyedThrottle, type ThrottleClock } from '../../src/queues/progress-throttle';
import { parseProgressChannel, progressChannel, ProgressTopic } from '../../src/queues/progress-channels';

/** A clock the test moves by hand: scheduled calls run when their time is passed. */
function manualClock(): ThrottleClock & { advance(ms: number): void } {
  let now = 0;
  let timers: Array<{ at: number; fn: () => void; live: boolean }> = [];
  return {
    now: () => now,
    schedule(fn, ms) {
      const t = { at: now + ms, fn, live: true };
      timers.push(t);
      return { cancel: () => void (t.live = false) };
    },
    advance(ms) {
      now += ms;
      const due = timers.filter((t) => t.live && t.at <= now);
      timers = timers.filter((t) => !due.includes(t));
      for (const t of due) t.fn();
    },
  };
}

describe('progress throttle', () => {
  it('sends the first change at once, then at most one per interval per key, never losing the last', () => {
    const clock = manualClock();
    const sent: Array<[number, string]> = [];
    const th = new KeyedThrottle(250, (k) => sent.push([clock.now(), k]), clock);
    th.soon('a');
    th.soon('b');
    for (let i = 0; i < 10; i++) {
      clock.advance(20);
      th.soon('a');
    }
    expect(sent).toEqual([
      [0, 'a'],
      [0, 'b'],
    ]);
    clock.advance(50);
    expect(sent).toEqual([
      [0, 'a'],
      [0, 'b'],
      [250, 'a'],
    ]);
    clock.advance(1000);
    expect(sent).toHaveLength(3);
  });

  it('sends a terminal status at once and drops what was deferred for it', () => {
    const clock = manualClock();
    const sent: string[] = [];
    const th = new KeyedThrottle(250, (k) => sent.push(`${clock.now()}:${k}`), clock);
    th.soon('a');
    clock.advance(10);
    th.soon('a');
    th.now('a');
    clock.advance(1000);
    expect(sent).toEqual(['0:a', '10:a']);
  });

  it('names channels by prefix, topic and id only, and reads back only its own', () => {
    const id = '3137a110-ef5d-471c-910b-688a7f9347e1';
    const ch = progressChannel('hub', ProgressTopic.QUALITY_RUN, id);
    expect(ch).toBe(`hub:progress:quality-run:${id}`);
    expect(parseProgressChannel('hub', ch)).toEqual({ topic: ProgressTopic.QUALITY_RUN, id });
    expect(parseProgressChannel('other', ch)).toBeNull();
    expect(parseProgressChannel('hub', `hub:progress:nope:${id}`)).toBeNull();
    expect(parseProgressChannel('hub', 'hub:progress:batch:not-an-id')).toBeNull();
  });
});
