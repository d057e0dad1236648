import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import Redis from 'ioredis';
import type { Logger } from '../logging/logger';

/** Options of the redis-server the project runs itself when no REDIS_URL is given. */
export interface EmbeddedRedisOptions {
  /** Folder of the append-only file. */
  dir: string;
  /** Port on 127.0.0.1. */
  port: number;
  log: Logger;
}

export interface RunningRedis {
  url: string;
  stop(): Promise<void>;
}

/** Finds Debian's redis-server; `scripts/setup.sh` installs it when missing. */
export function findRedisServer(): string {
  for (const candidate of ['/usr/bin/redis-server', '/usr/local/bin/redis-server']) {
    if (existsSync(candidate)) return candidate;
  }
  const which = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  if (which.status === 0 && which.stdout.trim()) return which.stdout.trim();
  throw new Error('redis-server not found: run `bash scripts/setup.sh` (installs Debian’s redis-server) or set REDIS_URL');
}

/** Starts redis-server with the settings BullMQ requires (noeviction, append-only file). */
export async function startEmbeddedRedis(opts: EmbeddedRedisOptions): Promise<RunningRedis> {
  await mkdir(opts.dir, { recursive: true });
  const args = [
    '--port',
    String(opts.port),
    '--bind',
    '127.0.0.1',
    '--dir',
    opts.dir,
    '--appendonly',
    'yes',
    '--maxmemory-policy',
    'noeviction',
    '--save',
    '',
    '--daemonize',
    'no',
    '--protected-mode',
    'yes',
    '--loglevel',
    'warning',
  ];
  // Its own process group: Ctrl-C reaches the launcher, which stops Redis after the processes that use it.
  const child = spawn(findRedisServer(), args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  child.stdout?.on('data', (d: Buffer) => opts.log.debug({ redis: d.toString().trim() }, 'redis'));
  child.stderr?.on('data', (d: Buffer) => opts.log.warn({ redis: d.toString().trim() }, 'redis'));
  const url = `redis://127.0.0.1:${opts.port}`;
  await waitForRedis(url, child);
  return { url, stop: () => stopChild(child) };
}

async function waitForRedis(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with code ${child.exitCode} (port in use?)`);
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => undefined); // refused while starting: retried below
    try {
      await client.connect();
      await client.ping();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      client.disconnect();
    }
  }
  throw new Error(`redis-server did not answer on ${url} within 15 s`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
