import pino from 'pino';
import { Worker } from 'bullmq';
import { Client } from 'pg';
import { createReconcileProcessor } from '../../src/modules/reconciliation/reconciliation.jobs';
import { ReconciliationRunner } from '../../src/modules/reconciliation/reconciliation.runner';
import { QueueName } from '../../src/queues/queue-names';
import { createRedis } from '../../src/queues/redis.connection';
import { BATCH, SUBMIT, plantRegistry, recordsOf } from '../support/reconcile-fixtures';
import { startTestHub, type TestHub } from '../support/test-hub';
import { waitFor } from '../support/wait-for';

const CREATE = `mutation($k: String!, $sector: Sector!) { createSectorBatch(idempotencyKey: $k, sector: $sector, period: "2020") { id status } }`;
const SEAL = `mutation($id: ID!) { sealSectorBatch(id: $id) { id status totalRecords } }`;
const JOBS = `query($state: BatchStatus) { reconciliationJobs(state: $state, first: 50) { edges { node { jobState progress attempts failureReason batch { id status } } } } }`;
const RETRY = `mutation($id: ID!) { retryBatch(id: $id) { id status } }`;
const CANCEL = `mutation($id: ID!) { cancelBatch(id: $id) { id status } }`;

type JobNode = { jobState: string; progress: number; attempts: number; failureReason: string | null; batch: { id: string; status: string } };

describe('sector batch intake, idempotency and administration', () => {
  let hub: TestHub;
  let reg: Awaited<ReturnType<typeof plantRegistry>>;
  const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => hub.db.orm.em.getConnection().execute<T[]>(q, p);

  beforeAll(async () => {
    hub = await startTestHub({ jobAttempts: 2, jobBackoffMs: 50 });
    reg = await plantRegistry(hub);
  });
  afterAll(() => hub.close());

  const member = (i: number) => reg.h1.members[i] as { idNumber: string; name: string };
  const jobs = async (state?: string) => {
    const res = await hub.gql<{ reconciliationJobs: { edges: Array<{ node: JobNode }> } }>('LGOP', JOBS, { state });
    if (!res.body.data) throw new Error(JSON.stringify(res.body.errors));
    return res.body.data.reconciliationJobs.edges.map((e) => e.node);
  };
  const put = async (id: string, body: string, type: string, as = 'MOE') =>
    fetch(`${hub.url}/batches/${id}/records`, { method: 'PUT', headers: { 'content-type': type, authorization: `Bearer ${await hub.token(as)}` }, body });
  // Jobs other tests left queued or delayed run first on a new worker: a planted fault touches only its own batch.
  const plantFor = async (batchId: string, createFunction: string) => {
    await sql(`create table if not exists planted_target (batch_id uuid not null)`);
    await sql(`truncate planted_target`);
    await sql(`insert into planted_target values (?::uuid)`, [batchId]);
    await sql(createFunction);
  };
  const startWorker = () => {
    const connection = createRedis(hub.redisUrl, 'worker');
    const processor = createReconcileProcessor(hub.db.orm, pino({ level: 'silent' }), { chunkSize: 10, stopping: () => false });
    return { connection, worker: new Worker(QueueName.RECONCILIATION, processor, { connection, prefix: hub.queuePrefix, concurrency: 1 }) };
  };
  const submit = async (key: string, records: unknown[], as = 'MOE') =>
    hub.gql<{ submitSectorBatch: { id: string } }>(as, SUBMIT, { key, sector: 'EDUCATION', period: '2020', records });

  it('takes a CSV upload through the hub, keeps a bad line as an INVALID record and reconciles the rest', async () => {
    const created = await hub.gql<{ createSectorBatch: { id: string; status: string } }>('MOE', CREATE, { k: 'csv-1', sector: 'EDUCATION' });
    const id = created.body.data!.createSectorBatch.id;
    expect(created.body.data!.createSectorBatch.status).toBe('RECEIVING');
    const csv = [
      'idNumber,name,enrolled,school,grade',
      `${member(2).idNumber},${member(2).name},true,"Village school, No. 1",3`,
      `${member(0).idNumber},${member(0).name},false,,`,
      `${member(1).idNumber},${member(1).name},false`,
    ].join('\n');
    const upload = await put(id, csv, 'text/csv');
    expect(upload.status).toBe(200);
    expect(await upload.json()).toMatchObject({ batchId: id, received: 3, badLines: 1, totalRecords: 3 });
    expect((await put(id, csv, 'text/csv', 'MCA')).status).toBe(404);

    const sealed = await hub.gql<{ sealSectorBatch: { status: string; totalRecords: number } }>('MOE', SEAL, { id });
    expect(sealed.body.data?.sealSectorBatch).toEqual({ id, status: 'QUEUED', totalRecords: 3 });
    expect((await put(id, csv, 'text/csv')).status).toBe(409);
    await new ReconciliationRunner(hub.db.orm, pino({ level: 'silent' })).run(id, { chunkSize: 2 });

    const rows = await recordsOf(hub, 'MOE', id);
    expect(rows.map((r) => [r.rowNo, r.outcome])).toEqual([
      [1, 'MATCHED'],
      [2, 'MATCHED'],
      [3, 'INVALID'],
    ]);
    expect(rows[2].reason).toMatch(/3 columns where the header has 5/);
    const batch = await hub.gql<{ sectorBatch: Record<string, unknown> }>('MOE', BATCH, { id });
    expect(batch.body.data?.sectorBatch).toMatchObject({ status: 'COMPLETED', processedRecords: 3, matched: 2, invalid: 1 });
  });

  it('answers a repeated submission with the first batch and refuses the key with other records', async () => {
    const records = [{ idNumber: member(2).idNumber, name: member(2).name, attributes: { enrolled: true } }];
    const first = await submit('same-key', records);
    const again = await submit('same-key', records);
    expect(again.body.data?.submitSectorBatch.id).toBe(first.body.data?.submitSectorBatch.id);
    const [{ n }] = await sql<{ n: number }>(`select count(*)::int as n from sector_batches where tenant_code = 'MOE' and id = ?::uuid`, [
      first.body.data!.submitSectorBatch.id,
    ]);
    expect(n).toBe(1);
    const reused = await submit('same-key', [{ ...records[0], attributes: { enrolled: false } }]);
    expect(reused.body.errors?.[0].extensions?.code).toBe('IDEMPOTENCY_KEY_REUSED');
    // Keys are per tenant: another ministry may use the same one.
    const other = await hub.gql('MCA', SUBMIT, { key: 'same-key', sector: 'MINIMUM_LIVING', period: '2020', records });
    expect(other.body.errors).toBeUndefined();
  });

  it('queues each sealed batch once under its own id, and lets LGOP see, cancel and retry it', async () => {
    const res = await submit('to-cancel', [{ idNumber: member(0).idNumber, name: member(0).name }]);
    const id = res.body.data!.submitSectorBatch.id;
    const job = await waitFor('the relay to queue the batch', async () => hub.reconciliation.getJob(id));
    expect(job.data).toEqual({ batchId: id });
    const listed = (await jobs('QUEUED')).find((j) => j.batch.id === id);
    expect(listed).toMatchObject({ jobState: 'waiting', progress: 0, failureReason: null });

    expect((await hub.gql('MOE', JOBS, {})).body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await hub.gql('MOE', CANCEL, { id })).body.errors?.[0].extensions?.code).toBe('FORBIDDEN');

    const cancelled = await hub.gql<{ cancelBatch: { status: string } }>('LGOP', CANCEL, { id });
    expect(cancelled.body.data?.cancelBatch.status).toBe('CANCELLED');
    expect(await hub.reconciliation.getJob(id)).toBeUndefined();
    expect((await hub.gql('LGOP', CANCEL, { id })).body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');

    const retried = await hub.gql<{ retryBatch: { status: string } }>('LGOP', RETRY, { id });
    expect(retried.body.data?.retryBatch.status).toBe('QUEUED');
    await waitFor('the retried batch to be queued again', async () => hub.reconciliation.getJob(id));
    expect((await hub.gql('LGOP', RETRY, { id: '00000000-0000-0000-0000-000000000000' })).body.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('fails a batch that cannot be processed with its reason after the last attempt, and a retry then completes it', async () => {
    const res = await submit('will-fail', [{ idNumber: member(1).idNumber, name: member(1).name }]);
    const id = res.body.data!.submitSectorBatch.id;
    await plantFor(
      id,
      `create function refuse_records() returns trigger language plpgsql as $$ begin
      if new.batch_id <> (select batch_id from planted_target) then return new; end if;
      raise exception 'disk quota exceeded (planted by the test)'; end $$`,
    );
    await sql(`create trigger refuse_records before update on batch_exact_chunks for each row execute function refuse_records()`);
    const { connection, worker } = startWorker();
    try {
      const failed = await waitFor('the batch to fail', async () => (await jobs('FAILED')).find((j) => j.batch.id === id));
      expect(failed.failureReason).toBe('reconciliation failed: database error P0001: disk quota exceeded (planted by the test)');
      expect(failed.jobState).toBe('failed');
      const [{ attempts_made }] = await waitFor('the job to record its attempts', async () => {
        const j = await hub.reconciliation.getJob(id);
        return j && [{ attempts_made: j.attemptsMade }];
      });
      expect(attempts_made).toBe(2);

      await sql(`drop trigger refuse_records on batch_exact_chunks`);
      await hub.gql('LGOP', RETRY, { id });
      // The batch row completes inside the job; BullMQ marks the job completed just after, so wait for both.
      const done = await waitFor(
        'the retried batch and its job to complete',
        async () => (await jobs('COMPLETED')).find((j) => j.batch.id === id && j.jobState === 'completed'),
        20_000,
      );
      expect(done).toMatchObject({ progress: 1, failureReason: null, jobState: 'completed' });
    } finally {
      await worker.close();
      connection.disconnect();
    }
  });

  it('shows why an attempt failed while its retry is pending, and clears the reason when a later attempt completes', async () => {
    // The test holds this lock: the second attempt waits in the planted trigger until the reason has been seen.
    const holder = new Client({ connectionString: hub.db.url });
    await holder.connect();
    await holder.query('select pg_advisory_lock(4242)');
    const res = await submit('fails-once', [{ idNumber: member(1).idNumber, name: member(1).name }]);
    const id = res.body.data!.submitSectorBatch.id;
    await sql(`create sequence planted_attempts`);
    await plantFor(
      id,
      `create function refuse_once() returns trigger language plpgsql as $$ begin
      if new.batch_id <> (select batch_id from planted_target) then return new; end if;
      if nextval('planted_attempts') = 1 then raise exception 'canceling statement due to statement timeout (planted by the test)'; end if;
      perform pg_advisory_xact_lock(4242);
      return new; end $$`,
    );
    await sql(`create trigger refuse_once before update on batch_exact_chunks for each row execute function refuse_once()`);
    const { connection, worker } = startWorker();
    try {
      const pending = await waitFor('the failed attempt to show', async () => (await jobs()).find((j) => j.batch.id === id && j.failureReason));
      expect(pending.failureReason).toBe(
        'attempt 1 failed: database error P0001: canceling statement due to statement timeout (planted by the test); retrying',
      );
      expect(pending.batch.status).toBe('RUNNING');
      await holder.query('select pg_advisory_unlock(4242)');
      const done = await waitFor('the second attempt to complete', async () =>
        (await jobs('COMPLETED')).find((j) => j.batch.id === id && j.jobState === 'completed'),
      );
      expect(done).toMatchObject({ failureReason: null, attempts: 2 });
    } finally {
      // The lock goes first: a second attempt waiting in the trigger would otherwise hold up the drop.
      await holder.end();
      await sql(`drop trigger if exists refuse_once on batch_exact_chunks`);
      await worker.close();
      connection.disconnect();
    }
  });

  it("pages a ministry's own batches newest first, batches created within one millisecond included", async () => {
    const create = async (who: string, sector: string, k: string) =>
      (await hub.gql<{ createSectorBatch: { id: string } }>(who, CREATE, { k, sector })).body.data!.createSectorBatch.id;
    const mine = [
      await create('MPS', 'CIVIL_REGISTRATION', 'ms-1'),
      await create('MPS', 'CIVIL_REGISTRATION', 'ms-2'),
      await create('MPS', 'CIVIL_REGISTRATION', 'ms-3'),
    ];
    const theirs = await create('MCA', 'MINIMUM_LIVING', 'ms-4');
    // Microseconds apart: a cursor that kept milliseconds only would skip the batches after the first.
    await sql(
      `update sector_batches b set created_at = '2026-01-01 00:00:00.000100+00'::timestamptz + (o.n * interval '1 microsecond')
       from jsonb_array_elements_text(?::jsonb) with ordinality as o(id, n) where b.id = o.id::uuid`,
      [JSON.stringify(mine)],
    );
    const expected = [...mine].reverse();
    for (const [who, filter] of [
      ['MPS', null],
      ['LGOP', { tenantCode: 'MPS' }],
    ] as const) {
      const seen: string[] = [];
      let after: string | null = null;
      do {
        const res: {
          body: { data?: { sectorBatches: { edges: Array<{ node: { id: string } }>; pageInfo: { endCursor: string | null; hasNextPage: boolean } } } };
        } = await hub.gql(
          who,
          `query($after: String, $filter: SectorBatchFilter) { sectorBatches(first: 1, after: $after, filter: $filter) { edges { node { id } } pageInfo { endCursor hasNextPage } } }`,
          { after, filter },
        );
        const page = res.body.data!.sectorBatches;
        seen.push(...page.edges.map((e) => e.node.id));
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      } while (after);
      expect(seen).toEqual(expected);
    }
    expect((await hub.gql<{ sectorBatch: unknown }>('MPS', `{ sectorBatch(id: "${theirs}") { id } }`)).body.data?.sectorBatch).toBeNull();
    // Cursors this API did not give, one of them a day that does not exist: BAD_USER_INPUT, never a database error.
    const cursorOf = (text: string) => Buffer.from(text).toString('base64url');
    for (const after of ['garbage', cursorOf(`b:2026-02-30T00:00:00.000100Z|${mine[0]}`), cursorOf('b:2026-01-01T00:00:00Z|not-a-uuid')]) {
      const res = await hub.gql('MPS', `query($after: String) { sectorBatches(after: $after) { edges { cursor } } }`, { after });
      expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'after' }] });
    }
  });

  it('opens the queue dashboard to LGOP only', async () => {
    const get = async (auth?: string, path = '/admin/queues') =>
      fetch(`${hub.url}${path}`, { headers: auth ? { authorization: `Bearer ${auth}` } : {}, redirect: 'manual' });
    expect((await get()).status).toBe(401);
    expect((await get('not-a-token')).status).toBe(401);
    expect((await get(await hub.token('P52'))).status).toBe(403);
    expect((await get(await hub.token('MOE'))).status).toBe(403);
    const ok = await get(await hub.token('LGOP'));
    expect(ok.status).toBe(200);
    expect(await ok.text()).toMatch(/<html/i);
    const login = await get(undefined, `/admin/queues?token=${await hub.token('LGOP')}`);
    expect(login.status).toBe(302);
    expect(login.headers.get('set-cookie')).toMatch(/hub_admin_token=.*HttpOnly/i);
  });
});
