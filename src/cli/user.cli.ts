// `npm run user -- add|list ...`: console accounts (staff of a tenant), see USER_USAGE.
import 'reflect-metadata';
import { loadConfig } from '../config/config';
import { runCli } from './cli-run';
import { parseUserArgs, runUserCommand } from './user.command';

/** The password from stdin: its first line (a pipe or a typed line), never echoed back. */
async function readPassword(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('password: ');
  let text = '';
  for await (const chunk of process.stdin) {
    text += String(chunk);
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/)[0];
}

async function main(): Promise<number> {
  const cmd = parseUserArgs(process.argv.slice(2));
  return runUserCommand(cmd, loadConfig(), readPassword, (t) => process.stdout.write(t));
}

runCli('user', main);
