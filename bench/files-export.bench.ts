import { Client } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { sql } from '../src/db/sql';
import { type BenchDatabase, openBenchDatabase } from './bench-database';
import { fmt } from './bench-stats';
import { startApiProcess } from './api-process';
import { readBenchHub } from './bench-hub';

const CSV_TARGET_ROWS_PER_S = 200_000;
const XLSX_TARGET_RSS_MB = 300;

/** What the export bench sizes: the CSV export's batch (issue 17: 1M records) and the XLSX export's (100,000). */
export interface FilesExportBenchOptions {
  csvRecords?: number;
  xlsxRecords?: number;
}

/**
 * Exports, `npm run bench -- files` (issue 17): the CSV export of a batch's records through the API
 * (GET /exports/batches/{id}/records, authenticated, audited, streamed) in rows/s, beside the plain
 * `COPY ... TO STDOUT` of the same rows by the owner; and the XLSX export of 100,000 rows with the
 * API process's peak RSS while it streams (this process serves it; sampled every 20 ms).
 */
export async function runFilesExportBench(opts: FilesExportBenchOptions = {}): Promise<string[]> {
  const csvRecords = opts.csvRecords ?? 1_000_000;
  const xlsxRecords = opts.xlsxRecords ?? 100_000;
  const db = await openBenchDatabase('hub_bench_files_export');
  const hub = await readBenchHub(db);
  try {
    const big = await batchWithRecords(db, csvRecords);
    const small = await batchWithRecords(db, xlsxRecords);
    const port = await hub.start();
    const auth = `Bearer ${await hub.tokens.sign('MCA')}`;
    const get = (id: string, format: string) => download(`http://127.0.0.1:${port}/exports/batches/${id}/records?format=${format}`, auth);
    const copyMs = await copyBaseline(db.url, big);
    const csv = await get(big, 'csv');
    const xlsx = await xlsxInOwnProcess(db, small, auth);
    return [
      `files-export: CSV export of ${fmt(csvRecords, 0)} batch records ${fmt(csv.ms, 0)} ms = ${fmt(csvRecords / (csv.ms / 1000), 0)} rows/s ` +
        `(${fmt(csv.bytes / 1e6, 1)} MB) | baseline COPY ... TO STDOUT of the same rows ${fmt(copyMs, 0)} ms = ${fmt(csvRecords / (copyMs / 1000), 0)} rows/s`,
      `files-export: XLSX export of ${fmt(xlsxRecords, 0)} rows by the API process (npm run api) ${fmt(xlsx.ms, 0)} ms = ` +
        `${fmt(xlsxRecords / (xlsx.ms / 1000), 0)} rows/s (${fmt(xlsx.bytes / 1e6, 1)} MB); its peak RSS (VmHWM) ${fmt(xlsx.peak / 2 ** 20, 0)} MB ` +
        `(once listening: ${fmt(xlsx.idle / 2 ** 20, 0)} MB)`,
      `files-export target: CSV >= ${fmt(CSV_TARGET_ROWS_PER_S, 0)} rows/s ${csvRecords / (csv.ms / 1000) >= CSV_TARGET_ROWS_PER_S ? 'PASS' : 'FAIL'}; ` +
        `XLSX exporter's peak RSS < ${XLSX_TARGET_RSS_MB} MB ${xlsx.peak / 2 ** 20 < XLSX_TARGET_RSS_MB ? 'PASS' : 'FAIL'}`,
    ];
  } finally {
    await hub.close();
    await db.close();
  }
}

/**
 * The XLSX export served by the real API process, alone in its process: its peak resident set
 * (the kernel's VmHWM) is the exporter's, not this bench's, which holds the other measures' memory.
 */
async function xlsxInOwnProcess(db: BenchDatabase, batchId: string, auth: string): Promise<{ ms: number; bytes: number; peak: number; idle: number }> {
  const api = await startApiProcess(db);
  try {
    const idle = api.peakRss();
    const got = await download(`${api.url}/exports/batches/${batchId}/records?format=xlsx`, auth);
    return { ...got, peak: api.peakRss(), idle };
  } finally {
    await api.stop();
  }
}

/** A batch of MCA's with `n` outcome rows written straight into its partition (the export reads outcomes, not intake). */
async function batchWithRecords(db: BenchDatabase, n: number): Promise<string> {
  const conn = db.orm.em.getConnection();
  const [{ id }] = await conn.execute<Array<{ id: string }>>(
    `insert into sector_batches (tenant_code, sector, period, status, total_records) values ('MCA', 'MINIMUM_LIVING', '2016', 'COMPLETED', ?) returning id`,
    [n],
  );
  const [{ t }] = await conn.execute<Array<{ t: string }>>(`select open_batch_records(?::uuid) as t`, [id]);
  await conn.execute(
    `insert into "${t}" (batch_id, row_no, id_number, outcome, reason, discrepancy_kinds)
     select ?::uuid, g, '5301021960010' || lpad(g::text, 5, '0'), case when g % 3 = 0 then 'UNMATCHED' else 'INVALID' end,
       case when g % 3 = 0 then null else 'bad check character' end, case when g % 7 = 0 then array['ALLOWANCE_STATUS_STALE'] else '{}' end
     from generate_series(1, ?::int) g`,
    [id, n],
  );
  await conn.execute(`select attach_batch_records(?::uuid)`, [id]);
  return id;
}

/** The same rows by one COPY as the owner, read to the end: the floor the export's CSV stands beside. */
async function copyBaseline(url: string, batchId: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const start = performance.now();
    const command = sql`copy (select row_no, id_number, outcome, reason, array_to_string(discrepancy_kinds, ';') from batch_records
      where batch_id = ${batchId}::uuid order by row_no) to stdout with (format csv, header true)`;
    // COPY takes no parameters: the batch id is bound to a setting the text reads, as the export does.
    const { text, settings } = command.toSettingsBound();
    await client.query('begin');
    for (const s of settings) await client.query('select set_config($1, $2, true)', [s.name, s.value]);
    const stream = client.query(copyTo(text));
    for await (const _chunk of stream) void _chunk;
    await client.query('commit');
    return performance.now() - start;
  } finally {
    await client.end();
  }
}

async function download(url: string, auth: string): Promise<{ ms: number; bytes: number }> {
  const start = performance.now();
  const res = await fetch(url, { headers: { authorization: auth } });
  if (res.status !== 200 || !res.body) throw new Error(`export answered ${res.status}`);
  let bytes = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.length;
  return { ms: performance.now() - start, bytes };
}
