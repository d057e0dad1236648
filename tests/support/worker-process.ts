import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const WORKER = path.resolve(__dirname, '../../dist/src/worker.js');

export interface WorkerProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves once the worker has its queues and signal handlers in place. */
  ready(): Promise<void>;
  /** Sends a signal and waits for the process to exit. */
  kill(signal: NodeJS.Signals): Promise<void>;
}

/**
 * The real worker process (`npm run worker`, built by `npm test` before jest),
 * on this test's database, Redis and queue prefix, with short BullMQ lock and
 * stall intervals so that a killed worker's job is taken over within seconds.
 */
export function startWorkerProcess(env: { databaseUrl: string; redisUrl: string; queuePrefix: string; chunkSize?: number }): WorkerProcess {
  if (!existsSync(WORKER)) throw new Error(`${WORKER} missing: run \`npm run build\` (npm test does)`);
  const child = spawn(process.execPath, [WORKER], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      DATABASE_URL: env.databaseUrl,
      REDIS_URL: env.redisUrl,
      QUEUE_PREFIX: env.queuePrefix,
      RECONCILE_CHUNK_SIZE: String(env.chunkSize ?? 200),
      WORKER_CONCURRENCY: '1',
      WORKER_LOCK_MS: '2000',
      WORKER_STALLED_INTERVAL_MS: '1000',
      SWEEP_INTERVAL_MS: '1000',
      LOG_LEVEL: 'info',
      DB_POOL_MAX: '4',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  return {
    child,
    output: () => out,
    ready: async () => {
      await waitFor('the worker to be ready', async () => {
        if (child.exitCode !== null) throw new Error(`worker exited with ${child.exitCode}: ${out}`);
        return out.includes('"msg":"worker ready"');
      });
    },
    kill: (signal) =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };
}

/** Polls `probe` every 20 ms until it returns a value, or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
