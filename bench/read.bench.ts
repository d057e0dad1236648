import { seedRegistry } from '../src/demo/registry-seed.service';
import { openBenchDatabase } from './bench-database';
import { fmt, median, timeRuns } from './bench-stats';
import { countStatements, readBenchHub } from './bench-hub';

const HOUSEHOLDS = 20_000;
const RUNS = 50;
const PAGE = `query($first: Int!) { households(first: $first) { edges { node { registryNo status
  members { idNumber name sex birthDate relationship health status } } } pageInfo { endCursor } } }`;

/**
 * The 50-household page with members through the real API: its SQL statement
 * count (beside a 5-household page's) and median latency, beside the baseline
 * of the same page loaded N+1 (one members query per household) in the same run.
 */
export async function runReadBench(): Promise<string[]> {
  const db = await openBenchDatabase('hub_bench_read');
  const hub = await readBenchHub(db);
  const { tokens } = hub;
  try {
    await seedRegistry(db.orm, { households: HOUSEHOLDS, seed: 1 });
    const port = await hub.start();
    const auth = `Bearer ${await tokens.sign('LGOP')}`;
    const page = (first: number) => () => post(port, auth, { query: PAGE, variables: { first } });
    const statements = (first: number) => countStatements(db.apiOrm, page(first));
    // Once untimed and uncounted first: the tenant lookup is cached after the first request of a process.
    await page(5)();
    const [s5, s50] = [await statements(5), await statements(50)];
    const api = median(await timeRuns(RUNS, 5, page(50)));
    const naive = await naiveBaseline(db.orm);
    return [
      `read: 50-household page with members: ${s50} SQL statements (5-household page: ${s5}), median ${fmt(api)} ms over ${RUNS} runs ` +
        `| baseline N+1 (a members query per household): ${naive.statements} statements, median ${fmt(naive.ms)} ms`,
    ];
  } finally {
    await hub.close();
    await db.close();
  }
}

async function post(port: number, auth: string, body: unknown): Promise<void> {
  const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { authorization: auth, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as { errors?: unknown[] };
  if (json.errors) throw new Error(`bench query failed: ${JSON.stringify(json.errors)}`);
}

/** The same 50 households and members read the naive way, one statement per household. */
async function naiveBaseline(orm: Awaited<ReturnType<typeof openBenchDatabase>>['orm']) {
  const conn = orm.em.getConnection();
  const once = async () => {
    const hs = await conn.execute<{ id: number }[]>('select * from households order by id limit 50');
    for (const h of hs) await conn.execute('select * from members where household_id = ? order by id', [h.id]);
  };
  const statements = await countStatements(orm, once);
  const ms = median(await timeRuns(RUNS, 5, once));
  return { statements, ms };
}
