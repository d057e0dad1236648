import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { waitFor } from './wait-for';

/** A Node process a test started, with its output kept. */
export interface NodeProcess {
  child: ChildProcess;
  output(): string;
  /** Waits until `find` finds something in the output; fails once the process has exited and its output ended without it. */
  whenOutput<T>(what: string, find: (output: string) => T | undefined | null | false): Promise<T>;
  /** Sends a signal and resolves with the exit code once the process has exited. */
  stop(signal: NodeJS.Signals): Promise<number | null>;
}

/** Runs `node <args>` with exactly `env` (and PATH), stdout and stderr collected. */
export function spawnNode(args: string[], env: Record<string, string>, options: { script?: string; cwd?: string } = {}): NodeProcess {
  if (options.script && !existsSync(options.script)) throw new Error(`${options.script} missing: run \`npm run build\` (npm test does)`);
  const child = spawn(process.execPath, args, { cwd: options.cwd, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  return {
    child,
    output: () => out,
    whenOutput: (what, find) =>
      waitFor(what, async () => {
        // What it printed before exiting counts: a short process may exit between two probes.
        const found = find(out);
        if (found) return found;
        if (child.exitCode !== null && !child.stdout?.readable && !child.stderr?.readable) {
          throw new Error(`process exited with ${child.exitCode} before ${what}: ${out}`);
        }
        return found;
      }),
    stop: (signal) =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        child.kill(signal);
      }),
  };
}
