import pino from 'pino';
import { Worker } from 'bullmq';
import { type MikroORM, openOrm } from '../../src/db/orm';
import { createReconcileProcessor } from '../../src/modules/reconciliation/reconciliation.jobs';
import { QueueName } from '../../src/queues/queue-names';
import { createRedis } from '../../src/queues/redis.connection';
import { SUBMIT, plantRegistry } from '../support/reconcile-fixtures';
import { startTestHub, type TestHub } from '../support/test-hub';
import { waitFor } from '../support/wait-for';

const JOBS = `query { reconciliationJobs(first: 50) { edges { node { jobState attempts failureReason batch { id status } } } } }`;

type JobNode = { jobState: string; attempts: number; failureReason: string | null; batch: { id: string; status: string } };

/** The worker's statement timeout in this test: short, so a planted slow statement hits it for real. */
const STATEMENT_TIMEOUT_MS = 1_000;
/** BullMQ's delay before the retry: the window in which the failed attempt must already be shown. */
const BACKOFF_MS = 6_000;

describe('a reconciliation attempt that hits the statement timeout', () => {
  let hub: TestHub;
  let workerOrm: MikroORM;
  const sql = (q: string) => hub.db.orm.em.getConnection().execute(q);

  beforeAll(async () => {
    hub = await startTestHub({ jobAttempts: 2, jobBackoffMs: BACKOFF_MS });
    workerOrm = await openOrm({ databaseUrl: hub.db.url, dbPoolMax: 4, statementTimeoutMs: STATEMENT_TIMEOUT_MS, sqlDebug: false });
  });
  afterAll(async () => {
    await workerOrm.close(true);
    await hub.close();
  });

  it('says so in reconciliationJobs (attempt, SQLSTATE 57014) before BullMQ retries it, and the retry completes', async () => {
    const reg = await plantRegistry(hub);
    const m = reg.h1.members[0] as { idNumber: string; name: string };
    const connection = createRedis(hub.redisUrl, 'worker');
    const processor = createReconcileProcessor(workerOrm, pino({ level: 'silent' }), { chunkSize: 10, stopping: () => false });
    const worker = new Worker(QueueName.RECONCILIATION, processor, { connection, prefix: hub.queuePrefix, concurrency: 1 });
    try {
      // The first exact range to be marked done sleeps past the timeout: PostgreSQL itself cancels the statement.
      // A sequence counts the calls, as it does not roll back with the cancelled transaction.
      await sql(`create sequence planted_slow`);
      await sql(`create function sleep_once() returns trigger language plpgsql as $$ begin
        if nextval('planted_slow') = 1 then perform pg_sleep(5); end if;
        return new; end $$`);
      await sql(`create trigger sleep_once before update on batch_exact_chunks for each row execute function sleep_once()`);
      const res = await hub.gql<{ submitSectorBatch: { id: string } }>('MOE', SUBMIT, {
        key: 'times-out-once',
        sector: 'EDUCATION',
        period: '2020',
        records: [{ idNumber: m.idNumber, name: m.name }],
      });
      const id = res.body.data!.submitSectorBatch.id;
      const jobs = async () => (await hub.gql<{ reconciliationJobs: { edges: Array<{ node: JobNode }> } }>('LGOP', JOBS)).body.data!.reconciliationJobs.edges;
      const pending = await waitFor(
        'the timed-out attempt to show',
        async () => (await jobs()).find((e) => e.node.batch.id === id && e.node.failureReason)?.node,
      );
      expect(pending.failureReason).toBe('attempt 1 failed: database error 57014: canceling statement due to statement timeout; retrying');
      expect(pending.batch.status).toBe('RUNNING');
      // Shown while BullMQ still holds the retry back, not only once a later attempt has run.
      expect(pending.jobState).toBe('delayed');
      // The timed-out transaction rolled back: its range is matched once, by the retry.
      // The batch row completes inside the job and BullMQ marks the job completed just after (a read may fall between): wait for both.
      const done = await waitFor(
        'the retry to complete the batch and its job',
        async () => (await jobs()).find((e) => e.node.batch.id === id && e.node.batch.status === 'COMPLETED' && e.node.jobState === 'completed')?.node,
        BACKOFF_MS * 5,
      );
      expect(done).toMatchObject({ failureReason: null, attempts: 2, batch: { status: 'COMPLETED' } });
      const [{ n }] = (await hub.db.orm.em
        .getConnection()
        .execute<Array<{ n: number }>>(`select count(*)::int as n from batch_records where batch_id = ?::uuid`, [id])) as Array<{ n: number }>;
      expect(n).toBe(1);
    } finally {
      await sql(`drop trigger if exists sleep_once on batch_exact_chunks`);
      await worker.close();
      connection.disconnect();
    }
  });
});
