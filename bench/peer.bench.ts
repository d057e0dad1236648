import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isDeepStrictEqual } from 'node:util';
import autocannon from 'autocannon';
import { Pool } from 'pg';
import pino from 'pino';
import { type Caller, callerFor } from '../src/auth/caller';
import { rlsSettingsOf } from '../src/db/tenant-transaction';
import { seedRegistry } from '../src/demo/registry-seed.service';
import { maskIdNumber } from '../src/modules/id-number/id-number';
import { buildHubSchema } from '../src/graphql/schema';
import { HubServer } from '../src/http/hub-server';
import { type BenchDatabase, openBenchDatabase } from './bench-database';
import { fmt, median } from './bench-stats';
import { loadPostGraphile } from './peer-modules';
import { reconcileMoeBatch } from './policy.bench';
import { benchTokens, openBenchRedis } from './bench-hub';

const HOUSEHOLDS = 20_000;
const ROUNDS = 3;
const SECONDS = 5;
const CONNECTIONS = 8;
const RUNS = 50;
const WARMUP = 10;
/** The peer's pool: as many connections as the bench hub's (openBenchDatabase's dbPoolMax). */
const PEER_POOL = 10;
const PAGE_SIZE = 50;

const HOUSEHOLD = 'registryNo villageCode status primaryCause';
const MEMBER = 'name relationship idNumber';
const HUB_PAGE = `{ households(first: ${PAGE_SIZE}) { edges { node { ${HOUSEHOLD} members { ${MEMBER} } } } } }`;
const HUB_MATCHED_PAGE = `{ matchedHouseholds(sector: EDUCATION, first: ${PAGE_SIZE}) { edges { node { household { ${HOUSEHOLD} members { ${MEMBER} } } } } } }`;
// Registry order (households.id) as the hub's keyset pages; members by id (the hub puts the head first, see below).
const PEER_PAGE = `{ allHouseholds(first: ${PAGE_SIZE}, orderBy: PRIMARY_KEY_ASC) { nodes { ${HOUSEHOLD}
  membersByHouseholdId(orderBy: PRIMARY_KEY_ASC) { nodes { ${MEMBER} } } } } }`;

interface Member {
  name: string;
  relationship: string | null;
  idNumber: string | null;
}
interface Household {
  registryNo: string | null;
  villageCode: string;
  status: string;
  primaryCause: string | null;
  members: Member[];
}

/** One side of a comparison: where to send the page and how to read its households out of the answer. */
interface Endpoint {
  url: string;
  headers: Record<string, string>;
  query: string;
  households(data: unknown): Household[] | undefined;
}

/**
 * The hub against the peer the issue "Reads at PostGraphile speed or better"
 * names: PostGraphile 4.14.1 in library mode on the same bench database, under
 * the same role (hub_api) and row-level security settings as the hub's request
 * transaction. The hub runs with every protection on (limits and cost, the rate
 * limit counted in Redis, the read's audit row). Two pages: P52's 50-household
 * page with members (target: at least PostGraphile's throughput), and MOE's
 * matchedHouseholds page under its sharing policy beside PostGraphile's plain
 * page of the same households as MOE (target: 80% of it). Rounds alternate so
 * that both sides see the same machine.
 */
export async function runPeerBench(): Promise<string[]> {
  const db = await openBenchDatabase('hub_bench_peer');
  const { redis, close: closeRedis } = await openBenchRedis(2);
  const tokens = benchTokens();
  const hub = new HubServer({
    config: { nodeEnv: 'production', host: '127.0.0.1', port: 0, queuePrefix: 'bench-peer', rateLimitPerMinute: 100_000_000 },
    orm: db.apiOrm,
    redis,
    schema: await buildHubSchema(),
    tokens,
    log: pino({ level: 'silent' }),
  });
  const pool = new Pool({ connectionString: db.url, max: PEER_POOL });
  const peers: Server[] = [];
  try {
    await seedRegistry(db.orm, { households: HOUSEHOLDS, seed: 7 });
    await reconcileMoeBatch(db);
    const hubUrl = `http://127.0.0.1:${await hub.start()}/graphql`;
    const peer = async (tenant: string) => {
      const started = await startPeer(pool, await rlsSettings(db, tenant));
      peers.push(started.server);
      return started.url;
    };
    const [p52, moe] = [await peer('P52'), await peer('MOE')];
    const bearer = async (tenant: string) => ({ authorization: `Bearer ${await tokens.sign(tenant)}`, 'content-type': 'application/json' });
    const json = { 'content-type': 'application/json' };
    const province = await compare(
      { url: hubUrl, headers: await bearer('P52'), query: HUB_PAGE, households: hubHouseholds },
      { url: p52, headers: json, query: PEER_PAGE, households: peerHouseholds },
      (hs) => checkProvincePage(hs, '52'),
    );
    const ministry = await compare(
      { url: hubUrl, headers: await bearer('MOE'), query: HUB_MATCHED_PAGE, households: hubMatchedHouseholds },
      { url: moe, headers: json, query: PEER_PAGE, households: peerHouseholds },
      (hs) => checkMatchedPage(hs),
      await moePolicy(db),
    );
    return [
      ...report('peer', `50-household page with members as P52 (hub: every protection on, hub_api under row-level security)`, province, 1.0),
      ...report('peer', `MOE's 50-household matchedHouseholds page under its policy (peer: its plain page of the same households as MOE)`, ministry, 0.8),
    ];
  } finally {
    await hub.stop();
    for (const server of peers) await new Promise((resolve) => server.close(resolve));
    await pool.end();
    await closeRedis();
    await db.close();
  }
}

/**
 * What MOE's agreement (sharing-policy.seed.ts) does to the fields of these pages, applied to PostGraphile's
 * answer to compare it with the hub's: no registry number, and ID numbers masked but those MOE's batch matched.
 */
async function moePolicy(db: BenchDatabase): Promise<(h: Household) => Household> {
  const rows = await db.orm.em
    .getConnection()
    .execute<Array<{ idNumber: string }>>(
      `select m.id_number as "idNumber" from batch_matches x join members m on m.id = x.member_id where x.tenant_code = 'MOE' and x.outcome = 'MATCHED'`,
    );
  const sent = new Set(rows.map((r) => r.idNumber));
  const mask = (id: string | null) => (id === null || sent.has(id) ? id : maskIdNumber(id));
  return (h) => ({ ...h, registryNo: null, members: h.members.map((m) => ({ ...m, idNumber: mask(m.idNumber) })) });
}

/** The settings the hub's request transaction gives `tenant` (tenant-transaction.ts), as PostGraphile's pgSettings. */
async function rlsSettings(db: BenchDatabase, tenant: string): Promise<Record<string, string>> {
  const [row] = await db.orm.em
    .getConnection()
    .execute<Array<Caller['tenant']>>(`select code, kind, province_code as "provinceCode", sector from tenants where code = ?`, [tenant]);
  if (!row) throw new Error(`peer bench: no tenant ${tenant}`);
  const s = rlsSettingsOf(callerFor(row));
  return { role: 'hub_api', 'hub.scope': s.scope, 'hub.province': s.province, 'hub.tenant': s.tenant };
}

/**
 * PostGraphile on its own HTTP server, connected as the owner and switching to
 * hub_api with the tenant's settings in each request's transaction
 * (`set_config(..., true)`, as the hub does). Only the read side is built.
 */
async function startPeer(pool: Pool, settings: Record<string, string>): Promise<{ server: Server; url: string }> {
  const handler = loadPostGraphile().postgraphile(pool, 'public', {
    pgSettings: async () => settings,
    graphiql: false,
    enhanceGraphiql: false,
    disableQueryLog: true,
    disableDefaultMutations: true,
    enableQueryBatching: false,
    watchPg: false,
    retryOnInitFail: false,
    legacyRelations: 'omit',
    setofFunctionsContainNulls: false,
    showErrorStack: false,
    extendedErrors: [],
  });
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql` };
}

interface Comparison {
  hub: number[];
  peer: number[];
  hubMs: number;
  peerMs: number;
}

/** Both sides must answer the same households and members, then throughput in alternating rounds and sequential latency, interleaved. */
async function compare(hub: Endpoint, peer: Endpoint, check: (hs: Household[]) => void, policy = (h: Household) => h): Promise<Comparison> {
  const [a, b] = [await page(hub), await page(peer)];
  check(a);
  const [x, y] = [normalised(a), normalised(b.map(policy))];
  const i = x.findIndex((h, n) => !isDeepStrictEqual(h, y[n]));
  if (i >= 0 || x.length !== y.length) {
    throw new Error(
      `peer bench: the pages differ (${x.length} and ${y.length} households) at ${i}: hub ${JSON.stringify(x[i])} | peer ${JSON.stringify(y[i])}`,
    );
  }
  const times = { hub: [] as number[], peer: [] as number[] };
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const [t1, t2] = [await timed(hub), await timed(peer)];
    if (i < WARMUP) continue;
    times.hub.push(t1);
    times.peer.push(t2);
  }
  const rates = { hub: [] as number[], peer: [] as number[] };
  await Promise.all([load(hub, 1), load(peer, 1)]);
  for (let i = 0; i < ROUNDS; i++) {
    rates.hub.push(await load(hub, SECONDS));
    rates.peer.push(await load(peer, SECONDS));
  }
  return { ...rates, hubMs: median(times.hub), peerMs: median(times.peer) };
}

function report(name: string, what: string, c: Comparison, target: number): string[] {
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const [hub, peer] = [mean(c.hub), mean(c.peer)];
  const rounds = (xs: number[]) => xs.map((x) => fmt(x, 0)).join(', ');
  return [
    `${name}: ${what}, ${CONNECTIONS} connections, ${ROUNDS} alternating rounds of ${SECONDS} s: ` +
      `hub ${fmt(hub)} pages/s (${rounds(c.hub)}) | PostGraphile 4.14.1 ${fmt(peer)} pages/s (${rounds(c.peer)})`,
    `${name}: single request, median of ${RUNS} sequential (interleaved): hub ${fmt(c.hubMs, 2)} ms | PostGraphile ${fmt(c.peerMs, 2)} ms`,
    `${name}: hub/PostGraphile ${fmt(hub / peer, 2)}x: ${hub / peer >= target ? 'PASS' : 'FAIL'} (target >= ${fmt(target, 1)}x)`,
  ];
}

async function page(e: Endpoint): Promise<Household[]> {
  const res = await fetch(e.url, { method: 'POST', headers: e.headers, body: JSON.stringify({ query: e.query }) });
  const body = (await res.json()) as { data?: unknown; errors?: unknown };
  const households = body.errors ? undefined : e.households(body.data);
  if (!res.ok || !households) throw new Error(`peer bench: ${e.url} answered ${res.status} ${JSON.stringify(body).slice(0, 500)}`);
  return households;
}

async function timed(e: Endpoint): Promise<number> {
  const t0 = process.hrtime.bigint();
  const households = await page(e);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (households.length !== PAGE_SIZE) throw new Error(`peer bench: ${e.url} answered ${households.length} households`);
  return ms;
}

/** Pages per second over `seconds`; any non-2xx answer fails the bench. */
async function load(e: Endpoint, seconds: number): Promise<number> {
  const result = await autocannon({
    url: e.url,
    method: 'POST',
    headers: e.headers,
    body: JSON.stringify({ query: e.query }),
    connections: CONNECTIONS,
    duration: seconds,
  });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`peer bench: ${e.url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return result.requests.average;
}

type Edges<T> = { edges: Array<{ node: T }> };
const hubHouseholds = (data: unknown) => (data as { households?: Edges<Household> } | null)?.households?.edges.map((e) => e.node);
const hubMatchedHouseholds = (data: unknown) =>
  (data as { matchedHouseholds?: Edges<{ household: Household }> } | null)?.matchedHouseholds?.edges.map((e) => e.node.household);
const peerHouseholds = (data: unknown) =>
  (data as { allHouseholds?: { nodes: Array<Omit<Household, 'members'> & { membersByHouseholdId: { nodes: Member[] } }> } } | null)?.allHouseholds?.nodes.map(
    ({ membersByHouseholdId, ...h }) => ({ ...h, members: membersByHouseholdId.nodes }),
  );

/** The hub lists a household's head first, PostGraphile by member id: the same people, compared in one order. */
function normalised(hs: Household[]): Household[] {
  const key = (m: Member) => `${m.idNumber}\u0000${m.name}\u0000${m.relationship}`;
  return hs.map((h) => ({ ...h, members: [...h.members].sort((x, y) => key(x).localeCompare(key(y))) }));
}

function checkProvincePage(hs: Household[], province: string): void {
  const wrong = hs.find((h) => !h.villageCode.startsWith(province) || !h.registryNo?.startsWith(province) || h.members.length === 0);
  if (hs.length !== PAGE_SIZE || wrong)
    throw new Error(`peer bench: not a full page of province ${province} with members: ${JSON.stringify(wrong ?? hs.length)}`);
}

function checkMatchedPage(hs: Household[]): void {
  if (hs.length !== PAGE_SIZE || hs.some((h) => h.members.length === 0)) throw new Error(`peer bench: not a full matched page with members (${hs.length})`);
}
