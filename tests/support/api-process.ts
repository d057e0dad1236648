import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { spawnNode } from './node-process';
import { TEST_SECRET } from './test-hub';

const API = path.resolve(__dirname, '../../dist/src/main.js');

export interface ApiProcess {
  child: ChildProcess;
  url: string;
  output(): string;
  /** Sends a signal and resolves with the exit code once the process has exited. */
  stop(signal: NodeJS.Signals): Promise<number | null>;
}

/** The real API process (`npm run api`, built by `npm test`) on a free port, over a test's database and Redis. */
export async function startApiProcess(env: {
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  dbPoolMax?: number;
  /** More variables (e.g. OTEL_EXPORTER_OTLP_ENDPOINT). */
  extra?: Record<string, string>;
}): Promise<ApiProcess> {
  const proc = spawnNode(
    [API],
    {
      NODE_ENV: 'test',
      PORT: '0',
      DATABASE_URL: env.databaseUrl,
      REDIS_URL: env.redisUrl,
      QUEUE_PREFIX: env.queuePrefix,
      TOKEN_SECRET: TEST_SECRET,
      DB_POOL_MAX: String(env.dbPoolMax ?? 4),
      RATE_LIMIT_PER_MINUTE: '0',
      SHUTDOWN_GRACE_MS: '300',
      LOG_LEVEL: 'info',
      ...env.extra,
    },
    { script: API },
  );
  const url = await proc.whenOutput('the API to listen', (out) => /"url":"(http:\/\/[^"]+)\/graphql","msg":"API listening"/.exec(out)?.[1]);
  return { child: proc.child, url, output: proc.output, stop: proc.stop };
}
