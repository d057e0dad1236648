import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

/**
 * Processes of an earlier run of the pair in `dir` (a run killed before it could stop them:
 * the servers are detached, so they outlive it). Each names `dir` in its command line
 * (etcd's data dir, Patroni's config, PostgreSQL's -D) or works in it (redis-server, sentinels
 * and PostgreSQL's backends chdir there). Left running, they hold the pair's ports and the next
 * pair cannot start: the cause of the "no PostgreSQL node became primary" seen once.
 */
export function leftoverPids(dir: string): number[] {
  const inside = (p: string) => p === dir || p.startsWith(`${dir}/`);
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      const cwd = readlinkSync(`/proc/${pid}/cwd`).replace(/ \(deleted\)$/, '');
      if (inside(cwd) || args.some((a) => inside(a) || inside(a.slice(a.indexOf('=') + 1)))) pids.push(pid);
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return pids;
}

/** SIGKILL for every leftover of `dir`; resolves once they are gone (at most 10 s). */
export async function reapLeftovers(dir: string): Promise<number[]> {
  const resolved = path.resolve(dir);
  const pids = leftoverPids(resolved);
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  const deadline = Date.now() + 10_000;
  while (leftoverPids(resolved).length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  return pids;
}

/** Throws naming the first of `ports` another process listens on (the pair would start half-way and never elect). */
export async function assertPortsFree(ports: number[]): Promise<void> {
  for (const port of ports) {
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (!free) throw new Error(`port ${port} of the HA pair is taken (another pair or a leftover server on that base port?)`);
  }
}
