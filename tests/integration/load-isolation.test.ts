import autocannon from 'autocannon';
import { PUSH, householdInput } from '../support/push-fixtures';
import { SEED_TENANTS } from '../../src/modules/tenants/tenant.seed';
import { startTestHub, type TestHub } from '../support/test-hub';

const PAGE = JSON.stringify({ query: '{ households(first: 100) { edges { node { registryNo provinceCode members { idNumber } } } } }' });
const lookup = (ids: string[]) =>
  JSON.stringify({ query: 'query($ids: [String!]!) { lookupPersons(idNumbers: $ids) { idNumber registered provinceCode registryNo } }', variables: { ids } });

/** Requests per tenant: a count, not a duration, so a slow machine sends as many as a fast one. */
const PER_TENANT = 16;

interface Seen {
  responses: number;
  households: number;
  leaks: string[];
}

/**
 * The 10 provinces, the 7 ministries and LGOP at once, on more connections than the hub has
 * database connections, through reads, lookups and (provinces) pushes; each
 * answer is checked for rows of another tenant.
 */
describe('load with isolation', () => {
  let hub: TestHub;
  const people: string[] = [];
  beforeAll(async () => {
    hub = await startTestHub({ production: true, rateLimitPerMinute: 0 });
    for (const p of ['13', '52', '53', '62']) {
      const households = Array.from({ length: 40 }, (_, i) => householdInput(p, i + 1));
      const res = await hub.gql('P' + p, PUSH, { key: `seed-${p}`, households });
      if (res.body.errors) throw new Error(JSON.stringify(res.body.errors));
      people.push(...households.map((h) => String(h.members[0].idNumber)));
    }
  });
  afterAll(() => hub.close());

  /** Rows in an answer that the tenant may not see. */
  function leaks(code: string, province: string | null, body: string): { households: number; leaks: string[] } {
    const data = (
      JSON.parse(body) as {
        data?: {
          households?: { edges: Array<{ node: { registryNo: string; provinceCode: string } }> };
          lookupPersons?: Array<{ provinceCode: string | null; registryNo: string | null }>;
        };
      }
    ).data;
    const found: string[] = [];
    const rows = data?.households?.edges.map((e) => e.node) ?? [];
    for (const h of rows) {
      const mine = code === 'LGOP' || (province !== null && h.provinceCode === province && h.registryNo.startsWith(province));
      if (!mine) found.push(`${code} saw household ${h.registryNo}`);
    }
    for (const p of data?.lookupPersons ?? []) {
      if (p.registryNo !== null && code !== 'LGOP' && p.provinceCode !== province) found.push(`${code} saw registry number ${p.registryNo}`);
    }
    return { households: rows.length, leaks: found };
  }

  it('answers the 17 offices and LGOP at once with no row of another tenant in any response', async () => {
    const tenants = SEED_TENANTS;
    expect(tenants).toHaveLength(18);
    const seen = new Map<string, Seen>();
    const runs = await Promise.all(
      tenants.map(async (t) => {
        const province = t.provinceCode ?? null;
        const token = await hub.token(t.code);
        const requests: autocannon.Request[] = [
          { method: 'POST', path: '/graphql', body: PAGE },
          { method: 'POST', path: '/graphql', body: lookup(people.slice(0, 40)) },
          { method: 'POST', path: '/graphql', body: lookup(people.slice(80, 160)) },
        ];
        if (province)
          requests.push({
            method: 'POST',
            path: '/graphql',
            body: JSON.stringify({ query: PUSH, variables: { key: `load-${t.code}`, households: [householdInput(province, 500)] } }),
          });
        const tally: Seen = { responses: 0, households: 0, leaks: [] };
        seen.set(t.code, tally);
        return autocannon({
          url: hub.url,
          connections: 2,
          amount: PER_TENANT,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          requests,
          setupClient: (client) => {
            client.on('body', (buf: Buffer) => {
              const r = leaks(t.code, province, buf.toString());
              tally.responses++;
              tally.households += r.households;
              tally.leaks.push(...r.leaks.slice(0, 5));
            });
          },
        });
      }),
    );
    const all = [...seen.values()];
    expect(all.flatMap((s) => s.leaks)).toEqual([]);
    // The load was real: all with 2xx, on 36 connections against a pool of 5.
    expect(runs.every((r) => r.non2xx === 0 && r.errors === 0)).toBe(true);
    // Each tenant got an answer to every request: its list of 3 or 4, cycled per connection, several times over.
    expect(all.map((s) => s.responses)).toEqual(Array(tenants.length).fill(PER_TENANT));
    expect(seen.get('P52')!.households).toBeGreaterThan(0);
    expect(seen.get('LGOP')!.households).toBeGreaterThan(0);
    expect(seen.get('MOE')!.households).toBe(0);
  }, 60_000);
});
