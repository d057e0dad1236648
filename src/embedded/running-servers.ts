import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import type { Logger } from '../logging/logger';
import { type RunningPostgres, startEmbeddedPostgres } from './embedded-postgres.server';

/** What `npm start` holds, written beside the servers' data so that the CLIs use it rather than start a second PostgreSQL on the same folder. */
export interface RunningServers {
  /** The launcher's process id: the file is stale once it has ended. */
  pid: number;
  databaseUrl: string;
  redisUrl: string;
}

const FILE = 'running.json';

export function writeRunningServers(dataDir: string, servers: RunningServers): void {
  // Only the owner may read it: the URLs carry the embedded servers' (development) password.
  writeFileSync(path.join(dataDir, FILE), `${JSON.stringify(servers)}\n`, { mode: 0o600 });
}

/** Removes the file, if it is still the one `pid` wrote. */
export function removeRunningServers(dataDir: string, pid: number): void {
  if (readRunningServers(dataDir)?.pid === pid) rmSync(path.join(dataDir, FILE), { force: true });
}

export function readRunningServers(dataDir: string): RunningServers | null {
  try {
    const found = JSON.parse(readFileSync(path.join(dataDir, FILE), 'utf8')) as Partial<RunningServers>;
    if (typeof found.pid !== 'number' || typeof found.databaseUrl !== 'string' || typeof found.redisUrl !== 'string') return null;
    return found as RunningServers;
  } catch {
    return null;
  }
}

/**
 * The embedded PostgreSQL for a CLI: the one a running `npm start` holds when there is one
 * (left running when the CLI ends), otherwise one started on the data folder for the CLI alone.
 */
export async function embeddedPostgresForCli(options: { dataDir: string; port: number; log: Logger }): Promise<RunningPostgres> {
  const running = readRunningServers(options.dataDir);
  if (running && isAlive(running.pid) && (await answers(running.databaseUrl))) {
    options.log.info({ pid: running.pid }, 'using the embedded PostgreSQL of the running npm start');
    const base = new URL(running.databaseUrl);
    return {
      url: (db = 'hub') => Object.assign(new URL(base.href), { pathname: `/${db}` }).href,
      stop: async () => undefined,
    };
  }
  return startEmbeddedPostgres({ dir: path.join(options.dataDir, 'pg'), port: options.port, database: 'hub', log: options.log });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: alive, but another user's.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function answers(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
