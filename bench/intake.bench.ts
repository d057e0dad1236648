import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { buildIdNumber } from '../src/modules/id-number/id-number.generator';
import { openBenchDatabase } from './bench-database';
import { startBenchHub } from './bench-hub';
import { fmt } from './bench-stats';
import { type Sampled, asCopyText, int, recordLines, uploadThroughHub } from './reconcile-batch';

const RECORDS = 1_000_000;
const TARGET_INTAKE_RATIO = 5;

/**
 * Intake alone, fast (no registry, no worker): the reconcile bench's batch of
 * a million HEALTH records uploaded through `PUT /batches/{id}/records`, beside
 * a COPY of the same rows, pre-encoded, into a plain table in the same run.
 * The people are made up: intake checks ID numbers, not the registry.
 */
export async function runIntakeBench(): Promise<string[]> {
  const db = await openBenchDatabase('hub_bench_intake');
  const hub = await startBenchHub(db);
  try {
    const sample = madeUpPeople(RECORDS);
    const lines = () => recordLines(sample, RECORDS);
    const upload = await uploadThroughHub(hub, lines, 'bench-intake', '2016');
    const copyMs = await copyBaseline(db.orm.em.getConnection().getKnex(), lines);
    const ratio = upload.uploadMs / copyMs;
    return [
      `intake: ${int(RECORDS)} records (HTTP upload, parse, normalise, COPY) in ${fmt(upload.uploadMs / 1000)} s = ${int(RECORDS / (upload.uploadMs / 1000))} records/s ` +
        `| baseline COPY of pre-encoded rows ${fmt(copyMs / 1000)} s: ${fmt(ratio, 1)}x`,
      `intake target: <= ${TARGET_INTAKE_RATIO}x COPY ${ratio <= TARGET_INTAKE_RATIO ? 'PASS' : 'FAIL'}`,
    ];
  } finally {
    await hub.close();
    await db.close();
  }
}

function madeUpPeople(records: number): Sampled[] {
  return Array.from({ length: Math.round(records * 0.75) }, (_, i) => {
    const birthDate = `19${String(40 + (i % 60)).padStart(2, '0')}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
    return { idNumber: buildIdNumber('520102', birthDate, i % 1000), name: `张${i % 977}`, birthDate };
  });
}

/** The same rows COPYed into a plain table with no index, key or check. */
export async function copyBaseline(
  knex: { client: { acquireConnection(): Promise<unknown>; releaseConnection(c: unknown): Promise<void> } },
  lines: () => Iterable<string>,
): Promise<number> {
  const client = (await knex.client.acquireConnection()) as Client;
  try {
    await client.query('create table bench_baseline_copy (row_no int, id_number text, name text, birth_date text)');
    // Generated before the clock starts: the baseline measures the database's part alone.
    const text = [...asCopyText(lines())];
    const t0 = performance.now();
    await pipeline(Readable.from(text), client.query(copyFrom('copy bench_baseline_copy from stdin')));
    const ms = performance.now() - t0;
    await client.query('drop table bench_baseline_copy');
    return ms;
  } finally {
    await knex.client.releaseConnection(client);
  }
}
