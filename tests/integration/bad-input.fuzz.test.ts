import { SeedRandom } from '../../src/demo/seed-random';
import { CONTRACT_ERROR_CODES } from '../../src/graphql/error-code';
import { plantRegistry } from '../support/reconcile-fixtures';
import { startTestHub, type TestHub } from '../support/test-hub';

/** Seeded, so a failure can be replayed from its seed. */
type Rng = SeedRandom;

const NASTY = [
  "' or 1=1 --",
  "'); drop table households; --",
  '"; select pg_sleep(5); --',
  '<script>alert(1)</script>',
  '${7*7}',
  '{{7*7}}',
  '\u0000',
  '\u0007\u001b[31m',
  '\ud800',
  '\uffff',
  '１１０１０５',
  '../../etc/passwd',
  '%00',
  '\\',
  '\n\r\t',
  'NaN',
  '-1',
  '1e309',
  '00000000-0000-0000-0000-000000000000',
  'not-a-uuid',
  '11010519491231002X',
  '1'.repeat(5000),
  '王'.repeat(3000),
];

function junkString(r: Rng): string {
  switch (r.below(4)) {
    case 0:
      return r.pick(NASTY);
    case 1:
      return Array.from({ length: r.below(40) }, () => String.fromCharCode(r.below(0x3000))).join('');
    case 2:
      return r.pick(NASTY) + r.pick(NASTY);
    default:
      return 'x'.repeat(r.below(20_000));
  }
}

function junkValue(r: Rng, depth = 0): unknown {
  switch (r.below(depth > 2 ? 5 : 8)) {
    case 0:
      return junkString(r);
    case 1:
      return r.pick([0, -1, 2 ** 31, -(2 ** 53), 1.5, 1e308]);
    case 2:
      return r.pick([true, false, null]);
    case 3:
      return r.pick(['POOR', 'HEAD', 'EDUCATION', 'MATCHED', '2016', '520102001001']);
    case 4:
      return junkString(r).slice(0, 30);
    case 5:
      return Array.from({ length: r.below(4) }, () => junkValue(r, depth + 1));
    default:
      return Object.fromEntries(
        Array.from({ length: r.below(5) }, () => [
          r.pick(['idNumber', 'name', 'registryNo', 'members', 'status', 'first', 'x', junkString(r).slice(0, 10)]),
          junkValue(r, depth + 1),
        ]),
      );
  }
}

/** Real operations of the contract, each with its variables filled with junk. */
const OPERATIONS = [
  'query($id: String!) { household(registryNo: $id) { registryNo members { name } } }',
  'query($f: HouseholdFilter, $n: Int, $a: String) { households(filter: $f, first: $n, after: $a) { edges { node { registryNo } } } }',
  'query($ids: [String!]!) { lookupPersons(idNumbers: $ids) { input valid reason registered } }',
  'mutation($k: String!, $h: [HouseholdInput!]!) { pushHouseholds(idempotencyKey: $k, households: $h) { created rejected results { errors { path code } } } }',
  'mutation($k: String!, $s: Sector!, $p: String!, $r: [SectorRecordInput!]!) { submitSectorBatch(idempotencyKey: $k, sector: $s, period: $p, records: $r) { id } }',
  'query($id: ID!) { sectorBatch(id: $id) { id status } }',
  'query($id: ID!, $o: MatchOutcome, $n: Int, $a: String) { batchRecords(batchId: $id, outcome: $o, first: $n, after: $a) { edges { node { rowNo } } } }',
  'mutation($id: ID!) { sealSectorBatch(id: $id) { id } }',
  'mutation($id: ID!) { retryBatch(id: $id) { id } }',
  'mutation($r: String!, $y: Int!, $v: Int) { recordExit(registryNo: $r, exitYear: $y, expectedVersion: $v) { registryNo } }',
];

const VARIABLES = ['id', 'f', 'n', 'a', 'ids', 'k', 'h', 's', 'p', 'r', 'o', 'y', 'v'];

const ENUM = {
  status: ['POOR', 'EXITED'],
  cause: ['ILLNESS', 'OTHER'],
  rel: ['HEAD', 'CHILD'],
  health: ['HEALTHY', 'DISABLED'],
  sector: ['EDUCATION', 'HEALTH'],
};

/** Variables of the right GraphQL types whose values are junk: these reach the resolvers and the database. */
function typedJunk(r: Rng): { query: string; variables: Record<string, unknown> } {
  const s = () => junkString(r).slice(0, r.pick([20, 200, 20_000]));
  const member = () => ({
    idNumber: s(),
    name: s(),
    relationship: r.pick(ENUM.rel),
    health: r.pick(ENUM.health),
    ethnicity: s(),
    disabilityLevel: r.pick([-1, 0, 5, 2 ** 31 - 1]),
  });
  const household = () => ({
    registryNo: s(),
    villageCode: s(),
    status: r.pick(ENUM.status),
    identifiedYear: r.pick([-1, 0, 1800, 2100, 2 ** 31 - 1]),
    exitYear: r.pick([null, -5, 3000]),
    primaryCause: r.pick(ENUM.cause),
    annualIncomePerCapita: r.pick([-1, 1e308, 0.1]),
    members: Array.from({ length: r.below(3) }, member),
    expectedVersion: r.pick([null, -1, 2 ** 31 - 1]),
  });
  switch (r.below(8)) {
    case 0:
      return { query: OPERATIONS[0], variables: { id: s() } };
    case 1:
      return {
        query: OPERATIONS[1],
        variables: { f: { registryNo: s(), countyCode: s(), villageCode: s() }, n: r.pick([-1, 0, 1, 501, 2 ** 31 - 1]), a: s() },
      };
    case 2:
      return { query: OPERATIONS[2], variables: { ids: Array.from({ length: r.below(5) }, s) } };
    case 3:
      return { query: OPERATIONS[3], variables: { k: s(), h: Array.from({ length: 1 + r.below(3) }, household) } };
    case 4:
      return {
        query: OPERATIONS[4],
        variables: {
          k: s(),
          s: r.pick(ENUM.sector),
          p: s(),
          r: Array.from({ length: r.below(3) }, () => ({ idNumber: s(), name: s(), regionCode: s(), attributes: junkValue(r) })),
        },
      };
    case 5:
      return { query: OPERATIONS[r.pick([5, 7, 8])], variables: { id: s() } };
    case 6:
      return { query: OPERATIONS[6], variables: { id: s(), n: r.pick([-1, 0, 501]), a: s() } };
    default:
      return { query: OPERATIONS[9], variables: { r: s(), y: r.pick([-1, 0, 2016, 99999]), v: r.pick([null, -1]) } };
  }
}

/** 10 to 15 aliased pages of 500 households with members and events: over the cost limit whatever the aliases. */
function tooCostly(r: Rng): string {
  const pages = Array.from(
    { length: 10 + r.below(6) },
    (_, i) => `p${i}: households(first: 500) { edges { node { registryNo members { name idNumber } events { type } } } }`,
  );
  return JSON.stringify({ query: `{ ${pages.join(' ')} }` });
}

/** A variable nested thousands deep, unused or as a JSON argument; written by hand, as JSON.stringify would recurse. */
function tooDeep(r: Rng): string {
  const depth = 5_000 + r.below(20_000);
  const [open, close] = r.pick([
    ['[', ']'],
    ['{"a":', '}'],
  ]);
  const deep = open.repeat(depth) + JSON.stringify(junkString(r).slice(0, 20)) + close.repeat(depth);
  if (r.next() < 0.5) return `{"query":"{ me { code } }","variables":{"x":${deep}}}`;
  const record = `{"idNumber":"11010519491231002X","name":"x","attributes":${deep}}`;
  return `{"query":${JSON.stringify(OPERATIONS[4])},"variables":{"k":"k","s":"EDUCATION","p":"2020","r":[${record}]}}`;
}

/** One request in eight is a refusal the hub once answered 500; these must get exactly their answer. */
function fuzzCase(r: Rng): { body: string | Buffer; expected?: string } {
  switch (r.below(16)) {
    case 0:
      return { body: tooCostly(r), expected: '400 QUERY_TOO_COMPLEX' };
    case 1:
      return { body: tooDeep(r), expected: '400 BAD_USER_INPUT' };
    default:
      return { body: junkBody(r) };
  }
}

function junkBody(r: Rng): string | Buffer {
  if (r.next() < 0.5) return JSON.stringify(typedJunk(r));
  switch (r.below(6)) {
    case 0:
      return JSON.stringify(junkValue(r));
    case 1:
      return Buffer.from([0x7b, 0x22, 0x71, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0xff, 0xfe, 0x22, 0x7d]);
    case 2:
      return `{"query": "${junkString(r).slice(0, 200)}"}`;
    case 3:
      return JSON.stringify({ query: junkString(r).slice(0, 2000), variables: junkValue(r) });
    default: {
      const variables = Object.fromEntries(VARIABLES.filter(() => r.next() < 0.7).map((v) => [v, junkValue(r)]));
      return JSON.stringify({ query: r.pick(OPERATIONS), variables });
    }
  }
}

describe('thousands of malformed requests', () => {
  let hub: TestHub;
  const registry = () =>
    hub.db.orm.em.getConnection().execute<Array<{ digest: string }>>(
      `select md5(coalesce((select string_agg(h::text, '|' order by id) from households h), '') ||
                coalesce((select string_agg(m::text, '|' order by id) from members m), '') ||
                coalesce((select string_agg(e::text, '|' order by id) from household_events e), '')) as digest`,
    );
  beforeAll(async () => {
    hub = await startTestHub({ production: true, rateLimitPerMinute: 0 });
    await plantRegistry(hub);
  });
  afterAll(() => hub.close());

  it('answers each with a 4xx or a contract error, never a 500 or INTERNAL, and leaves the registry as it was', async () => {
    const before = await registry();
    const r = new SeedRandom(20161231);
    const tokens = await Promise.all(['P52', 'P53', 'MOE', 'MCA', 'LGOP'].map((t) => hub.token(t)));
    const seen = new Map<string, number>();
    const failures: string[] = [];
    for (let i = 0; i < 2000; i++) {
      const { body, expected } = fuzzCase(r);
      const type =
        expected || r.next() < 0.9 ? 'application/json' : r.pick(['text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1']);
      const res = await fetch(`${hub.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': type, authorization: `Bearer ${r.pick(tokens)}`, 'apollo-require-preflight': 'true' },
        body,
      });
      const text = await res.text();
      let codes: string[] = [];
      try {
        const json = JSON.parse(text) as { errors?: Array<{ extensions?: { code?: string } }> };
        codes = (json.errors ?? []).map((e) => String(e.extensions?.code));
      } catch {
        codes = ['(not JSON)'];
      }
      const key = `${res.status} ${codes.join(',')}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
      const badCode = codes.some((c) => !CONTRACT_ERROR_CODES.has(c) || c === 'INTERNAL');
      if (res.status >= 500 || badCode || (expected && key !== expected)) failures.push(`#${i} ${key}: ${String(body).slice(0, 200)} -> ${text.slice(0, 300)}`);
    }
    expect(failures).toEqual([]);
    // The run must have reached every layer, not one refusal 2,000 times: the parser and coercion (400),
    // the resolvers' own checks (200 with an error), and answers with data (200 without one).
    const count = (test: (k: string) => boolean) => [...seen].filter(([k]) => test(k)).reduce((n, [, c]) => n + c, 0);
    expect(count((k) => k.startsWith('400'))).toBeGreaterThan(100);
    expect(count((k) => k.startsWith('200 ') && /BAD_USER_INPUT|NOT_FOUND|FORBIDDEN/.test(k))).toBeGreaterThan(100);
    expect(count((k) => k === '200 ')).toBeGreaterThan(50);
    expect(await registry()).toEqual(before);
  });
});
