import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { spawnNode } from './node-process';

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
export function startWorkerProcess(env: {
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  chunkSize?: number;
  /** More variables (e.g. OTEL_EXPORTER_OTLP_ENDPOINT). */
  extra?: Record<string, string>;
}): WorkerProcess {
  const proc = spawnNode(
    [WORKER],
    {
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
      // Any free port: several workers (and test files) run at once.
      WORKER_HTTP_PORT: '0',
      ...env.extra,
    },
    { script: WORKER },
  );
  return {
    child: proc.child,
    output: proc.output,
    ready: async () => void (await proc.whenOutput('the worker to be ready', (out) => out.includes('"msg":"worker ready"'))),
    kill: async (signal) => void (await proc.stop(signal)),
  };
}
