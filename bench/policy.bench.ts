import pino from 'pino';
import { ReconciliationRunner } from '../src/modules/reconciliation/reconciliation.runner';
import { seedRegistry } from '../src/demo/registry-seed.service';
import { insertRecords } from '../src/modules/sector-batches/sector-records.repository';
import { Sector } from '../src/modules/tenants/tenant.enums';
import { type BenchDatabase, openBenchDatabase } from './bench-database';
import { fmt, median } from './bench-stats';
import { readBenchHub } from './bench-hub';

const HOUSEHOLDS = 20_000;
const MATCHED_MEMBERS = 10_000;
const RUNS = 200;
const WARMUP = 20;
const FIELDS = `household { registryNo villageCode countyCode provinceCode status primaryCause annualIncomePerCapita housingSafe
  members { idNumber name sex birthDate relationship education inSchool health disabilityLevel medicalInsured receivesDibao status } }
  matches { batchId rowNo outcome discrepancyKinds }`;
const PAGE = `{ matchedHouseholds(sector: EDUCATION, first: 50) { edges { node { ${FIELDS} } } pageInfo { endCursor } } }`;

/**
 * The 50-household matchedHouseholds page with members as MOE reads it (under
 * its policy: rows cut, numbers masked, paths listed) beside the very same page
 * read by LGOP (no policy), requests interleaved so both see the same machine.
 */
export async function runPolicyBench(): Promise<string[]> {
  const db = await openBenchDatabase('hub_bench_policy');
  const hub = await readBenchHub(db);
  const { tokens } = hub;
  try {
    await seedRegistry(db.orm, { households: HOUSEHOLDS, seed: 5 });
    await reconcileMoeBatch(db);
    const port = await hub.start();
    const as = async (tenant: string) => `Bearer ${await tokens.sign(tenant)}`;
    const [moe, lgop] = [await as('MOE'), await as('LGOP')];
    const times = { moe: [] as number[], lgop: [] as number[] };
    for (let i = 0; i < WARMUP + RUNS; i++) {
      const [a, b] = [await timed(port, moe), await timed(port, lgop)];
      if (i >= WARMUP) {
        times.moe.push(a);
        times.lgop.push(b);
      }
    }
    const [mMed, lMed] = [median(times.moe), median(times.lgop)];
    const overhead = mMed / lMed - 1;
    return [
      `policy: 50-household matchedHouseholds page with members, ${RUNS} runs each, interleaved: MOE under its policy median ${fmt(mMed, 2)} ms, p99 ${fmt(p99(times.moe), 2)} ms ` +
        `| LGOP, same page, no policy: median ${fmt(lMed, 2)} ms, p99 ${fmt(p99(times.lgop), 2)} ms`,
      `policy: overhead of the policy ${fmt(overhead * 100)}% of the median: ${overhead < 0.25 ? 'PASS' : 'FAIL'} (policy costs under 25%)`,
    ];
  } finally {
    await hub.close();
    await db.close();
  }
}

/** An EDUCATION batch of MOE naming registry members, reconciled in this process with the real runner (the peer bench's too). */
export async function reconcileMoeBatch(db: BenchDatabase): Promise<void> {
  const em = db.orm.em.fork();
  const people = await em
    .getConnection()
    .execute<Array<{ idNumber: string; name: string }>>(
      `select id_number as "idNumber", name from members where status = 'ACTIVE' order by household_id, id limit ${MATCHED_MEMBERS}`,
    );
  const [{ id }] = await em
    .getConnection()
    .execute<Array<{ id: string }>>(
      `insert into sector_batches (tenant_code, sector, period, status, total_records, queued_at) values ('MOE', 'EDUCATION', '2016', 'QUEUED', ?, now()) returning id`,
      [people.length],
    );
  await em.transactional((tem) =>
    insertRecords(
      tem,
      id,
      Sector.EDUCATION,
      people.map((p) => ({ ...p, attributes: { enrolled: true } })),
    ),
  );
  const end = await new ReconciliationRunner(db.orm, pino({ level: 'silent' })).run(id);
  if (end !== 'completed') throw new Error(`bench batch ended ${end}`);
}

async function timed(port: number, auth: string): Promise<number> {
  const t0 = process.hrtime.bigint();
  const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { authorization: auth, 'content-type': 'application/json' },
    body: JSON.stringify({ query: PAGE }),
  });
  const json = (await res.json()) as { errors?: unknown[]; data?: { matchedHouseholds: { edges: unknown[] } } };
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (json.errors || json.data?.matchedHouseholds.edges.length !== 50) throw new Error(`bench query failed: ${JSON.stringify(json.errors)}`);
  return ms;
}

function p99(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(s.length * 0.99) - 1)];
}
