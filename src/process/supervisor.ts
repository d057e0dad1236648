import type { ChildProcess } from 'node:child_process';
import type { Logger } from '../logging/logger';
import { DEFAULT_RESTART_POLICY, type RestartPolicy, crashesInARow, restartDelayMs } from './restart-policy';

/**
 * Keeps one child process running: any exit it was not asked for (a crash, a
 * kill -9, an out-of-memory kill) is logged and followed by a new process after
 * the policy's backoff. `stop()` is the only way to end it.
 */
export class Supervisor {
  private child: ChildProcess | null = null;
  private restartTimer: NodeJS.Timeout | null = null;
  private crashes = 0;
  private stopping = false;

  constructor(
    private readonly name: string,
    private readonly spawnChild: () => ChildProcess,
    private readonly log: Logger,
    private readonly policy: RestartPolicy = DEFAULT_RESTART_POLICY,
  ) {}

  start(): void {
    const child = this.spawnChild();
    const startedAt = Date.now();
    this.child = child;
    this.log.info({ process: this.name, pid: child.pid }, 'process started');
    let ended = false;
    const end = (code: number | null, signal: NodeJS.Signals | null) => {
      if (ended) return;
      ended = true;
      this.onEnd(child, code, signal, Date.now() - startedAt);
    };
    child.once('exit', end);
    // A process that could not be spawned at all emits 'error' and never 'exit'.
    child.once('error', (err) => {
      this.log.error({ process: this.name, err: err.message }, 'process error');
      if (child.pid === undefined) end(null, null);
    });
  }

  /** Stops the child (SIGTERM, it drains itself) and any pending restart; resolves once it has exited. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    const child = this.child;
    if (!child || child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }

  private onEnd(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null, upForMs: number): void {
    const facts = { process: this.name, pid: child.pid, code, signal, upForMs };
    if (this.stopping) {
      this.log.info(facts, 'process exited');
      return;
    }
    this.crashes = crashesInARow(this.policy, this.crashes, upForMs);
    const restartInMs = restartDelayMs(this.policy, this.crashes);
    this.log.warn({ ...facts, crashesInARow: this.crashes, restartInMs }, 'process exited unexpectedly; restarting');
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      this.start();
    }, restartInMs);
  }
}
