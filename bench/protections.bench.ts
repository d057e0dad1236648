import autocannon from 'autocannon';
import pino from 'pino';
import { buildHubSchema } from '../src/graphql/schema';
import { HubServer } from '../src/http/hub-server';
import { seedRegistry } from '../src/demo/registry-seed.service';
import { openBenchDatabase } from './bench-database';
import { fmt } from './bench-stats';
import { benchTokens, openBenchRedis } from './bench-hub';

const HOUSEHOLDS = 20_000;
const ROUNDS = 3;
const SECONDS = 5;
const CONNECTIONS = 8;
const TARGET = 0.2;
/** What collecting metrics (and tracing, off by default and then never loaded) may cost. */
const METRICS_TARGET = 0.03;
const METRICS_ROUNDS = 6;
const PAGE = `query($first: Int!) { households(first: $first) { edges { node { registryNo status
  members { idNumber name sex birthDate relationship health status } } } pageInfo { endCursor } } }`;

/**
 * Throughput of the 50-household page with members as a province reads it,
 * with every protection on (request limits and cost, the per-tenant rate limit
 * counted in Redis, the audit row of the read, the hub_api role under
 * row-level security) beside the same page with limits, rate limit and audit
 * off and the owner's connection (no row-level security). Rounds alternate so
 * that both sides see the same machine.
 */
export async function runProtectionsBench(): Promise<string[]> {
  const db = await openBenchDatabase('hub_bench_protections');
  const { redis, close: closeRedis } = await openBenchRedis(2);
  const tokens = benchTokens();
  const common = { redis, tokens, log: pino({ level: 'silent' }) };
  const hubConfig = { nodeEnv: 'production' as const, host: '127.0.0.1', port: 0, queuePrefix: 'bench-protections' };
  const on = new HubServer({ ...common, config: { ...hubConfig, rateLimitPerMinute: 100_000_000 }, orm: db.apiOrm, schema: await buildHubSchema() });
  const off = new HubServer({ ...common, config: hubConfig, orm: db.orm, schema: await buildHubSchema(), protections: false });
  // Every protection on as above, but no metrics collected: what the metrics cost.
  const bare = new HubServer({
    ...common,
    config: { ...hubConfig, rateLimitPerMinute: 100_000_000 },
    orm: db.apiOrm,
    schema: await buildHubSchema(),
    metrics: false,
  });
  try {
    await seedRegistry(db.orm, { households: HOUSEHOLDS, seed: 3 });
    const [onPort, offPort, barePort] = [await on.start(), await off.start(), await bare.start()];
    const auth = `Bearer ${await tokens.sign('P52')}`;
    for (const port of [onPort, offPort, barePort]) await checkPage(port, auth);
    const rates = { on: [] as number[], off: [] as number[] };
    await Promise.all([load(onPort, auth, 1), load(offPort, auth, 1), load(barePort, auth, 1)]);
    for (let i = 0; i < ROUNDS; i++) {
      rates.on.push(await load(onPort, auth, SECONDS));
      rates.off.push(await load(offPort, auth, SECONDS));
    }
    // A few per cent is within one round's noise: more rounds, each pair in the other order of the one before.
    const metricRates = { on: [] as number[], bare: [] as number[] };
    for (let i = 0; i < METRICS_ROUNDS; i++) {
      for (const side of i % 2 ? (['bare', 'on'] as const) : (['on', 'bare'] as const)) {
        metricRates[side].push(await load(side === 'on' ? onPort : barePort, auth, SECONDS));
      }
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const [rOn, rOff] = [mean(rates.on), mean(rates.off)];
    const cost = 1 - rOn / rOff;
    const [mOn, rBare] = [mean(metricRates.on), mean(metricRates.bare)];
    const metricsCost = 1 - mOn / rBare;
    return [
      `protections: 50-household page with members as P52, ${CONNECTIONS} connections, ${ROUNDS} alternating rounds of ${SECONDS} s: ` +
        `all protections on ${fmt(rOn)} pages/s | limits, rate limit and audit off, owner connection (no row-level security): ${fmt(rOff)} pages/s`,
      `protections: cost ${fmt(cost * 100)}% of the throughput: ${cost < TARGET ? 'PASS' : 'FAIL'} (protections cost under ${TARGET * 100}%)`,
      `protections: metrics on (HTTP and GraphQL histograms, error counters, pool gauges; tracing off, never loaded) ${fmt(mOn)} pages/s ` +
        `| the same hub collecting no metrics: ${fmt(rBare)} pages/s | cost ${fmt(metricsCost * 100)}%: ` +
        `${metricsCost < METRICS_TARGET ? 'PASS' : 'FAIL'} (under ${METRICS_TARGET * 100}%)`,
    ];
  } finally {
    await on.stop();
    await off.stop();
    await bare.stop();
    await closeRedis();
    await db.close();
  }
}

/** Requests per second of the page over `seconds`; any non-2xx answer fails the bench. */
async function load(port: number, auth: string, seconds: number): Promise<number> {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/graphql`,
    method: 'POST',
    headers: { authorization: auth, 'content-type': 'application/json' },
    body: JSON.stringify({ query: PAGE, variables: { first: 50 } }),
    connections: CONNECTIONS,
    duration: seconds,
  });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`protections bench: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return result.requests.average;
}

/** Both sides must answer the same full page, or the comparison means nothing. */
async function checkPage(port: number, auth: string): Promise<void> {
  const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { authorization: auth, 'content-type': 'application/json' },
    body: JSON.stringify({ query: PAGE, variables: { first: 50 } }),
  });
  const body = (await res.json()) as { data?: { households: { edges: Array<{ node: { members: unknown[] } }> } }; errors?: unknown };
  const edges = body.data?.households.edges ?? [];
  if (body.errors || edges.length !== 50 || edges.some((e) => e.node.members.length === 0)) {
    throw new Error(`protections bench: the page is not a full page of households with members: ${JSON.stringify(body).slice(0, 300)}`);
  }
}
