import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { buildIdNumber } from '../src/modules/id-number/id-number.generator';
import { type BenchDatabase, openBenchDatabase } from './bench-database';
import { startApiProcess } from './api-process';
import { type BenchHub, startBenchHub } from './bench-hub';
import { fmt, load } from './bench-stats';
import { int } from './reconcile-batch';

/** Records of each upload when `--files-records=N` is not given. */
export const FILES_RECORDS = 1_000_000;
const TARGET_XLSX_RATIO = 3;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const SURNAMES = '张王李赵刘陈杨黄吴周徐孙马朱胡郭何高林罗';
/** Given names with characters outside GBK's common range too (GB18030's four-byte ones), as registries hold them. */
const GIVEN = ['伟', '芳', '秀英', '娜', '敏', '静', '丽', '强', '磊', '𠀾明', '䶮', '玥'];

/** One measure of the files part: what it did, in a line or two, beside the others of the same run. */
export interface FilesFigure {
  name: string;
  records: number;
  ms: number;
  bytes: number;
  /** The process's peak resident set while it ran (the hub runs in this process), in MB. */
  peakRssMb: number;
  /** The longest the hub's event loop was held while it ran (what other requests waited at worst), in ms. */
  maxLoopDelayMs: number;
}

/** What the measures of the files part share: the hub, a scratch directory and the number of records. */
export interface FilesBench {
  db: BenchDatabase;
  hub: BenchHub;
  dir: string;
  records: number;
}

/**
 * `npm run bench -- files [--files-records=N]`: uploads of N records through
 * `PUT /batches/{id}/records` as UTF-8 CSV (the baseline), GB18030 CSV and
 * XLSX, each file written before its clock starts; records/s of each beside
 * the UTF-8 CSV of the same run. Each measure is its own function, so more
 * (exports) join the part without changing these.
 */
export async function runFilesBench(records = FILES_RECORDS): Promise<string[]> {
  const db = await openBenchDatabase('hub_bench_files');
  const hub = await startBenchHub(db);
  const dir = await mkdtemp(path.join(tmpdir(), 'hub-bench-files-'));
  const bench: FilesBench = { db, hub, dir, records };
  try {
    const csv = await measureCsvUpload(bench, 'utf-8');
    const gb = await measureCsvUpload(bench, 'gb18030');
    const xlsx = await measureXlsxUpload(bench);
    const memory = await measureXlsxMemory(bench);
    const ratio = xlsx.ms / csv.ms;
    return [
      ...[csv, gb, xlsx].map((f) => figureLine(f, csv)),
      `files target: XLSX upload within ${TARGET_XLSX_RATIO}x of UTF-8 CSV (${fmt(ratio, 2)}x) ${ratio <= TARGET_XLSX_RATIO ? 'PASS' : 'FAIL'}`,
      memory,
      `files: ${load()}`,
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
    await hub.close();
    await db.close();
  }
}

/** A CSV of `bench.records` made-up people in `charset`, uploaded with that charset declared. */
export async function measureCsvUpload(bench: FilesBench, charset: 'utf-8' | 'gb18030'): Promise<FilesFigure> {
  const file = path.join(bench.dir, `records-${charset}.csv`);
  const slices = csvLines(bench.records);
  const bytes = charset === 'utf-8' ? slices : map(slices, (s) => iconv.encode(s, 'gb18030'));
  await pipeline(Readable.from(bytes, { objectMode: false }), createWriteStream(file));
  return upload(bench, `CSV ${charset.toUpperCase()}`, file, `text/csv; charset=${charset}`);
}

/** An XLSX of the same people, written as Excel does (shared strings, ID numbers as text), uploaded. */
export async function measureXlsxUpload(bench: FilesBench): Promise<FilesFigure> {
  return upload(bench, 'XLSX', await writeXlsx(bench, bench.records), XLSX);
}

async function writeXlsx(bench: FilesBench, records: number): Promise<string> {
  const file = path.join(bench.dir, `records-${records}.xlsx`);
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: false });
  const sheet = book.addWorksheet('Sheet1');
  sheet.addRow(['idNumber', 'name', 'birthDate', 'insured']).commit();
  for (const p of people(records)) sheet.addRow([p.idNumber, p.name, p.birthDate, p.insured]).commit();
  sheet.commit();
  await book.commit();
  return file;
}

/**
 * The XLSX upload's memory where it is served: the real API process alone, fresh for each file, its
 * peak RSS (VmHWM) for the workbook of N records and for one of N/10 beside its RSS once listening.
 * Flat means the 1M-row workbook costs about what the small one does.
 */
export async function measureXlsxMemory(bench: FilesBench): Promise<string> {
  const small = Math.max(1, Math.floor(bench.records / 10));
  const mb = (b: number) => `${int(b / 2 ** 20)} MB`;
  const parts: string[] = [];
  for (const [kind, type] of [
    ['CSV', 'text/csv'],
    ['XLSX', XLSX],
  ] as const) {
    for (const records of [small, bench.records]) {
      const file = kind === 'XLSX' ? await writeXlsx(bench, records) : await writeCsv(bench, records);
      const api = await startApiProcess(bench.db);
      try {
        const idle = api.peakRss();
        await put({ ...bench, records }, api.url, `${kind} memory ${records}`, file, type);
        parts.push(`${kind} ${int(records)} records ${mb(api.peakRss())} (listening: ${mb(idle)})`);
      } finally {
        await api.stop();
      }
    }
  }
  return `files upload memory in its own API process (peak RSS, VmHWM): ${parts.join(' | ')}`;
}

async function writeCsv(bench: FilesBench, records: number): Promise<string> {
  const file = path.join(bench.dir, `records-${records}.csv`);
  await pipeline(Readable.from(csvLines(records), { objectMode: false }), createWriteStream(file));
  return file;
}

/** PUTs `file` into a new HEALTH batch, timing the PUT alone. */
async function upload(bench: FilesBench, name: string, file: string, type: string): Promise<FilesFigure> {
  const bytes = (await stat(file)).size;
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const t0 = performance.now();
  try {
    await put(bench, bench.hub.url, name, file, type);
  } finally {
    clearInterval(sampler);
    loop.disable();
  }
  return { name, records: bench.records, ms: performance.now() - t0, bytes, peakRssMb: peak / 2 ** 20, maxLoopDelayMs: loop.max / 1e6 };
}

/** Into a new HEALTH batch of the hub at `url`, all of `file`; every record must be received. */
async function put(bench: FilesBench, url: string, name: string, file: string, type: string): Promise<void> {
  const token = await bench.hub.token('NHFPC');
  const batchId = await newBatch(url, token, name);
  const init = { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': type }, body: createReadStream(file), duplex: 'half' };
  const res = await fetch(`${url}/batches/${batchId}/records`, init as unknown as RequestInit);
  const answer = (await res.json()) as { received?: number; badLines?: number };
  if (res.status !== 200 || answer.received !== bench.records || answer.badLines !== 0) {
    throw new Error(`bench ${name} upload: ${res.status} ${JSON.stringify(answer).slice(0, 300)}`);
  }
}

async function newBatch(url: string, token: string, key: string): Promise<string> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      query: `mutation($key: String!) { createSectorBatch(idempotencyKey: $key, sector: HEALTH, period: "2016") { id } }`,
      variables: { key: `bench-files-${key.toLowerCase().replace(/[^a-z0-9]+/g, '-')}` },
    }),
  });
  const body = (await res.json()) as { data?: { createSectorBatch: { id: string } }; errors?: unknown };
  if (!body.data) throw new Error(`bench call failed: ${JSON.stringify(body.errors)}`);
  return body.data.createSectorBatch.id;
}

function figureLine(f: FilesFigure, baseline: FilesFigure): string {
  const perSecond = f.records / (f.ms / 1000);
  const beside = f === baseline ? 'baseline' : `${fmt(f.ms / baseline.ms, 2)}x the UTF-8 CSV's time`;
  return (
    `files upload ${f.name}: ${int(f.records)} records (${fmt(f.bytes / 2 ** 20)} MB) in ${fmt(f.ms / 1000)} s = ${int(perSecond)} records/s ` +
    `| ${beside} | peak RSS ${int(f.peakRssMb)} MB | event loop held ${int(f.maxLoopDelayMs)} ms at most`
  );
}

interface Person {
  idNumber: string;
  name: string;
  birthDate: string;
  insured: boolean;
}

/** Made-up people (intake checks ID numbers, not the registry), the same in every measure. */
function* people(records: number): Generator<Person> {
  for (let i = 0; i < records; i++) {
    const birthDate = `19${String(40 + (i % 60)).padStart(2, '0')}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
    const name = SURNAMES[i % SURNAMES.length] + GIVEN[(i >> 3) % GIVEN.length];
    yield { idNumber: buildIdNumber('520102', birthDate, i % 1000), name, birthDate, insured: i % 3 !== 0 };
  }
}

function* map<T, U>(items: Iterable<T>, f: (item: T) => U): Generator<U> {
  for (const item of items) yield f(item);
}

/** The people as CSV text, in slices of lines (one string a line would cost more than the upload). */
function* csvLines(records: number): Generator<string> {
  yield 'idNumber,name,birthDate,insured\r\n';
  let slice: string[] = [];
  for (const p of people(records)) {
    slice.push(`${p.idNumber},${p.name},${p.birthDate},${p.insured}\r\n`);
    if (slice.length === 10_000) {
      yield slice.join('');
      slice = [];
    }
  }
  if (slice.length) yield slice.join('');
}
