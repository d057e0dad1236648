import { DEFAULT_RESTART_POLICY, crashesInARow, restartDelayMs } from '../../src/process/restart-policy';

describe('the restart policy of the launcher', () => {
  const policy = DEFAULT_RESTART_POLICY;

  it('waits 1 s after a first crash, doubling per crash in a row up to 30 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 50, 5000].map((n) => restartDelayMs(policy, n))).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000, 30_000, 30_000,
    ]);
  });

  it('counts crashes in a row while runs are short, and starts over after a run of a minute or more', () => {
    let crashes = 0;
    const ups = [5, 200, 59_999, 60_000, 10, 3_600_000];
    const series = ups.map((up) => (crashes = crashesInARow(policy, crashes, up)));
    expect(series).toEqual([1, 2, 3, 1, 2, 1]);
    expect(series.map((n) => restartDelayMs(policy, n))).toEqual([1_000, 2_000, 4_000, 1_000, 2_000, 1_000]);
  });

  it('follows its own numbers', () => {
    const custom = { firstDelayMs: 50, maxDelayMs: 300, stableAfterMs: 1_000 };
    expect([1, 2, 3, 4, 5].map((n) => restartDelayMs(custom, n))).toEqual([50, 100, 200, 300, 300]);
    expect(crashesInARow(custom, 4, 999)).toBe(5);
    expect(crashesInARow(custom, 4, 1_000)).toBe(1);
  });
});
