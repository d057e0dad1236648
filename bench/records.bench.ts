import pino from 'pino';
import { seedRegistry } from '../src/demo/registry-seed.service';
import { computeCheckCharacter } from '../src/modules/id-number/id-number';
import { ReconciliationRunner } from '../src/modules/reconciliation/reconciliation.runner';
import { insertRecords } from '../src/modules/sector-batches/sector-records.repository';
import { Sector } from '../src/modules/tenants/tenant.enums';
import { type BenchDatabase, openBenchDatabase } from './bench-database';
import { fmt, median } from './bench-stats';
import { countStatements, readBenchHub } from './bench-hub';

const HOUSEHOLDS = 20_000;
const RECORDS = 10_000;
const RUNS = 60;
const WARMUP = 10;
const MEMBER = 'idNumber name sex birthDate relationship health status';
const page = (first: number) => `query($id: ID!) { batchRecords(batchId: $id, first: ${first}) {
  edges { node { rowNo outcome reason member { ${MEMBER} } suggestion { ${MEMBER} } } } pageInfo { endCursor } } }`;

/**
 * The 500-record batchRecords page with each record's matched member and
 * suggestion, as MOE reads it (under its policy) and as LGOP does, requests
 * interleaved; its statement count beside a 50-record page's; and beside both,
 * the same rows and members read by one SQL statement (the floor).
 */
export async function runRecordsBench(): Promise<string[]> {
  const db = await openBenchDatabase('hub_bench_records');
  const hub = await readBenchHub(db);
  const { tokens } = hub;
  try {
    await seedRegistry(db.orm, { households: HOUSEHOLDS, seed: 7 });
    const batchId = await reconcileBatchWithTypos(db);
    const port = await hub.start();
    const [moe, lgop] = [`Bearer ${await tokens.sign('MOE')}`, `Bearer ${await tokens.sign('LGOP')}`];
    const read = (auth: string, first: number) => () => post(port, auth, page(first), batchId, first);
    await read(moe, 50)();
    const [s50, s500] = [await countStatements(db.apiOrm, read(moe, 50)), await countStatements(db.apiOrm, read(moe, 500))];
    const times = { moe: [] as number[], lgop: [] as number[], sql: [] as number[] };
    for (let i = 0; i < WARMUP + RUNS; i++) {
      const [a, b, c] = [await timed(read(moe, 500)), await timed(read(lgop, 500)), await timed(() => floor(db, batchId))];
      if (i < WARMUP) continue;
      times.moe.push(a);
      times.lgop.push(b);
      times.sql.push(c);
    }
    return [
      `records: 500-record batchRecords page with member and suggestion, ${RUNS} runs each, interleaved: MOE under its policy median ${fmt(median(times.moe), 2)} ms, ` +
        `LGOP median ${fmt(median(times.lgop), 2)} ms; MOE's statements ${s500} (50-record page: ${s50}) ` +
        `| baseline one SQL statement of the same rows and members: median ${fmt(median(times.sql), 2)} ms`,
    ];
  } finally {
    await hub.close();
    await db.close();
  }
}

/** A MOE batch of registry members, every other one sent with a wrong check character (INVALID with a suggestion), reconciled here. */
async function reconcileBatchWithTypos(db: BenchDatabase): Promise<string> {
  const conn = db.orm.em.getConnection();
  const people = await conn.execute<Array<{ idNumber: string; name: string }>>(
    `select id_number as "idNumber", name from members where status = 'ACTIVE' order by household_id, id limit ${RECORDS}`,
  );
  const records = people.map((p, i) => {
    const typo = p.idNumber.slice(0, 17) + (computeCheckCharacter(p.idNumber.slice(0, 17)) === '1' ? '2' : '1');
    return { idNumber: i % 2 ? typo : p.idNumber, name: p.name, attributes: { enrolled: true } };
  });
  const [{ id }] = await conn.execute<Array<{ id: string }>>(
    `insert into sector_batches (tenant_code, sector, period, status, total_records, queued_at) values ('MOE', 'EDUCATION', '2016', 'QUEUED', ?, now()) returning id`,
    [records.length],
  );
  await db.orm.em.fork().transactional((tem) => insertRecords(tem, id, Sector.EDUCATION, records));
  const end = await new ReconciliationRunner(db.orm, pino({ level: 'silent' })).run(id);
  if (end !== 'completed') throw new Error(`bench batch ended ${end}`);
  return id;
}

/** The same 500 records with their members, by one statement as the owner. */
async function floor(db: BenchDatabase, batchId: string): Promise<void> {
  const member = (a: string) => `json_build_object('idNumber', ${a}.id_number, 'name', ${a}.name, 'sex', ${a}.sex, 'birthDate', ${a}.birth_date,
    'relationship', ${a}.relationship, 'health', ${a}.health, 'status', ${a}.status)`;
  const rows = await db.orm.em.getConnection().execute(
    `select r.row_no, r.outcome, r.reason, ${member('m')} as member, ${member('s')} as suggestion
     from batch_records r left join members m on m.id = r.member_id left join members s on s.id = r.suggestion_member_id
     where r.batch_id = ?::uuid order by r.row_no limit 500`,
    [batchId],
  );
  if (rows.length !== 500) throw new Error('bench floor read too few rows');
}

async function post(port: number, auth: string, query: string, id: string, first: number): Promise<void> {
  const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { authorization: auth, 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables: { id } }),
  });
  const json = (await res.json()) as { errors?: unknown[]; data?: { batchRecords: { edges: Array<{ node: { suggestion: unknown } }> } } };
  const edges = json.data?.batchRecords.edges ?? [];
  if (json.errors || edges.length !== first || !edges.some((e) => e.node.suggestion)) throw new Error(`bench query failed: ${JSON.stringify(json.errors)}`);
}

async function timed(fn: () => Promise<void>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}
