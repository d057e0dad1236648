import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../../logging/logger';

/** The unprivileged user the servers run as when this process is root (PostgreSQL refuses root). */
interface RunAs {
  uid: number;
  gid: number;
}

let runAsMemo: RunAs | null | undefined;

/** `postgres` (created by Debian's postgresql package) when running as root; null otherwise. */
export function runAs(): RunAs | null {
  if (runAsMemo !== undefined) return runAsMemo;
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return (runAsMemo = null);
  const uid = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (uid.status !== 0) throw new Error('running as root needs the `postgres` user (Debian’s postgresql package creates it)');
  return (runAsMemo = { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) });
}

/** A folder the servers' user owns (created when missing). */
export function ownedDir(dir: string, mode = 0o700): string {
  // Parents stay traversable (0755): the servers' user must reach its own folder below them.
  mkdirSync(path.dirname(dir), { recursive: true, mode: 0o755 });
  // An existing 0700 parent (the launcher's .data) gets traverse-only rights for others, nothing more.
  if (runAs()) chmodSync(path.dirname(dir), statSync(path.dirname(dir)).mode | 0o011);
  if (!existsSync(dir)) mkdirSync(dir, { mode });
  const user = runAs();
  if (user) chownSync(dir, user.uid, user.gid);
  return dir;
}

/** Finds a binary among `candidates`, or on PATH. */
export function findBinary(name: string, candidates: string[]): string | null {
  for (const c of candidates) if (existsSync(c)) return c;
  const which = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  return which.status === 0 && which.stdout.trim() ? which.stdout.trim() : null;
}

/** Starts a server as the servers' user, in its own process group (Ctrl-C reaches the launcher, which stops it in order). */
export function spawnServer(label: string, bin: string, args: string[], log: Logger, env: NodeJS.ProcessEnv = {}): ChildProcess {
  const user = runAs();
  const child = spawn(bin, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    env: { PATH: process.env.PATH, LANG: 'C.UTF-8', ...env },
    ...(user ?? {}),
  });
  const heard = (d: Buffer) => log.debug({ [label]: d.toString().trim().slice(0, 2000) }, label);
  child.stdout?.on('data', heard);
  child.stderr?.on('data', heard);
  return child;
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process has exited. */
export function stopServer(child: ChildProcess, graceMs = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Polls `ready` every 200 ms until it is true; throws after `ms` or when `child` exits first. */
export async function waitUntil(what: string, ready: () => Promise<boolean>, ms: number, child?: ChildProcess): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`${what}: the process exited with code ${child.exitCode}`);
    if (await ready().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what} within ${Math.round(ms / 1000)} s`);
}
