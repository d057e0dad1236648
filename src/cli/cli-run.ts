import { parseArgs } from 'node:util';

/** A command line the CLI cannot run: its message is printed alone, with exit code 2. */
export class UsageError extends Error {}

/**
 * Runs a CLI's `main` and exits with the code it returns (0 when none). Any failure prints
 * `<name>: <message>` (never a bare `undefined`) and exits `failureCode`, never 0.
 */
export function runCli(name: string, main: () => Promise<number | void>, failureCode = 1): void {
  main().then(
    (code) => process.exit(code ?? 0),
    (err: unknown) => {
      console.error(`${name}: ${describeFailure(err)}`);
      process.exit(err instanceof UsageError ? 2 : failureCode);
    },
  );
}

export function describeFailure(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  if (err === undefined || err === null || err === '') return 'failed without a reason (run with LOG_LEVEL=debug to see more)';
  return String(err);
}

/** For a CLI that takes no arguments: anything given is refused rather than ignored. */
export function noArguments(argv: string[], usage: string): void {
  try {
    parseArgs({ args: argv, options: {}, strict: true, allowPositionals: false });
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n${usage}`);
  }
}
