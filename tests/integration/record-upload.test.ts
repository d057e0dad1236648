import 'reflect-metadata';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import express from 'express';
import { Client } from 'pg';
import { authMiddleware } from '../../src/auth/auth.middleware';
import { TokenService } from '../../src/auth/token.service';
import { requestIdMiddleware } from '../../src/http/request-id.middleware';
import { RecordUploadError, RecordUploadFailure } from '../../src/modules/sector-batches/record-upload.errors';
import { recordUploadRouter } from '../../src/modules/sector-batches/record-upload.route';
import { appendRecords } from '../../src/modules/sector-batches/record-upload.service';
import { TenantService } from '../../src/modules/tenants/tenant.service';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { waitFor } from '../support/wait-for';

interface Answer {
  status: number;
  body: { batchId?: string; received?: number; badLines?: number; totalRecords?: number; errors?: Array<{ message: string; extensions: { code: string } }> };
}

interface StoredRow {
  row_no: number;
  id_number: string | null;
  name: string | null;
  birth_date: string | null;
  region_code: string | null;
  attributes: Record<string, unknown> | null;
  parse_error: string | null;
}

let db: TestDatabase;
let spoolDir: string;
let server: Server;
let url: string;
const tokens = new TokenService({ tokenSecret: 'record-upload-test-secret-of-32+-characters', tokenTtlSeconds: 600 });

beforeAll(async () => {
  db = await createTestDatabase();
  spoolDir = await mkdtemp(path.join(tmpdir(), 'hub-record-upload-'));
  ({ server, url } = await serve({ spoolDir }));
});

afterAll(async () => {
  await close(server);
  await db.drop();
  await rm(spoolDir, { recursive: true, force: true });
});

async function serve(limits: Parameters<typeof recordUploadRouter>[0]['limits']): Promise<{ server: Server; url: string }> {
  const app = express();
  app.use(requestIdMiddleware);
  app.use(recordUploadRouter({ orm: db.orm, authenticate: authMiddleware(tokens, new TenantService(db.orm)), limits }));
  const listening = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => listening.once('listening', resolve));
  return { server: listening, url: `http://127.0.0.1:${(listening.address() as AddressInfo).port}` };
}

async function close(s: Server): Promise<void> {
  s.closeAllConnections();
  await new Promise((resolve) => s.close(resolve));
}

async function newBatch(tenantCode = 'MOE', status = 'RECEIVING', sector = 'EDUCATION'): Promise<string> {
  const [row] = await db.orm.em
    .getConnection()
    .execute<Array<{ id: string }>>(`insert into sector_batches (tenant_code, sector, period, status) values (?, ?, '2016', ?) returning id`, [
      tenantCode,
      sector,
      status,
    ]);
  return row.id;
}

/** PUTs a body (a string, or a stream sent as it is produced) as `as` (null: no token). */
async function put(
  batchId: string,
  body: string | Readable,
  options: { type?: string; as?: string | null; signal?: AbortSignal; at?: string } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': options.type ?? 'application/x-ndjson' };
  const as = options.as === undefined ? 'MOE' : options.as;
  if (as) headers.authorization = `Bearer ${await tokens.sign(as)}`;
  // duplex 'half' is what lets fetch send a stream as a request body.
  const init = { method: 'PUT', headers, body, duplex: 'half', signal: options.signal } as unknown as RequestInit;
  const res = await fetch(`${options.at ?? url}/batches/${batchId}/records`, init);
  return { status: res.status, body: (await res.json()) as Answer['body'] };
}

function line(i: number, extra: Record<string, unknown> = {}): Buffer {
  return Buffer.from(`${JSON.stringify({ idNumber: `ID${i}`, name: `名${i}`, ...extra })}\n`);
}

/** NDJSON lines `from`..`to` as a stream produced while it is sent, never one big string. */
function ndjson(from: number, to: number): Readable {
  return Readable.from(
    (function* () {
      for (let i = from; i <= to; i++) yield line(i, { attributes: { grade: String(i % 9) } });
    })(),
  );
}

async function rows(batchId: string): Promise<StoredRow[]> {
  return db.orm.em
    .getConnection()
    .execute<StoredRow[]>(
      `select row_no, id_number, name, birth_date, region_code, attributes, parse_error from sector_records where batch_id = ? order by row_no`,
      [batchId],
    );
}

async function totalRecords(batchId: string): Promise<number> {
  const [row] = await db.orm.em.getConnection().execute<Array<{ total_records: number }>>('select total_records from sector_batches where id = ?', [batchId]);
  return row.total_records;
}

async function sql<T>(query: string): Promise<T> {
  const [row] = await db.orm.em.getConnection().execute<T[]>(query);
  return row;
}

describe('PUT /batches/{id}/records', () => {
  it('streams 5,000 NDJSON lines into rows 1..5000, each at its position', async () => {
    const id = await newBatch();
    const answer = await put(id, ndjson(1, 5000));
    expect(answer).toEqual({ status: 200, body: { batchId: id, received: 5000, badLines: 0, totalRecords: 5000 } });
    const stats = await sql<{ n: number; lo: number; hi: number; placed: number }>(
      `select count(*)::int as n, min(row_no) as lo, max(row_no) as hi, count(*) filter (where id_number = 'ID' || row_no and name = '名' || row_no)::int as placed
       from sector_records where batch_id = '${id}'`,
    );
    expect(stats).toEqual({ n: 5000, lo: 1, hi: 5000, placed: 5000 });
    expect(await totalRecords(id)).toBe(5000);
    expect((await rows(id))[4320]).toMatchObject({ row_no: 4321, attributes: { grade: String(4321 % 9) }, parse_error: null });
  });

  it('reads CSV with a header, attribute columns, a JSON attributes column and a quoted comma and line break', async () => {
    const id = await newBatch();
    const csv =
      '\ufeffidNumber,name,birthDate,regionCode,school,grade,attributes\r\n' +
      '110101200801010011,张三,2008-01-01,110101,"No. 1, Middle\nSchool",3,"{""enrolled"":true}"\r\n' +
      '110101200801010012,李四,,,Village school,,\r\n';
    const answer = await put(id, csv, { type: 'text/csv; charset=utf-8' });
    expect(answer).toEqual({ status: 200, body: { batchId: id, received: 2, badLines: 0, totalRecords: 2 } });
    expect(await rows(id)).toEqual([
      {
        row_no: 1,
        id_number: '110101200801010011',
        name: '张三',
        birth_date: '2008-01-01',
        region_code: '110101',
        attributes: { enrolled: true, school: 'No. 1, Middle\nSchool', grade: '3' },
        parse_error: null,
      },
      {
        row_no: 2,
        id_number: '110101200801010012',
        name: '李四',
        birth_date: null,
        region_code: null,
        attributes: { school: 'Village school' },
        parse_error: null,
      },
    ]);
  });

  it('stores an unreadable NDJSON line as a row with its parse error; the rows after it keep their positions', async () => {
    const id = await newBatch();
    const body = [line(1), line(2), '{"idNumber": "3", "name":\n', line(4), '\n', '[5]\n', line(7)].join('');
    const answer = await put(id, body, { type: 'application/jsonl' });
    expect(answer.body).toMatchObject({ received: 6, badLines: 2, totalRecords: 6 });
    expect((await rows(id)).map((r) => [r.row_no, r.id_number, r.parse_error])).toEqual([
      [1, 'ID1', null],
      [2, 'ID2', null],
      [3, null, 'line 3: not valid JSON'],
      [4, 'ID4', null],
      [5, null, 'line 6: not a JSON object but an array'],
      [6, 'ID7', null],
    ]);
  });

  it('stores a CSV record with the wrong column count as a row with its parse error', async () => {
    const id = await newBatch();
    const csv = 'idNumber,name,school\nA1,a,x\nA2,b,y\nA3,c\nA4,d,z\n';
    const answer = await put(id, csv, { type: 'text/csv' });
    expect(answer.body).toMatchObject({ received: 4, badLines: 1, totalRecords: 4 });
    expect((await rows(id)).map((r) => [r.row_no, r.id_number, r.parse_error])).toEqual([
      [1, 'A1', null],
      [2, 'A2', null],
      [3, null, 'line 4: 2 columns where the header has 3'],
      [4, 'A4', null],
    ]);
  });

  it('appends a second PUT after the first, whatever its format, and audits both', async () => {
    const id = await newBatch();
    expect((await put(id, ndjson(1, 3), { type: 'application/json-lines' })).body).toMatchObject({ received: 3, totalRecords: 3 });
    expect((await put(id, 'idNumber,name\nID4,名4\nID5,名5\n', { type: 'text/csv' })).body).toMatchObject({ received: 2, totalRecords: 5 });
    expect((await rows(id)).map((r) => [r.row_no, r.id_number])).toEqual([1, 2, 3, 4, 5].map((i) => [i, `ID${i}`]));
    const audited = await sql<{ n: number }>(
      `select count(*)::int as n from audit_log where operation = 'uploadBatchRecords' and tenant_code = 'MOE' and detail->>'batchId' = '${id}'`,
    );
    expect(audited.n).toBe(2);
  });

  it('frees the tenant’s upload slot before answering, so the next upload sent on the answer is taken', async () => {
    const one = await serve({ spoolDir, maxPerTenant: 1 });
    try {
      const id = await newBatch();
      const statuses: number[] = [];
      for (let i = 1; i <= 40; i++) statuses.push((await put(id, line(i).toString(), { at: one.url })).status);
      expect(statuses).toEqual(Array.from({ length: 40 }, () => 200));
      expect(await totalRecords(id)).toBe(40);
    } finally {
      await close(one.server);
    }
  });

  it('answers 404 for another ministry’s batch, an unknown id and a malformed id, alike', async () => {
    const theirs = await newBatch('MCA', 'RECEIVING', 'MINIMUM_LIVING');
    for (const id of [theirs, '3f1c2b8e-0000-4000-8000-000000000000', 'not-a-uuid']) {
      const answer = await put(id, line(1).toString());
      expect(answer).toEqual({ status: 404, body: { errors: [{ message: 'No such batch of yours', extensions: { code: 'NOT_FOUND' } }] } });
    }
    expect(await rows(theirs)).toEqual([]);
  });

  it('answers 409 for a sealed batch', async () => {
    const id = await newBatch('MOE', 'QUEUED');
    const answer = await put(id, line(1).toString());
    expect(answer.status).toBe(409);
    expect(answer.body.errors?.[0]).toMatchObject({ message: expect.stringContaining('sealed'), extensions: { code: 'BAD_USER_INPUT' } });
    expect(await rows(id)).toEqual([]);
  });

  it('answers 409 while another upload holds the batch', async () => {
    const id = await newBatch();
    const other = new Client({ connectionString: db.url });
    await other.connect();
    try {
      await other.query(`begin; select 1 from sector_batches where id = '${id}' for update`);
      const answer = await put(id, line(1).toString());
      expect(answer.status).toBe(409);
      expect(answer.body.errors?.[0]).toMatchObject({ message: expect.stringContaining('Another upload'), extensions: { code: 'BAD_USER_INPUT' } });
    } finally {
      await other.end();
    }
  });

  it('answers 415 for a body of another type, naming the accepted ones', async () => {
    const id = await newBatch();
    const answer = await put(id, '[]', { type: 'application/json' });
    expect(answer.status).toBe(415);
    expect(answer.body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(answer.body.errors?.[0].message).toContain('application/x-ndjson, application/jsonl, application/json-lines, text/csv');
  });

  it('answers 401 without a token', async () => {
    const id = await newBatch();
    const answer = await put(id, line(1).toString(), { as: null });
    expect(answer.status).toBe(401);
    expect(answer.body.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('answers 400 and keeps nothing when the CSV as a whole cannot be read', async () => {
    const id = await newBatch();
    const noHeader = await put(id, 'id,fullName\n1,a\n', { type: 'text/csv' });
    expect(noHeader.status).toBe(400);
    expect(noHeader.body.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/^line 1: the CSV header must name/),
      extensions: { code: 'BAD_USER_INPUT' },
    });
    const openQuote = await put(id, 'idNumber,name\nA1,a\nA2,"b\nA3,c\n', { type: 'text/csv' });
    expect(openQuote.status).toBe(400);
    expect(openQuote.body.errors?.[0].message).toMatch(/^line 3: a quoted field that is never closed/);
    expect(await totalRecords(id)).toBe(0);
    expect(await rows(id)).toEqual([]);
  });

  it('answers 400 and keeps nothing when an open quote swallows more than 64 KB', async () => {
    const id = await newBatch();
    const body = Readable.from(
      (function* () {
        yield Buffer.from('idNumber,name\nA1,a\nA2,"b\n');
        for (let i = 0; i < 200; i++) yield Buffer.from(`A${i},${'x'.repeat(16_000)}\n`);
      })(),
    );
    const answer = await put(id, body, { type: 'text/csv' });
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/^line 3: a record longer than 64 KB/),
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect(await totalRecords(id)).toBe(0);
  });

  it('keeps nothing of a PUT whose client goes away mid-body, and the batch takes the next one', async () => {
    const id = await newBatch();
    await put(id, ndjson(1, 3));
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const body = Readable.from(
      (async function* () {
        for (let i = 4; i <= 3000; i++) yield line(i);
        await held;
      })(),
    );
    const abort = new AbortController();
    const pending = put(id, body, { signal: abort.signal });
    // The hub has the body up to line 3000 in its spool: the upload is under way when the client leaves.
    const spooled = async () => Promise.all((await readdir(spoolDir)).map((f) => readFile(path.join(spoolDir, f), 'utf8').catch(() => '')));
    await waitFor('the body up to line 3000 in the spool', async () => (await spooled()).some((text) => text.includes('"ID3000"')), 20_000);
    abort.abort();
    await expect(pending).rejects.toThrow();
    release();
    const openTransactions = `select count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and xact_start is not null`;
    await waitFor('the aborted upload to end its transaction', async () => (await sql<{ n: number }>(openTransactions)).n === 0, 20_000);
    expect(await totalRecords(id)).toBe(3);
    expect((await rows(id)).map((r) => r.row_no)).toEqual([1, 2, 3]);
    await waitFor('the spool to be emptied', async () => (await readdir(spoolDir)).length === 0, 20_000);
    expect((await put(id, ndjson(4, 5))).body).toMatchObject({ received: 2, totalRecords: 5 });
  });
});

describe('appendRecords', () => {
  it('refuses a batch that is no longer RECEIVING with a typed error', async () => {
    const id = await newBatch('MOE', 'COMPLETED');
    const err = await appendRecords(db.orm, id, 'ndjson', Readable.from([line(1)])).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RecordUploadError);
    expect((err as RecordUploadError).failure).toBe(RecordUploadFailure.SEALED);
  });
});
