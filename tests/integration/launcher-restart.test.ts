import { rmSync } from 'node:fs';
import path from 'node:path';
import { TokenService } from '../../src/auth/token.service';
import { loadConfig } from '../../src/config/config';
import { type NodeProcess, spawnNode } from '../support/node-process';
import { waitFor } from '../support/wait-for';
import { commandOf, descendantsOf, isRunning } from '../support/process-tree';
import { TEST_SECRET } from '../support/test-hub';

const START = path.resolve(__dirname, '../../dist/src/cli/start.cli.js');

type LogLine = { pid: number; name?: string; msg?: string; url?: string; process?: string; signal?: string | null };

/** The pino lines of the launcher and of the processes it started (they share its stdout). */
function logLines(output: string): LogLine[] {
  return output.split('\n').flatMap((line) => {
    if (!line.startsWith('{')) return [];
    try {
      return [JSON.parse(line) as LogLine];
    } catch {
      return [];
    }
  });
}

const workersReady = (out: string) => logLines(out).filter((l) => l.name === 'worker' && l.msg === 'worker ready');
const apisListening = (out: string) => logLines(out).filter((l) => l.name === 'api' && l.msg === 'API listening');

/**
 * `npm start` itself (the built launcher, embedded PostgreSQL and Redis in a folder of its own, on this
 * suite's EMBEDDED_* ports): a killed child comes back as a new process; only SIGTERM to the launcher stops all.
 */
describe('the launcher of npm start', () => {
  const config = loadConfig();
  const dataDir = path.resolve(__dirname, '../../.data/test', `launcher-${config.embeddedPgPort}`);
  let launcher: NodeProcess | undefined;

  beforeAll(() => rmSync(dataDir, { recursive: true, force: true }));
  afterAll(async () => {
    // Only after a failure is anything left: kill the tree so that no server outlives the run.
    if (launcher && isRunning(launcher.child.pid!)) {
      const tree = descendantsOf(launcher.child.pid!);
      await launcher.stop('SIGKILL');
      for (const pid of tree) if (isRunning(pid)) process.kill(pid, 'SIGKILL');
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('restarts a killed worker and a killed API as new processes, and stops everything on SIGTERM', async () => {
    launcher = spawnNode(
      [START],
      {
        NODE_ENV: 'test',
        HUB_DATA_DIR: dataDir,
        EMBEDDED_PG_PORT: String(config.embeddedPgPort),
        EMBEDDED_REDIS_PORT: String(config.embeddedRedisPort),
        PORT: '0',
        WORKER_HTTP_PORT: '0',
        DEMO_HOUSEHOLDS: '0',
        DEMO_PROJECTS: '0',
        TOKEN_SECRET: TEST_SECRET,
        SHUTDOWN_GRACE_MS: '200',
        LOG_LEVEL: 'info',
      },
      { script: START },
    );
    const run = launcher;
    const firstWorker = (await run.whenOutput('the worker to be ready', (out) => workersReady(out)[0])).pid;
    const firstApi = await run.whenOutput('the API to listen', (out) => apisListening(out)[0]);

    process.kill(firstWorker, 'SIGKILL');
    const secondWorker = (await run.whenOutput('a new worker to be ready', (out) => workersReady(out).find((l) => l.pid !== firstWorker))).pid;
    expect(isRunning(firstWorker)).toBe(false);
    expect(logLines(run.output())).toContainEqual(
      expect.objectContaining({ name: 'start', process: 'worker', signal: 'SIGKILL', msg: 'process exited unexpectedly; restarting' }),
    );
    // The API was left alone and answered throughout.
    expect(apisListening(run.output()).map((l) => l.pid)).toEqual([firstApi.pid]);
    expect(await me(firstApi.url!)).toBe('LGOP');

    process.kill(firstApi.pid, 'SIGKILL');
    const secondApi = await run.whenOutput('a new API to listen', (out) => apisListening(out).find((l) => l.pid !== firstApi.pid));
    expect(await me(secondApi.url!)).toBe('LGOP');
    expect(workersReady(run.output()).map((l) => l.pid)).toEqual([firstWorker, secondWorker]);

    // Everything the launcher runs: the API, the worker, PostgreSQL (with its backends) and redis-server.
    const tree = descendantsOf(run.child.pid!);
    expect(tree).toEqual(expect.arrayContaining([secondApi.pid, secondWorker]));
    expect(tree.map(commandOf).join('\n')).toMatch(/postgres/);
    expect(tree.map(commandOf).join('\n')).toMatch(/redis-server/);
    expect(await run.stop('SIGTERM')).toBe(0);
    await waitFor('every process of the launcher to end', async () => !tree.some(isRunning), 15_000).catch(() => undefined);
    expect(tree.filter(isRunning).map(commandOf)).toEqual([]);
  }, 180_000);
});

/** The tenant code `me` answers for an LGOP token: the API serves GraphQL over its database. */
async function me(apiUrl: string): Promise<string | undefined> {
  const token = await new TokenService({ tokenSecret: TEST_SECRET, tokenTtlSeconds: 600 }).sign('LGOP');
  const res = await fetch(`${apiUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: '{ me { code } }' }),
  });
  return ((await res.json()) as { data?: { me: { code: string } } }).data?.me.code;
}
