// `npm run schema:print` writes schema.graphql from the code; `npm run schema:check` fails when they differ.
import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { printHubSchema } from '../graphql/schema';
import { UsageError, runCli } from './cli-run';

// npm runs scripts from the package root.
const SCHEMA_FILE = path.resolve(process.cwd(), 'schema.graphql');

async function main(): Promise<number> {
  const mode = process.argv[2];
  if (mode !== 'print' && mode !== 'check') throw new UsageError('usage: node dist/src/cli/schema.cli.js print|check');
  const sdl = await printHubSchema();
  if (mode === 'print') {
    writeFileSync(SCHEMA_FILE, sdl);
    console.log(`wrote ${SCHEMA_FILE}`);
    return 0;
  }
  const committed = readFileSync(SCHEMA_FILE, 'utf8');
  if (committed !== sdl) {
    console.error('schema.graphql differs from the schema the code builds: run `npm run schema:print` and commit it');
    return 1;
  }
  console.log('schema.graphql is up to date');
  return 0;
}

runCli('schema', main);
