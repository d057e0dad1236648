import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { type IncomingHttpHeaders, request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { plantRegistry } from '../support/reconcile-fixtures';
import { startTestHub, type TestHub } from '../support/test-hub';
import { waitFor } from '../support/wait-for';

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: { received?: number; totalRecords?: number; errors?: Array<{ message: string; extensions: Record<string, unknown> }> };
}

/** An upload sent by hand, a line at a time, like a client on a slow link. */
interface OpenUpload {
  send(text: string): void;
  finish(text?: string): Promise<Answer>;
  /** Settles when the hub answers, whenever that is. */
  answer: Promise<Answer>;
  settled(): boolean;
}

const MINISTRY_SECTORS: Record<string, string> = { MOE: 'EDUCATION', MCA: 'MINIMUM_LIVING', NHFPC: 'HEALTH' };
const READ = '{ households(first: 5) { edges { node { registryNo members { name } } } } }';

async function newBatch(hub: TestHub, tenantCode: string): Promise<string> {
  const [row] = await hub.db.orm.em
    .getConnection()
    .execute<Array<{ id: string }>>(`insert into sector_batches (tenant_code, sector, period, status) values (?, ?, '2016', 'RECEIVING') returning id`, [
      tenantCode,
      MINISTRY_SECTORS[tenantCode],
    ]);
  return row.id;
}

const line = (i: number, pad = 0) => `${JSON.stringify({ idNumber: `ID${i}`, name: `名${i}`, ...(pad ? { attributes: { pad: 'x'.repeat(pad) } } : {}) })}\n`;

async function openUpload(hub: TestHub, tenantCode: string, batchId: string): Promise<OpenUpload> {
  const { hostname, port } = new URL(hub.url);
  const req = request({
    host: hostname,
    port,
    method: 'PUT',
    path: `/batches/${batchId}/records`,
    headers: { authorization: `Bearer ${await hub.token(tenantCode)}`, 'content-type': 'application/x-ndjson' },
  });
  let done = false;
  const answer = new Promise<Answer>((resolve, reject) => {
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        done = true;
        // The hub may stop reading a refused body; what is still being sent does not matter then.
        req.destroy();
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(text) as Answer['body'] });
      });
    });
    req.on('error', (err) => (done ? undefined : reject(err)));
  });
  req.flushHeaders();
  return {
    send: (text) => void req.write(text),
    finish: (text) => {
      req.end(text);
      return answer;
    },
    answer,
    settled: () => done,
  };
}

async function stored(hub: TestHub, batchId: string): Promise<{ rows: number; total: number }> {
  const [row] = await hub.db.orm.em
    .getConnection()
    .execute<Array<{ rows: number; total: number }>>(
      `select (select count(*)::int from sector_records where batch_id = b.id) as rows, b.total_records as total from sector_batches b where b.id = ?`,
      [batchId],
    );
  return row;
}

/** Backends of the API's role running a COPY: what a receiving upload held before spooling. */
async function copyingConnections(hub: TestHub): Promise<number> {
  const [row] = await hub.db.orm.em
    .getConnection()
    .execute<Array<{ n: number }>>(
      `select count(*)::int as n from pg_stat_activity where datname = current_database() and usename = 'hub_api' and query ilike 'copy%' and state <> 'idle'`,
    );
  return row.n;
}

/** Spool files holding at least one full line, i.e. uploads the hub took and is receiving. */
async function spooling(dir: string): Promise<number> {
  let n = 0;
  for (const name of await readdir(dir, { recursive: true })) {
    const text = await readFile(path.join(dir, name), 'utf8').catch(() => '');
    if (text.includes('\n')) n++;
  }
  return n;
}

describe('slow uploads and the reads of other tenants', () => {
  let hub: TestHub;
  let spoolDir: string;
  const open: OpenUpload[] = [];
  const batches: string[] = [];

  beforeAll(async () => {
    spoolDir = await mkdtemp(path.join(tmpdir(), 'hub-upload-test-'));
    // A pool of 3 and four uploads that take minutes: before spooling, each one held a connection for as long as it was open.
    hub = await startTestHub({ dbPoolMax: 3, uploads: { maxConcurrent: 4, maxPerTenant: 2, copyConnections: 1, minBytesPerSecond: 0, spoolDir } });
    await plantRegistry(hub);
  });
  afterAll(async () => {
    for (const u of open) if (!u.settled()) await u.finish().catch(() => undefined);
    await hub.close();
    await rm(spoolDir, { recursive: true, force: true });
  });

  it('answers a province’s reads while more uploads than the pool has connections are open', async () => {
    for (const tenant of ['MOE', 'MOE', 'MCA', 'MCA']) {
      const id = await newBatch(hub, tenant);
      const upload = await openUpload(hub, tenant, id);
      upload.send(line(1));
      open.push(upload);
      batches.push(id);
    }
    await waitFor('the four uploads at the hub', async () => hub.activeRequests() === 4);
    for (let i = 0; i < 10; i++) {
      const read = await hub.gql('P52', READ);
      expect(read.status).toBe(200);
      expect((read.body.data as { households: { edges: unknown[] } }).households.edges).toHaveLength(3);
    }
    await waitFor('each upload’s first line spooled', async () => (await spooling(spoolDir)) === 4);
    expect(await copyingConnections(hub)).toBe(0);
    expect(open.map((u) => u.settled())).toEqual([false, false, false, false]);
  });

  it('refuses an upload over the tenant’s or the hub’s limit at once, with a retry hint, while the others stay open', async () => {
    const third = await openUpload(hub, 'MOE', await newBatch(hub, 'MOE'));
    const other = await openUpload(hub, 'NHFPC', await newBatch(hub, 'NHFPC'));
    third.send(line(1));
    other.send(line(1));
    for (const refused of [await third.answer, await other.answer]) {
      expect(refused.status).toBe(429);
      expect(refused.body.errors?.[0].extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    }
    expect(open.map((u) => u.settled())).toEqual([false, false, false, false]);
  });

  it('stores each open upload whole once its client finishes it, and leaves no spool file behind', async () => {
    const answers = await Promise.all(open.map((u) => u.finish(line(2))));
    expect(answers.map((a) => [a.status, a.body.received, a.body.totalRecords])).toEqual(open.map(() => [200, 2, 2]));
    for (const id of batches) expect(await stored(hub, id)).toEqual({ rows: 2, total: 2 });
    await waitFor('the spool emptied', async () => (await readdir(spoolDir, { recursive: true })).length === 0);
  });
});

describe('a minimum transfer rate and a deadline', () => {
  let hub: TestHub;
  let spoolDir: string;

  beforeAll(async () => {
    spoolDir = await mkdtemp(path.join(tmpdir(), 'hub-upload-test-'));
    hub = await startTestHub({ uploads: { minBytesPerSecond: 1024, rateWindowMs: 500, deadlineMs: 3000, spoolDir } });
  });
  afterAll(async () => {
    await hub.close();
    await rm(spoolDir, { recursive: true, force: true });
  });

  it('aborts an upload that sends below the minimum rate, keeps none of it and closes the connection', async () => {
    const id = await newBatch(hub, 'MOE');
    const upload = await openUpload(hub, 'MOE', id);
    upload.send(line(1) + line(2));
    const answer = await upload.answer;
    expect(answer.status).toBe(408);
    expect(answer.headers.connection).toBe('close');
    expect(answer.body.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/below the minimum of 1024 bytes\/s.*nothing of this upload was kept/),
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect(await stored(hub, id)).toEqual({ rows: 0, total: 0 });
    await waitFor('the spool emptied', async () => (await readdir(spoolDir)).length === 0);
  });

  it('aborts an upload still sending, fast enough, at the deadline, and keeps none of it', async () => {
    const id = await newBatch(hub, 'MOE');
    const upload = await openUpload(hub, 'MOE', id);
    // About 20 KB/s, twenty times the minimum, for ever: only the deadline ends it.
    let i = 0;
    const sender = setInterval(() => upload.send(line(++i, 2000)), 100);
    try {
      const answer = await upload.answer;
      expect(answer.status).toBe(408);
      expect(answer.body.errors?.[0]).toMatchObject({
        message: expect.stringMatching(/longer than 3 s.*nothing of this upload was kept/),
        extensions: { code: 'BAD_USER_INPUT' },
      });
    } finally {
      clearInterval(sender);
    }
    expect(i).toBeGreaterThan(1);
    expect(await stored(hub, id)).toEqual({ rows: 0, total: 0 });
    await waitFor('the spool emptied', async () => (await readdir(spoolDir)).length === 0);
  });
});
