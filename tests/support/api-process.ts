import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { TEST_SECRET } from './test-hub';
import { waitFor } from './worker-process';

const API = path.resolve(__dirname, '../../dist/src/main.js');

export interface ApiProcess {
  child: ChildProcess;
  url: string;
  output(): string;
  /** Sends a signal and resolves with the exit code once the process has exited. */
  stop(signal: NodeJS.Signals): Promise<number | null>;
}

/** The real API process (`npm run api`, built by `npm test`) on a free port, over a test's database and Redis. */
export async function startApiProcess(env: { databaseUrl: string; redisUrl: string; queuePrefix: string; dbPoolMax?: number }): Promise<ApiProcess> {
  if (!existsSync(API)) throw new Error(`${API} missing: run \`npm run build\` (npm test does)`);
  const child = spawn(process.execPath, [API], {
    env: {
      PATH: process.env.PATH,
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
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const url = await waitFor('the API to listen', async () => {
    if (child.exitCode !== null) throw new Error(`API exited with ${child.exitCode}: ${out}`);
    return /"url":"(http:\/\/[^"]+)\/graphql","msg":"API listening"/.exec(out)?.[1];
  });
  return {
    child,
    url,
    output: () => out,
    stop: (signal) =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        child.kill(signal);
      }),
  };
}
