import pino from 'pino';
import { planRuleChunks } from '../../src/modules/reconciliation/second-pass.repository';
import { ReconciliationRunner } from '../../src/modules/reconciliation/reconciliation.runner';
import { filledBatch } from '../support/big-batch';
import { insertHouseholds, makeHouseholds } from '../support/registry-fixtures';
import { startTestHub, type TestHub } from '../support/test-hub';
import { waitFor } from '../support/wait-for';

const RECORDS = 4_000;
const CHUNK = 200;

/**
 * The second pass (PROBABLE, suggestions, discrepancy rules) by chunks that
 * several connections take at once: a chunk another transaction holds is
 * skipped, not waited for, and taken once it is free; the batch ends exactly
 * as with one connection.
 */
describe("reconciliation's second pass on several connections", () => {
  let hub: TestHub;
  let members: string[];
  const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => hub.db.orm.em.getConnection().execute<T[]>(q, p);
  const runner = () => new ReconciliationRunner(hub.db.orm, pino({ level: 'silent' }));

  beforeAll(async () => {
    hub = await startTestHub();
    const households = makeHouseholds('52', 40);
    await insertHouseholds(hub.db.orm, households);
    members = households.flatMap((h) => h.members.map((m) => m.idNumber));
  });
  afterAll(() => hub.close());

  async function queuedBatch(): Promise<string> {
    const id = await filledBatch(hub, members, RECORDS);
    await sql(`update sector_batches set status = 'QUEUED' where id = ?::uuid`, [id]);
    return id;
  }

  async function snapshot(id: string) {
    const [counts] = await sql(
      `select status, next_row, total_records, processed_records, matched, probable, unmatched, invalid, discrepancies from sector_batches where id = ?::uuid`,
      [id],
    );
    const rows = await sql(
      `select row_no, id_number, outcome, reason, member_id, suggestion_member_id, discrepancy_kinds from batch_records where batch_id = ?::uuid order by row_no`,
      [id],
    );
    const discrepancies = await sql(`select row_no, kind, member_id, evidence from discrepancies where batch_id = ?::uuid order by row_no, kind`, [id]);
    return { counts, rows, discrepancies };
  }

  const chunks = async (id: string) =>
    (
      await sql<{ done: number; total: number }>(
        `select count(*) filter (where done)::int as done, count(*)::int as total from batch_rule_chunks where batch_id = ?::uuid`,
        [id],
      )
    )[0];

  it('skips the chunks another transaction holds, takes them once free, and ends as a run on one connection', async () => {
    const serial = await queuedBatch();
    expect(await runner().run(serial, { chunkSize: CHUNK, exactConnections: 1 })).toBe('completed');
    const reference = await snapshot(serial);
    expect(reference.counts).toMatchObject({ status: 'COMPLETED', processed_records: RECORDS, next_row: RECORDS + 1 });
    expect((reference.counts as { discrepancies: number }).discrepancies).toBeGreaterThan(0);

    const id = await queuedBatch();
    await planRuleChunks(hub.db.orm.em.fork(), id, CHUNK);
    expect(await chunks(id)).toEqual({ done: 0, total: RECORDS / CHUNK });
    // The first five chunks stay locked by this test: the runner does every other one, then waits for these.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const lockTaken = new Promise<void>((r) => (locked = r));
    const holder = hub.db.orm.em.fork().transactional(async (tem) => {
      await tem.execute(`select 1 from batch_rule_chunks where batch_id = ?::uuid and chunk_no <= 5 for update`, [id]);
      locked();
      await held;
    });
    await lockTaken;
    let ended = false;
    const run = runner()
      .run(id, { chunkSize: CHUNK, exactConnections: 2 })
      .finally(() => (ended = true));
    await waitFor('every chunk but the held ones to be done', async () => (await chunks(id)).done === RECORDS / CHUNK - 5);
    const [part] = await sql<{ status: string; processed_records: number; next_row: number }>(
      `select status, processed_records, next_row from sector_batches where id = ?::uuid`,
      [id],
    );
    // Counters hold the chunks done; the checkpoint stays below the first chunk not done.
    expect(part).toEqual({ status: 'RUNNING', processed_records: RECORDS - 5 * CHUNK, next_row: 1 });
    expect(ended).toBe(false);
    release();
    await holder;
    expect(await run).toBe('completed');
    const after = await snapshot(id);
    expect(after.counts).toEqual(reference.counts);
    expect(after.rows).toEqual(reference.rows);
    expect(after.discrepancies).toEqual(reference.discrepancies);
  });

  it('rolls back the chunk in hand when its batch is cancelled meanwhile, and stops', async () => {
    const id = await queuedBatch();
    const run = runner().run(id, { chunkSize: CHUNK, exactConnections: 1 });
    await waitFor('the first chunk to be done', async () => (await chunks(id)).done >= 1);
    // LGOP cancels while the next chunk is in hand: the cancel holds the batch row until the chunk's counters wait on it.
    const doneAtCancel = await hub.db.orm.em.fork().transactional(async (tem) => {
      await tem.execute(`select 1 from sector_batches where id = ?::uuid for update`, [id]);
      const [{ done }] = await tem.execute<Array<{ done: number }>>(
        `select count(*) filter (where done)::int as done from batch_rule_chunks where batch_id = ?::uuid`,
        [id],
      );
      await waitFor('a chunk to wait for its counters', async () => {
        const [{ n }] = await sql<{ n: number }>(
          `select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and query like 'update sector_batches set next_row%'`,
        );
        return n > 0;
      });
      await tem.execute(`update sector_batches set status = 'CANCELLED' where id = ?::uuid`, [id]);
      return done;
    });
    expect(await run).toBe('cancelled');
    // The chunk in hand kept nothing: neither its done mark nor its counters.
    expect((await chunks(id)).done).toBe(doneAtCancel);
    const [batch] = await sql<{ processed_records: number; status: string }>(`select processed_records, status from sector_batches where id = ?::uuid`, [id]);
    expect(batch).toEqual({ processed_records: doneAtCancel * CHUNK, status: 'CANCELLED' });
  });
});
