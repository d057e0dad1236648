import { type ChildProcess, spawn } from 'node:child_process';
import pino from 'pino';
import { Supervisor } from '../../src/process/supervisor';
import { waitFor } from '../support/wait-for';
import { isRunning } from '../support/process-tree';

/** A child that runs until a signal; short delays keep the test quick (the policy's numbers are unit-tested). */
const FAST = { firstDelayMs: 20, maxDelayMs: 100, stableAfterMs: 60_000 };

describe('a supervised child process', () => {
  const spawned: ChildProcess[] = [];
  const sleeper = () => {
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    spawned.push(child);
    return child;
  };
  afterAll(() => spawned.forEach((c) => isRunning(c.pid!) && c.kill('SIGKILL')));

  it('is started again as a new process after kill -9, with a log line, and stop() ends it for good', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const log = pino({ level: 'info' }, { write: (l: string) => void lines.push(JSON.parse(l)) });
    const supervisor = new Supervisor('sleeper', sleeper, log, FAST);
    supervisor.start();
    spawned[0].kill('SIGKILL');
    await waitFor('a second process', async () => spawned.length === 2 && isRunning(spawned[1].pid!), 10_000);
    spawned[1].kill('SIGKILL');
    await waitFor('a third process', async () => spawned.length === 3 && isRunning(spawned[2].pid!), 10_000);
    expect(new Set(spawned.map((c) => c.pid)).size).toBe(3);
    const restarts = lines.filter((l) => l.msg === 'process exited unexpectedly; restarting');
    expect(restarts.map((l) => [l.process, l.signal, l.crashesInARow, l.restartInMs])).toEqual([
      ['sleeper', 'SIGKILL', 1, 20],
      ['sleeper', 'SIGKILL', 2, 40],
    ]);
    await supervisor.stop();
    expect(spawned.map((c) => isRunning(c.pid!))).toEqual([false, false, false]);
    expect(spawned[2].signalCode).toBe('SIGTERM');
  });

  it('does not start a new process when stopped while a restart is pending', async () => {
    // Fake timers hold the restart until the test moves the clock; child processes and their events stay real.
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    const stopped = new Supervisor('stopped', sleeper, pino({ level: 'silent' }), FAST);
    const control = new Supervisor('control', sleeper, pino({ level: 'silent' }), FAST);
    try {
      const crash = async (supervisor: Supervisor) => {
        const before = spawned.length;
        supervisor.start();
        const exited = new Promise((r) => spawned[before].once('exit', r));
        spawned[before].kill('SIGKILL');
        await exited;
      };
      await crash(stopped);
      await crash(control);
      await stopped.stop();
      const before = spawned.length;
      jest.advanceTimersByTime(FAST.maxDelayMs * 10);
      // Only the control's restart ran: the stopped one's was cancelled.
      expect(spawned.length).toBe(before + 1);
    } finally {
      jest.useRealTimers();
      await Promise.all([stopped.stop(), control.stop()]);
    }
  });
});
