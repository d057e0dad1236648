import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadBenchConfig } from '../src/config/config';
import { DbRole, roleDatabaseUrl } from '../src/db/db-roles';
import type { BenchDatabase } from './bench-database';
import { BENCH_TOKEN_SECRET, openBenchRedis } from './bench-hub';

/** The real API process (`npm run api`) over a bench database, for figures that belong to it alone (its memory). */
export interface BenchApiProcess {
  url: string;
  /** Its peak resident set so far in bytes (the kernel's VmHWM). */
  peakRss(): number;
  stop(): Promise<void>;
}

export async function startApiProcess(db: BenchDatabase): Promise<BenchApiProcess> {
  const redis = await openBenchRedis(3);
  const config = loadBenchConfig();
  const api = spawn(process.execPath, [path.resolve(__dirname, '../src/main.js')], {
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: '0',
      DATABASE_URL: db.url,
      API_DATABASE_URL: roleDatabaseUrl(db.url, DbRole.API, config.dbRolePasswords.apiPassword),
      REDIS_URL: redis.url,
      TOKEN_SECRET: BENCH_TOKEN_SECRET,
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const stop = async () => {
    if (api.exitCode === null) {
      api.kill('SIGTERM');
      await new Promise((resolve) => api.once('exit', resolve));
    }
    await redis.close();
  };
  try {
    const url = await listeningUrl(api);
    return { url, peakRss: () => vmHwm(api.pid!), stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** The API's base URL from its "API listening" log line. */
function listeningUrl(api: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let url: string | undefined;
    // Read to the end (a full pipe would stall the API's logging), kept only until the line is found.
    api.stdout!.on('data', (d: Buffer) => {
      if (url) return;
      out += d.toString();
      url = /"url":"(http:\/\/[^"]+)\/graphql","msg":"API listening"/.exec(out)?.[1];
      if (url) resolve(url);
    });
    api.once('exit', (code) => reject(new Error(`the API exited with ${code} before listening: ${out.slice(-2000)}`)));
  });
}

/** A process's peak resident set in bytes, from /proc (Linux, as the bench machines). */
function vmHwm(pid: number): number {
  const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  if (!kb) throw new Error(`no VmHWM for process ${pid}`);
  return Number(kb) * 1024;
}
