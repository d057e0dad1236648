import { SeedRandom } from '../../src/demo/seed-random';
import { CONTRACT_ERROR_CODES } from '../../src/graphql/error-code';
import { PUSH_PROJECTS, RECORD_BENEFITS, RECORD_TRANSACTIONS, projectInput, projectNo } from '../support/project-fixtures';
import { startTestHub, type TestHub } from '../support/test-hub';

/** Seeded, so a failure can be replayed from its seed. */
type Rng = SeedRandom;

const TEXT = [
  "' or 1=1 --",
  '\u0000',
  '\ud800',
  '１２',
  '5201022016',
  '520102',
  '52010200100',
  '520102001001',
  '',
  ' ',
  'x'.repeat(20_000),
  '王'.repeat(201),
  '-',
];
const AMOUNTS = ['0', '0.00', '-1', '1e5', '12.345', 'NaN', '999999999999.99', '1000000000000', '0.01', '12', 1.5, 0, null, '１２'];
const DATES = ['2016-05-01', '2016-05-01', '2016-06-01', '2099-12-31', '0001-01-01', '2016-02-30', '9999-12-31', '2016-13-01', 'yesterday', null];

function junk(r: Rng): Record<string, unknown> {
  const text = () => (r.next() < 0.5 ? r.pick(TEXT) : projectNo('52', r.below(3)));
  // Mostly values the scalars take, so that most requests reach the resolvers and the database.
  const day = () => (r.next() < 0.8 ? r.pick(['2016-05-01', '2016-06-01', null]) : r.pick(DATES));
  const money = () => (r.next() < 0.7 ? r.pick(['0.01', '12', '100.50', '0', '-3.00']) : r.pick(AMOUNTS));
  switch (r.below(3)) {
    case 0: {
      const p = projectInput('52', r.below(4), {
        projectNo: text(),
        name: r.pick(TEXT),
        countyCode: r.pick(['520102', '530102', '52010', text()]),
        villageCodes: r.next() < 0.5 ? null : [text(), text()],
        status: r.pick(['PLANNED', 'APPROVED', 'IN_PROGRESS', 'COMPLETED', 'ACCEPTED', 'CANCELLED']),
        approvedOn: day(),
        plannedStart: day(),
        plannedEnd: day(),
        completedOn: day(),
        implementingUnit: r.pick([...TEXT, null]),
        budget: Array.from({ length: r.below(3) }, () => ({ source: r.pick(['COUNTY', 'SOCIAL']), amount: money() })),
        announcement: r.next() < 0.5 ? null : { publishedOn: day(), place: r.pick(TEXT) },
        expectedVersion: r.pick([null, -1, 0, 1, 2 ** 31 - 1]),
      });
      return { query: PUSH_PROJECTS, variables: { key: r.pick(TEXT), projects: [p] } };
    }
    case 1: {
      const t = () => ({
        projectNo: text(),
        kind: r.pick(['ALLOCATION', 'DISBURSEMENT', 'REVERSAL']),
        source: r.pick(['COUNTY', 'SOCIAL']),
        amount: money(),
        date: day(),
        reference: r.pick(TEXT),
        reverses: r.pick([...TEXT, null]),
      });
      return { query: RECORD_TRANSACTIONS, variables: { key: `k${r.below(1e9)}`, transactions: Array.from({ length: 1 + r.below(3) }, t) } };
    }
    default: {
      const b = () => ({ registryNo: text(), type: r.pick(['SUBSIDY', 'MICROCREDIT']), amount: money(), date: day() });
      return { query: RECORD_BENEFITS, variables: { key: `k${r.below(1e9)}`, projectNo: text(), benefits: Array.from({ length: 1 + r.below(3) }, b) } };
    }
  }
}

describe('malformed project, ledger and benefit writes', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ production: true, rateLimitPerMinute: 0 });
    await hub.gql('P52', PUSH_PROJECTS, { key: 'setup', projects: [projectInput('52', 0), projectInput('52', 1), projectInput('52', 2)] });
  });
  afterAll(() => hub.close());

  it('answers each with a 4xx or a contract error (or item outcomes), never a 500 or INTERNAL', async () => {
    const r = new SeedRandom(20161201);
    const failures: string[] = [];
    const seen = new Map<string, number>();
    for (let i = 0; i < 200; i++) {
      const body = junk(r);
      const res = await fetch(`${hub.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await hub.token(r.pick(['P52', 'P52', 'P53']))}` },
        body: JSON.stringify(body),
      });
      const json = (await res.json()) as { errors?: Array<{ extensions?: { code?: string } }> };
      const codes = (json.errors ?? []).map((e) => String(e.extensions?.code));
      const key = `${res.status} ${codes.join(',')}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
      if (res.status >= 500 || codes.some((c) => !CONTRACT_ERROR_CODES.has(c) || c === 'INTERNAL')) {
        failures.push(`#${i} ${key}: ${JSON.stringify(body).slice(0, 300)} -> ${JSON.stringify(json).slice(0, 300)}`);
      }
    }
    expect(failures).toEqual([]);
    // Both layers were reached: coercion refusals (400) and answers item by item (200).
    expect([...seen].filter(([k]) => k.startsWith('400')).length).toBeGreaterThan(0);
    expect(seen.get('200 ') ?? 0).toBeGreaterThan(20);
  }, 180_000);
});
