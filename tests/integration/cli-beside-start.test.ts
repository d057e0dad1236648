import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { TokenService } from '../../src/auth/token.service';
import { loadConfig } from '../../src/config/config';
import { type NodeProcess, spawnNode } from '../support/node-process';
import { descendantsOf, isRunning } from '../support/process-tree';
import { TEST_SECRET } from '../support/test-hub';

const DIST = path.resolve(__dirname, '../../dist/src/cli');
const START = path.join(DIST, 'start.cli.js');

interface Ran {
  code: number | null;
  out: string;
}

/**
 * `npm start` (the built launcher on embedded servers of its own) and the CLIs run beside it as
 * an operator would, with only HUB_DATA_DIR in common: they find its PostgreSQL through the file it writes.
 */
describe('the CLIs beside a running npm start', () => {
  const pgPort = loadConfig().testPgPort + 10;
  const dataDir = path.resolve(__dirname, '../../.data/test', `cli-beside-${pgPort}`);
  const running = path.join(dataDir, 'running.json');
  // No EMBEDDED_PG_PORT: a CLI that started its own PostgreSQL would try the default port on the held folder.
  const cliEnv = { NODE_ENV: 'test', HUB_DATA_DIR: dataDir, TOKEN_SECRET: TEST_SECRET, LOG_LEVEL: 'warn' };
  let launcher: NodeProcess | undefined;

  const cli = async (file: string, args: string[] = [], env: Record<string, string> = {}): Promise<Ran> => {
    const run = spawnNode([path.join(DIST, file), ...args], { ...cliEnv, ...env }, { script: path.join(DIST, file) });
    const code = await new Promise<number | null>((resolve) => run.child.once('exit', resolve));
    return { code, out: run.output() };
  };

  beforeAll(async () => {
    rmSync(dataDir, { recursive: true, force: true });
    launcher = spawnNode(
      [START],
      {
        ...cliEnv,
        EMBEDDED_PG_PORT: String(pgPort),
        EMBEDDED_REDIS_PORT: String(pgPort + 1),
        PORT: '0',
        DEMO_HOUSEHOLDS: '0',
        DEMO_PROJECTS: '0',
        SHUTDOWN_GRACE_MS: '100',
        LOG_LEVEL: 'info',
      },
      { script: START },
    );
    await launcher.whenOutput('the API to listen', (out) => out.includes('"API listening"'));
  }, 240_000);

  afterAll(async () => {
    if (launcher && isRunning(launcher.child.pid!)) {
      const tree = descendantsOf(launcher.child.pid!);
      await launcher.stop('SIGKILL');
      for (const pid of tree) if (isRunning(pid)) process.kill(pid, 'SIGKILL');
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs audit:verify, seed, migrate and token on the servers the start holds', async () => {
    expect(JSON.parse(readFileSync(running, 'utf8'))).toMatchObject({ pid: launcher!.child.pid, databaseUrl: expect.stringContaining(`:${pgPort}/hub`) });
    const verify = await cli('audit-verify.cli.js');
    expect([verify.code, verify.out]).toEqual([0, expect.stringMatching(/^audit chain intact: /m)]);
    const seed = await cli('seed.cli.js', ['--households', '10']);
    expect([seed.code, seed.out]).toEqual([0, expect.stringMatching(/^added 10 households, /m)]);
    const migrate = await cli('migrate.cli.js');
    expect([migrate.code, migrate.out]).toEqual([0, expect.stringContaining('migrations applied: none pending')]);
    const token = await cli('token.cli.js', ['LGOP']);
    expect(token.code).toBe(0);
    const tokens = new TokenService({ tokenSecret: TEST_SECRET, tokenTtlSeconds: 600 });
    expect((await tokens.verify(token.out.trim())).tenantCode).toBe('LGOP');
    // The start's own PostgreSQL served them all: it is still the one answering, the launcher still runs.
    expect(isRunning(launcher!.child.pid!)).toBe(true);
  }, 120_000);

  it('refuses a bad argument with a message and a non-zero exit', async () => {
    const cases: Array<[string, string[], RegExp]> = [
      ['seed.cli.js', ['--households', 'ten'], /--households must be a positive integer/],
      ['seed.cli.js', [], /nothing to seed/],
      ['seed.cli.js', ['--house', '3'], /Unknown option '--house'/],
      ['token.cli.js', [], /usage: npm run token/],
      ['token.cli.js', ['LGOP', '--ttl=0'], /--ttl must be a positive number/],
      ['audit-verify.cli.js', ['--fix'], /Unknown option '--fix'/],
      ['migrate.cli.js', ['now'], /Unexpected argument 'now'|does not take positional arguments/],
      ['schema.cli.js', ['nope'], /usage: .*print\|check/],
    ];
    for (const [file, args, message] of cases) {
      const ran = await cli(file, args);
      expect([file, args, ran.code]).toEqual([file, args, 2]);
      expect(ran.out).toMatch(message);
      expect(ran.out).not.toMatch(/undefined/);
    }
  }, 60_000);

  it("says why and how to fix it when it cannot use the start's PostgreSQL", async () => {
    const saved = readFileSync(running, 'utf8');
    rmSync(running);
    try {
      const ran = await cli('audit-verify.cli.js');
      expect(ran.code).toBe(2);
      expect(ran.out).toMatch(/^audit:verify: the embedded PostgreSQL in .* did not start: .*HUB_DATA_DIR.*DATABASE_URL/m);
      expect(ran.out).not.toMatch(/undefined/);
    } finally {
      writeFileSync(running, saved);
    }
  }, 60_000);

  it('removes the file on stop, and a CLI then starts its own PostgreSQL on the folder', async () => {
    expect(await launcher!.stop('SIGTERM')).toBe(0);
    expect(existsSync(running)).toBe(false);
    const verify = await cli('audit-verify.cli.js', [], { EMBEDDED_PG_PORT: String(pgPort + 2) });
    expect([verify.code, verify.out]).toEqual([0, expect.stringMatching(/^audit chain intact: /m)]);
  }, 120_000);
});
