import { randomUUID } from 'node:crypto';
import { runSql, sql } from '../../src/db/sql';
import { matchCopy } from '../../src/modules/matched-households/matched-households.repository';
import { exactChunkPlan } from '../../src/modules/reconciliation/exact-pass.repository';
import { insertHouseholds, makeHouseholds } from '../support/registry-fixtures';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/*
 * A hub with history: earlier batches fill sector_records and the planner's
 * statistics know them; a new batch arrives with none. The exact pass's
 * planning statement must probe the new batch's rows one by one whatever the
 * statistics say, never read the batch (or the table) whole.
 */
describe('reconciliation plans on a hub with history', () => {
  let db: TestDatabase;
  const run = (q: string) => db.orm.em.getConnection().execute(q);
  // As an upload writes a batch: into the batch's own table, then attached as its partition.
  const fill = async (id: string, n: number) => {
    const [{ t }] = await run(`select open_sector_records('${id}'::uuid) as t`);
    await run(`insert into ${t} (batch_id, row_no, id_number, id_norm, valid)
         select '${id}'::uuid, g, lpad(g::text, 18, '0'), lpad(g::text, 18, '0'), true from generate_series(1, ${n}) g`);
    await run(`select attach_sector_records('${id}'::uuid)`);
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    for (let i = 0; i < 3; i++) await fill(randomUUID(), 40_000);
    await run('analyze sector_records');
  });
  afterAll(() => db.drop());

  it('plans the exact pass of a batch without statistics as one primary-key probe per sampled row', async () => {
    const batchId = randomUUID();
    await fill(batchId, 40_000);
    const rows = await runSql<{ 'QUERY PLAN': string }>(db.orm.em.fork(), sql`explain ${exactChunkPlan(batchId, 40_000, 1_000)}`);
    const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
    const part = `sector_records_${batchId.replace(/-/g, '')}`;
    expect(plan).toMatch(/Nested Loop/);
    // Only the batch's own partition, probed by its primary key.
    expect(plan).toMatch(new RegExp(`Index (Only )?Scan using ${part}_pkey on ${part}`));
    expect(plan.match(/on sector_records_[0-9a-f]{32}/g)?.every((p) => p === `on ${part}`)).toBe(true);
    expect(plan).not.toMatch(/Seq Scan on sector_records|Bitmap Heap Scan on sector_records|Hash Join|Merge Join/);
    // The plan this replaced: the batch's rows (taken for one) as the outer side, every sampled row number tried against each.
    expect(plan).not.toMatch(/_id_norm_idx|Join Filter/);
    // Each probe starts at its sampled row: row_no bounds the scan's start, not only the batch.
    expect(plan).toMatch(/Index Cond: \(\(batch_id = '[0-9a-f-]+'::uuid\) AND \(row_no >= g\.row_no\)\)/);
  });

  it("reads a few index pages per sampled row, not the key from the batch's first row up to it", async () => {
    const batchId = randomUUID();
    await fill(batchId, 40_000);
    const rows = await runSql<{ 'QUERY PLAN': Array<{ Plan: Record<string, unknown> }> }>(
      db.orm.em.fork(),
      sql`explain (analyze, buffers, format json) ${exactChunkPlan(batchId, 40_000, 1_000)}`,
    );
    const probes = findNode(rows[0]['QUERY PLAN'][0].Plan, (n) => n['Node Type'] === 'Limit');
    expect(probes?.['Actual Loops']).toBe(8_000);
    // About 3 buffers a probe (root, inner page, leaf, heap); walking the key from row 1 took over 60 a probe here.
    const buffers = Number(probes?.['Shared Hit Blocks'] ?? 0) + Number(probes?.['Shared Read Blocks'] ?? 0);
    expect(buffers).toBeLessThan(8_000 * 6);
  });

  // A batch whose outcome partition holds 5,000 rows: created, filled and attached as the exact pass does.
  const batchWithOutcomes = randomUUID();

  it("gives a batch's outcome partition its statistics when it is attached, before the second pass plans on it", async () => {
    const batchId = batchWithOutcomes;
    const [{ t }] = await run(`select open_batch_records('${batchId}'::uuid) as t`);
    await run(`insert into ${t} (batch_id, row_no, id_number, outcome) select '${batchId}'::uuid, g, lpad(g::text, 18, '0'),
                 case when g % 4 = 0 then 'UNMATCHED' else 'MATCHED' end from generate_series(1, 5000) g`);
    await run(`select attach_batch_records('${batchId}'::uuid)`);
    const stats = await run(`select attname from pg_stats where tablename = '${t}' and attname = 'outcome'`);
    expect(stats).toHaveLength(1);
  });

  it("copies a completing batch's matches by key probes into members and households, whatever the statistics say", async () => {
    await insertHouseholds(db.orm, makeHouseholds('52', 600));
    await run(
      `insert into sector_batches (id, tenant_code, sector, period, status) values ('${batchWithOutcomes}'::uuid, 'NHFPC', 'HEALTH', '2016', 'RUNNING')`,
    );
    await run('analyze members; analyze households');
    const rows = await runSql<{ 'QUERY PLAN': string }>(db.orm.em.fork(), sql`explain ${matchCopy(batchWithOutcomes, 1, 100_001)}`);
    const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
    expect(plan).toMatch(/Index Scan using members_pkey on members/);
    expect(plan).toMatch(/Index Scan using households_pkey on households/);
    expect(plan).not.toMatch(/Seq Scan on (members|households)|Hash Join|Merge Join/);
  });
});

type PlanNode = Record<string, unknown> & { Plans?: PlanNode[] };

/** The first node of an EXPLAIN (FORMAT JSON) plan that `match` accepts, depth first. */
function findNode(node: PlanNode, match: (n: PlanNode) => boolean): PlanNode | undefined {
  if (match(node)) return node;
  for (const child of node.Plans ?? []) {
    const found = findNode(child, match);
    if (found) return found;
  }
  return undefined;
}
