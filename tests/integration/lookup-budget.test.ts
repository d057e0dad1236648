import pino from 'pino';
import { buildIdNumber } from '../../src/modules/id-number/id-number.generator';
import { insertHouseholds, makeHouseholds } from '../support/registry-fixtures';
import { startTestHub, type GqlResponse, type TestHub } from '../support/test-hub';
import { waitFor } from '../support/wait-for';

/** `n` distinct, valid ID numbers nobody in the fixtures has (1,000 a birth date). */
const ids = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => buildIdNumber('110105', `1950-01-${String(1 + Math.floor((from + i) / 1000)).padStart(2, '0')}`, (from + i) % 1000));

const ONE = `query($a: [String!]!) { lookupPersons(idNumbers: $a) { registered } }`;
/** Two lookups, the second through a fragment: the count must see through both. */
const TWO = `query($a: [String!]!, $b: [String!]!) { a: lookupPersons(idNumbers: $a) { registered } ...More }
  fragment More on Query { b: lookupPersons(idNumbers: $b) { registered } }`;
const households = (registryNos: string[]) => `{ ${registryNos.map((r, i) => `h${i}: household(registryNo: "${r}") { registryNo }`).join(' ')} }`;

const codeOf = (r: GqlResponse) => r.body.errors?.[0]?.extensions?.code;

describe('the lookups of one request and of one day', () => {
  let hub: TestHub;
  const lines: string[] = [];
  const p52 = makeHouseholds('52', 3);
  const p53 = makeHouseholds('53', 2);
  beforeAll(async () => {
    const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
    hub = await startTestHub({ lookupDailyBudget: 1000, lookupMissCost: 10, log });
    await insertHouseholds(hub.db.orm, [...p52, ...p53]);
    // Counted in Redis once its connection is up; before that the in-process stand-in counts.
    await waitFor('Redis', async () => (await fetch(`${hub.url}/readyz`)).status === 200);
  });
  afterAll(() => hub.close());

  it('counts ID numbers across aliases and fragments: 1,200 in one request are refused before anything is counted', async () => {
    const tooMany = await hub.gql('LGOP', TWO, { a: ids(600), b: ids(600, 600) });
    expect([tooMany.status, codeOf(tooMany), tooMany.body.data]).toEqual([400, 'BAD_USER_INPUT', undefined]);
    expect(tooMany.body.errors?.[0].extensions?.fields).toEqual([{ path: 'idNumbers', message: expect.stringMatching(/at most 1000 .*1200 were sent/i) }]);
    // The refused request took nothing from the day's budget: all 1,000 are still there.
    const all = await hub.gql<{ a: unknown[]; b: unknown[] }>('LGOP', TWO, { a: ids(500), b: ids(500, 500) });
    expect([all.status, all.body.data?.a.length, all.body.data?.b.length]).toEqual([200, 500, 500]);
    expect(codeOf(await hub.gql('LGOP', ONE, { a: ids(1) }))).toBe('RATE_LIMITED');
  });

  it('refuses a tenant past its daily budget with RATE_LIMITED and a retry time, and warns once at 80% without an ID number', async () => {
    const sent = [ids(500), ids(299, 500), ids(1, 799), ids(200, 800)];
    const warnings = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.level === 40 && l.tenant === 'MOE');
    for (const [i, batch] of sent.entries()) {
      const r = await hub.gql('MOE', ONE, { a: batch });
      expect([r.status, r.body.errors]).toEqual([200, undefined]);
      // 799 of 1,000: no warning yet; 800: one.
      if (i === 1) expect(warnings()).toEqual([]);
    }
    expect(warnings()).toEqual([expect.objectContaining({ tenant: 'MOE', used: 800, budget: 1000 })]);
    const refused = await hub.gql('MOE', ONE, { a: ids(1, 1000) });
    expect(refused.status).toBe(429);
    expect(refused.body.errors?.[0].extensions).toEqual({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
    expect(refused.body.errors?.[0].extensions?.retryAfterSeconds).toBeGreaterThan(3600);
    expect(refused.body.errors?.[0].extensions?.retryAfterSeconds).toBeLessThanOrEqual(86_400);
    // Another tenant has its own budget.
    expect((await hub.gql('MCA', ONE, { a: ids(1) })).body.errors).toBeUndefined();
    const logged = lines.join('\n');
    for (const id of [...sent.flat(), ...ids(1, 1000)]) expect(logged).not.toContain(id);
  });

  it('charges household lookups that find nothing, out-of-scope ones too; once spent, no household is answered', async () => {
    const own = p52.map((h) => h.registryNo);
    // Hits cost nothing: 45 answers of the province's own households.
    for (let i = 0; i < 3; i++) {
      const hits = await hub.gql<Record<string, { registryNo: string }>>('P52', households([...own, ...own, ...own, ...own, ...own]));
      expect(Object.values(hits.body.data ?? {}).map((h) => h.registryNo)).toEqual([...own, ...own, ...own, ...own, ...own]);
    }
    // Guessed numbers of a visible village: 90 misses at 10 each.
    const village = p52[0].villageCode;
    for (let r = 0; r < 6; r++) {
      const guesses = Array.from({ length: 15 }, (_, i) => `${village}${String(9000 + r * 15 + i).padStart(4, '0')}`);
      const res = await hub.gql<Record<string, unknown>>('P52', households(guesses));
      expect(Object.values(res.body.data ?? {})).toEqual(Array(15).fill(null));
    }
    // Another province's households are misses too: 10 more make 1,000.
    const other = p53.map((h) => h.registryNo);
    const outOfScope = await hub.gql<Record<string, unknown>>('P52', households(Array.from({ length: 10 }, (_, i) => other[i % 2])));
    expect(Object.values(outOfScope.body.data ?? {})).toEqual(Array(10).fill(null));
    // Spent: even a household that exists is refused, so a refusal says nothing about the number.
    const refused = await hub.gql('P52', households([own[0]]));
    expect([refused.status, codeOf(refused), refused.body.data]).toEqual([429, 'RATE_LIMITED', undefined]);
    expect(codeOf(await hub.gql('P52', ONE, { a: ids(1) }))).toBe('RATE_LIMITED');
    expect((await hub.gql('P53', households([other[0]]))).body.data).toEqual({ h0: { registryNo: other[0] } });
  });
});
