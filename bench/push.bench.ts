import type { MikroORM } from '@mikro-orm/postgresql';
import { buildIdNumber } from '../src/modules/id-number/id-number.generator';
import { fmt, median } from './bench-stats';

const BATCHES = 30;
const PER_BATCH = 1000;
const PUSH = `mutation($key: String!, $households: [HouseholdInput!]!) { pushHouseholds(idempotencyKey: $key, households: $households) { created updated unchanged rejected } }`;

interface BenchHousehold {
  registryNo: string;
  villageCode: string;
  status: string;
  identifiedYear: number;
  primaryCause: string;
  annualIncomePerCapita: number;
  housingSafe: boolean;
  drinkingWaterSafe: boolean;
  members: Array<{ idNumber: string; name: string; relationship: string; health: string; inSchool?: boolean }>;
}

/** Batch `b` of 1,000 four-person households in P52 with ID numbers no seeded member has (county 529901). */
export function benchBatch(b: number, tag: string): BenchHousehold[] {
  return Array.from({ length: PER_BATCH }, (_, i) => {
    const n = b * PER_BATCH + i;
    const day = (k: number) => new Date(Date.UTC(1940, 0, 1) + ((n * 4 + k) % 25_000) * 86_400_000).toISOString().slice(0, 10);
    const seq = (k: number) => Math.floor((n * 4 + k) / 25_000) * 2 + (k % 2) + (tag === 'sql' ? 500 : 0);
    const village = `5299010${String(1 + (n % 9)).padStart(2, '0')}001`;
    const people = [
      ['HEAD', '王'],
      ['SPOUSE', '李'],
      ['CHILD', '王小'],
      ['CHILD', '王二'],
    ];
    return {
      registryNo: `${village}${tag === 'sql' ? 'S' : 'H'}${String(n).padStart(7, '0')}`,
      villageCode: village,
      status: 'POOR',
      identifiedYear: 2016,
      primaryCause: 'LACK_OF_FUNDS',
      annualIncomePerCapita: 2000 + (n % 900),
      housingSafe: true,
      drinkingWaterSafe: true,
      members: people.map(([relationship, name], k) => ({
        idNumber: buildIdNumber('529901', day(k), seq(k)),
        name: `${name}${n}`,
        relationship,
        health: 'HEALTHY',
      })),
    };
  });
}

/**
 * Pushes 30 batches of 1,000 households (4,000 members) through the API into
 * the bench registry, then the same number of batches of the same shape with
 * plain SQL (no validation, no diff, no events): the baseline.
 */
export async function runPushBench(orm: MikroORM, port: number, token: string): Promise<string[]> {
  const hub = await timeBatches((b) => pushBatch(port, token, b));
  const sql = await timeBatches((b) => sqlBatch(orm, benchBatch(b, 'sql')));
  const repush = await timeBatches((b) => pushBatch(port, token, b, 'again'), 5);
  const members = BATCHES * PER_BATCH * 4;
  const rate = (ms: number[]) => members / (ms.reduce((a, x) => a + x, 0) / 1000);
  const ratio = hub.reduce((a, x) => a + x, 0) / sql.reduce((a, x) => a + x, 0);
  return [
    `push: ${BATCHES} batches of ${PER_BATCH} households (${members.toLocaleString('en-US')} members): ${fmt(rate(hub), 0)} members/s, ` +
      `p50 ${fmt(median(hub), 0)} ms, p99 ${fmt(p99(hub), 0)} ms per batch | baseline plain SQL insert: ${fmt(rate(sql), 0)} members/s, p50 ${fmt(median(sql), 0)} ms, p99 ${fmt(p99(sql), 0)} ms`,
    `push: unchanged re-push (5 batches): p50 ${fmt(median(repush), 0)} ms per batch`,
    `push target: >= 10,000 members/s ${rate(hub) >= 10_000 ? 'PASS' : 'FAIL'}; p99 < 500 ms ${p99(hub) < 500 ? 'PASS' : 'FAIL'}; within 3x baseline (${fmt(ratio, 2)}x) ${ratio <= 3 ? 'PASS' : 'FAIL'}`,
  ];
}

async function timeBatches(run: (b: number) => Promise<void>, count = BATCHES): Promise<number[]> {
  const times: number[] = [];
  for (let b = 0; b < count; b++) {
    const t0 = process.hrtime.bigint();
    await run(b);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return times;
}

async function pushBatch(port: number, token: string, b: number, suffix = ''): Promise<void> {
  const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ query: PUSH, variables: { key: `bench-${b}${suffix}`, households: benchBatch(b, 'hub') } }),
  });
  const body = (await res.json()) as { data?: { pushHouseholds: { rejected: number } }; errors?: unknown };
  if (!body.data || body.data.pushHouseholds.rejected) throw new Error(`bench push failed: ${JSON.stringify(body).slice(0, 500)}`);
}

/** The floor: the same rows written with two plain INSERT ... SELECT statements. */
async function sqlBatch(orm: MikroORM, households: BenchHousehold[]): Promise<void> {
  await orm.em.fork().transactional(async (tem) => {
    await tem.execute(
      `insert into households (registry_no, village_code, county_code, province_code, status, identified_year, primary_cause, annual_income_per_capita, housing_safe, drinking_water_safe)
       select r."registryNo", r."villageCode", left(r."villageCode", 6), left(r."villageCode", 2), r.status, r."identifiedYear", r."primaryCause", r."annualIncomePerCapita", r."housingSafe", r."drinkingWaterSafe"
       from jsonb_to_recordset(?::jsonb) as r("registryNo" text, "villageCode" text, status text, "identifiedYear" int, "primaryCause" text, "annualIncomePerCapita" numeric, "housingSafe" boolean, "drinkingWaterSafe" boolean)`,
      [JSON.stringify(households.map(({ members: _m, ...h }) => h))],
    );
    const members = households.flatMap((h) => h.members.map((m) => ({ ...m, registryNo: h.registryNo })));
    await tem.execute(
      `insert into members (household_id, province_code, id_number, name, name_norm, relationship, health)
       select h.id, h.province_code, r."idNumber", r.name, r.name, r.relationship, r.health
       from jsonb_to_recordset(?::jsonb) as r("registryNo" text, "idNumber" text, name text, relationship text, health text)
       join households h on h.registry_no = r."registryNo"`,
      [JSON.stringify(members)],
    );
  });
}

function p99(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(s.length * 0.99) - 1)];
}
