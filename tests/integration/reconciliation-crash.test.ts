import path from 'node:path';
import pino from 'pino';
import { startEmbeddedRedis, type RunningRedis } from '../../src/embedded/embedded-redis.server';
import { planExactChunks } from '../../src/modules/reconciliation/exact-pass.repository';
import { ReconciliationRunner } from '../../src/modules/reconciliation/reconciliation.runner';
import { createRedis } from '../../src/queues/redis.connection';
import { filledBatch } from '../support/big-batch';
import { insertHouseholds, makeHouseholds } from '../support/registry-fixtures';
import { startTestHub, type TestHub } from '../support/test-hub';
import { waitFor } from '../support/wait-for';
import { startWorkerProcess, type WorkerProcess } from '../support/worker-process';

const RECORDS = 12_000;

/**
 * The real worker process killed, flushed and stopped mid-batch; each run must
 * end exactly like an uninterrupted one. This file has a redis-server of its
 * own, so its FLUSHALL touches no other test.
 */
describe('reconciliation is crash-safe', () => {
  let redis: RunningRedis;
  let hub: TestHub;
  let members: string[];
  let reference: Snapshot;
  const workers: WorkerProcess[] = [];
  const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => hub.db.orm.em.getConnection().execute<T[]>(q, p);

  beforeAll(async () => {
    const port = 63900 + (process.pid % 50);
    redis = await startEmbeddedRedis({ dir: path.resolve(__dirname, `../../.data/test/redis-crash-${port}`), port, log: pino({ level: 'silent' }) });
    hub = await startTestHub({ redisUrl: redis.url });
    const households = makeHouseholds('52', 60);
    await insertHouseholds(hub.db.orm, households);
    members = households.flatMap((h) => h.members.map((m) => m.idNumber));
    const id = await newBatch();
    await sql(`update sector_batches set status = 'QUEUED' where id = ?::uuid`, [id]);
    await new ReconciliationRunner(hub.db.orm, pino({ level: 'silent' })).run(id, { chunkSize: 200 });
    reference = await snapshot(id);
    expect(reference.counts).toMatchObject({ status: 'COMPLETED', processed_records: RECORDS });
    // The completed batch refreshed the planner's statistics of the matches it added (never analyzed: -1).
    const [stats] = await sql<{ reltuples: number; rows: number }>(
      `select reltuples::int as reltuples, (select count(*)::int from batch_matches) as rows from pg_class where relname = 'batch_matches'`,
    );
    expect(stats.rows).toBeGreaterThan(0);
    expect(stats.reltuples).toBe(stats.rows);
    // Its outcome rows are a partition of their own, with the key (built after the pass) and the index of
    // the rarer outcomes (built at completion), and autovacuum (off while the pass filled it) back on.
    const [partition] = await sql<{ bound: string; indexes: string[]; rows: number; options: string[] | null }>(
      `select pg_get_expr(c.relpartbound, c.oid) as bound, c.reloptions as options,
         (select array_agg(x.relname::text order by x.relname) from pg_index i join pg_class x on x.oid = i.indexrelid where i.indrelid = c.oid) as indexes,
         (select count(*)::int from batch_records where batch_id = ?::uuid) as rows
       from pg_class c where c.relname = 'batch_records_' || replace(?, '-', '') and c.relispartition`,
      [id, id],
    );
    const table = `batch_records_${id.replace(/-/g, '')}`;
    expect(partition).toEqual({ bound: `FOR VALUES IN ('${id}')`, indexes: [`${table}_outcome_idx`, `${table}_pkey`], options: null, rows: RECORDS });
  });
  // Each test's workers end with it, so the next test's first worker is the only one on the queue.
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.kill('SIGKILL')));
  });
  afterAll(async () => {
    await hub.close();
    await redis.stop();
  });

  const newBatch = () => filledBatch(hub, members, RECORDS);
  const worker = () => {
    const w = startWorkerProcess({ databaseUrl: hub.db.url, redisUrl: hub.redisUrl, queuePrefix: hub.queuePrefix });
    workers.push(w);
    return w;
  };
  const seal = (id: string) => hub.gql('MCA', `mutation($id: ID!) { sealSectorBatch(id: $id) { status } }`, { id });
  const progress = async (id: string) =>
    (await sql<{ processed_records: number; status: string }>(`select processed_records, status from sector_batches where id = ?::uuid`, [id]))[0];
  const midway = (id: string) =>
    waitFor('the batch to be part-way', async () => {
      const p = await progress(id);
      return p.processed_records >= 1000 && p;
    });
  const completed = (id: string) => waitFor('the batch to complete', async () => (await progress(id)).status === 'COMPLETED', 90_000);

  it('ends a batch whose worker was SIGKILLed mid-run exactly like a clean run', async () => {
    const id = await newBatch();
    const first = worker();
    await seal(id);
    await midway(id);
    await first.kill('SIGKILL');
    expect((await progress(id)).processed_records).toBeLessThan(RECORDS);
    worker();
    await completed(id);
    expect(await snapshot(id)).toEqual(reference);
  });

  it('ends a batch whose worker was SIGKILLed in the middle of the exact-match pass like a clean run', async () => {
    const id = await newBatch();
    await planExactChunks(hub.db.orm.em.fork(), id, RECORDS, 200);
    // The plan: ID ranges that hold every record exactly once, each of about the chunk size.
    const sizes = await sql<{ n: number }>(
      `select count(s.row_no)::int as n from batch_exact_chunks c
       left join sector_records s on s.batch_id = c.batch_id and (c.lower_id is null or s.id_norm > c.lower_id) and (c.upper_id is null or s.id_norm <= c.upper_id)
       where c.batch_id = ?::uuid group by c.chunk_no order by c.chunk_no`,
      [id],
    );
    expect(sizes).toHaveLength(RECORDS / 200);
    expect(sizes.reduce((t, r) => t + r.n, 0)).toBe(RECORDS);
    expect(Math.max(...sizes.map((r) => r.n))).toBeLessThanOrEqual(400);
    // The second half of the ID ranges stays locked by this test: the worker matches the first half, then waits.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const lockTaken = new Promise<void>((r) => (locked = r));
    const holder = hub.db.orm.em.fork().transactional(async (tem) => {
      await tem.execute(`select 1 from batch_exact_chunks where batch_id = ?::uuid and chunk_no > 30 for update`, [id]);
      locked();
      await held;
    });
    await lockTaken;
    const first = worker();
    await seal(id);
    const chunks = async () =>
      (
        await sql<{ done: number; total: number }>(
          `select count(*) filter (where done)::int as done, count(*)::int as total from batch_exact_chunks where batch_id = ?::uuid`,
          [id],
        )
      )[0];
    await waitFor('the first half of the ranges to be matched', async () => (await chunks()).done === 30);
    await first.kill('SIGKILL');
    release();
    await holder;
    const part = await chunks();
    expect(part.total).toBeGreaterThan(30);
    expect((await sql<{ n: number }>(`select count(*)::int as n from batch_records where batch_id = ?::uuid`, [id]))[0].n).toBeLessThan(RECORDS);
    worker();
    await completed(id);
    expect(await snapshot(id)).toEqual(reference);
  });

  it('ends a batch the same way when Redis is flushed mid-run', async () => {
    const id = await newBatch();
    worker();
    await seal(id);
    await midway(id);
    // A 'worker' connection queues the command until connected; a producer one refuses it while still connecting.
    const admin = createRedis(hub.redisUrl, 'worker');
    await admin.flushall();
    await admin.quit();
    expect((await progress(id)).processed_records).toBeLessThan(RECORDS);
    await completed(id);
    expect(await snapshot(id)).toEqual(reference);
  });

  it('finishes the chunk in hand on SIGTERM and lets the next worker continue', async () => {
    const id = await newBatch();
    const first = worker();
    await first.ready();
    await seal(id);
    await midway(id);
    await first.kill('SIGTERM');
    expect({ code: first.child.exitCode, signal: first.child.signalCode, output: first.output() }).toMatchObject({ code: 0, signal: null });
    const after = await progress(id);
    expect(after.processed_records % 200).toBe(0);
    expect(after.processed_records).toBeLessThan(RECORDS);
    worker();
    await completed(id);
    expect(await snapshot(id)).toEqual(reference);
  });

  interface Snapshot {
    counts: Record<string, unknown>;
    rows: unknown[];
    discrepancies: unknown[];
  }

  async function snapshot(id: string): Promise<Snapshot> {
    const [counts] = await sql(
      `select status, total_records, processed_records, matched, probable, unmatched, invalid, discrepancies from sector_batches where id = ?::uuid`,
      [id],
    );
    const rows = await sql(
      `select row_no, id_number, outcome, reason, member_id, suggestion_member_id, discrepancy_kinds from batch_records where batch_id = ?::uuid order by row_no`,
      [id],
    );
    const discrepancies = await sql(`select row_no, kind, member_id, evidence from discrepancies where batch_id = ?::uuid order by row_no, kind`, [id]);
    return { counts, rows, discrepancies };
  }
});
