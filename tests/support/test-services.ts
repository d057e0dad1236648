import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../src/config/config';

/** Where the global setup leaves the URLs of the PostgreSQL and Redis the tests share (one file per suite port). */
export const SERVICES_FILE = path.resolve(__dirname, `../../.data/test/services-${loadConfig().testPgPort}.json`);

export interface TestServices {
  /** URL of the cluster's maintenance database; each test file creates its own database from it. */
  adminDatabaseUrl: string;
  redisUrl: string;
}

export function readTestServices(): TestServices {
  if (!existsSync(SERVICES_FILE)) throw new Error(`${SERVICES_FILE} missing: run the tests through jest (globalSetup)`);
  return JSON.parse(readFileSync(SERVICES_FILE, 'utf8')) as TestServices;
}
