import { PUSH, householdInput } from '../support/push-fixtures';
import { PUSH_PROJECTS, RECORD_BENEFITS, RECORD_TRANSACTIONS, projectInput, projectNo, transaction as tx } from '../support/project-fixtures';
import { startTestHub, type TestHub } from '../support/test-hub';

type Page = { items: Array<Record<string, unknown>>; nextCursor: string | null };

/**
 * GET /public/announcements through the real HTTP server: no token, JSON and CSV,
 * keyset pages, ETag and 304, and no personal datum in any page of any format.
 */
describe('GET /public/announcements', () => {
  let hub: TestHub;
  const get = (query = '', headers: Record<string, string> = {}) => fetch(`${hub.url}/public/announcements${query}`, { headers });
  const ok = async (who: string, query: string, variables: Record<string, unknown>) => {
    const res = await hub.gql(who, query, variables);
    expect(res.body.errors).toBeUndefined();
  };
  /** Every page of a format, following the cursors. */
  async function allPages(format: 'json' | 'csv', limit: number): Promise<string[]> {
    const bodies: string[] = [];
    let after: string | null = null;
    do {
      const res = await get(`?format=${format}&limit=${limit}${after ? `&after=${after}` : ''}`);
      expect(res.status).toBe(200);
      bodies.push(await res.text());
      after = res.headers.get('x-next-cursor');
    } while (after);
    return bodies;
  }
  /** Personal data planted in the registry and in the projects' free text. */
  let planted: string[];

  beforeAll(async () => {
    hub = await startTestHub();
    const households = [1, 2, 3].map((n) => householdInput('52', n));
    await ok('P52', PUSH, { key: 'h', households });
    await ok('P52', PUSH_PROJECTS, {
      key: 'p',
      projects: [
        // A project's name and implementing unit are free text that may name a person: neither is public.
        projectInput('52', 1, { name: '王秀英家庭养殖项目', implementingUnit: '李建国合作社' }),
        projectInput('52', 2, { type: 'WATER', announcement: { publishedOn: '2016-04-01', place: '镇政府公告栏' } }),
        projectInput('52', 3, { announcement: null, status: 'PLANNED', approvedOn: null }),
        projectInput('52', 4, { announcement: { publishedOn: '2016-03-10', place: '=HYPERLINK("x")' } }),
      ],
    });
    await ok('P52', RECORD_TRANSACTIONS, {
      key: 't',
      transactions: [
        tx('52', 1, 'A-1', { amount: '5000.10' }),
        tx('52', 1, 'D-1', { kind: 'DISBURSEMENT', amount: '1000.05' }),
        tx('52', 1, 'D-2', { kind: 'DISBURSEMENT', amount: '0.05' }),
        tx('52', 1, 'R-1', { kind: 'REVERSAL', amount: '0.05', reverses: 'D-2', date: '2016-05-02' }),
      ],
    });
    const benefit = (n: number) => ({ registryNo: households[n - 1].registryNo, type: 'SUBSIDY', amount: '300.00', date: '2016-08-01' });
    await ok('P52', RECORD_BENEFITS, { key: 'b', projectNo: projectNo('52', 1), benefits: [benefit(1), benefit(2), { ...benefit(1), type: 'TRAINING' }] });
    planted = [
      ...households.flatMap((h) => [h.registryNo as string, ...h.members.flatMap((m) => [m.idNumber as string, m.name as string])]),
      '王秀英',
      '李建国',
    ];
  });
  afterAll(() => hub.close());

  it('lists announced projects, newest first, with place, type, budget, funds and households, without a token', async () => {
    const res = await get();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const page = (await res.json()) as Page;
    expect(page.nextCursor).toBeNull();
    expect(page.items.map((i) => i.projectNo)).toEqual([projectNo('52', 2), projectNo('52', 4), projectNo('52', 1)]);
    expect(page.items[2]).toEqual({
      projectNo: projectNo('52', 1),
      provinceCode: '52',
      countyCode: '520102',
      villageCodes: ['520102001001', '520102001002'],
      type: 'ROAD',
      status: 'APPROVED',
      publishedOn: '2016-03-10',
      place: '村务公开栏',
      plannedStart: '2016-04-01',
      plannedEnd: '2016-10-31',
      budget: '1000000.50',
      allocated: '5000.10',
      disbursed: '1000.05',
      householdsBenefited: 2,
    });
    const county = (await (await get('?countyCode=530102')).json()) as Page;
    expect(county.items).toEqual([]);
  });

  it('pages with a cursor, the same items as one page, in JSON and in CSV', async () => {
    const jsonPages = (await allPages('json', 1)).map((b) => JSON.parse(b) as Page);
    expect(jsonPages).toHaveLength(3);
    expect(jsonPages.flatMap((p) => p.items.map((i) => i.projectNo))).toEqual([projectNo('52', 2), projectNo('52', 4), projectNo('52', 1)]);
    const csv = await allPages('csv', 2);
    expect(csv).toHaveLength(2);
    const lines = csv[0]
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe(
      'projectNo,provinceCode,countyCode,villageCodes,type,status,publishedOn,place,plannedStart,plannedEnd,budget,allocated,disbursed,householdsBenefited',
    );
    // A place that looks like a formula is quoted as text for spreadsheets.
    expect(lines[2]).toContain(`"'=HYPERLINK(""x"")"`);
    expect(csv[1]).toContain(
      `${projectNo('52', 1)},52,520102,520102001001 520102001002,ROAD,APPROVED,2016-03-10,村务公开栏,2016-04-01,2016-10-31,1000000.50,5000.10,1000.05,2`,
    );
    const csvRes = await get('?format=csv');
    expect(csvRes.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
  });

  it('is cacheable: ETag and Cache-Control, 304 on If-None-Match, a new ETag when the ledger changes', async () => {
    const first = await get('?limit=10');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers.get('cache-control')).toBe('public, max-age=60');
    const again = await get('?limit=10', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect((await get('?limit=10', { 'if-none-match': `"other", W/${etag}` })).status).toBe(304);
    const csv = await get('?limit=10&format=csv');
    expect(csv.headers.get('etag')).not.toBe(etag);
    await ok('P52', RECORD_TRANSACTIONS, { key: 't2', transactions: [tx('52', 2, 'A-1', { amount: '1.00' })] });
    const changed = await get('?limit=10', { 'if-none-match': etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
  });

  it('never lets out a name, an ID number or a registry number, in any page of any format', async () => {
    const bodies = [...(await allPages('json', 1)), ...(await allPages('json', 500)), ...(await allPages('csv', 1)), ...(await allPages('csv', 500))];
    expect(bodies.length).toBeGreaterThan(4);
    for (const body of bodies) for (const secret of planted) expect(body).not.toContain(secret);
    // The planted values do reach the database, so the test could fail.
    const [row] = await hub.db.orm.em
      .getConnection()
      .execute<Array<{ n: number }>>(`select count(*)::int as n from projects where name like '%王秀英%' and implementing_unit like '%李建国%'`);
    expect(row.n).toBe(1);
  });

  it('refuses a bad query string with BAD_USER_INPUT at the parameter', async () => {
    for (const [query, path] of [
      ['?limit=0', 'limit'],
      ['?limit=501', 'limit'],
      ['?format=xml', 'format'],
      ['?after=bm90LWEtY3Vyc29y', 'after'],
      [`?after=${Buffer.from('2016-02-30|1').toString('base64url')}`, 'after'],
      ['?provinceCode=5', 'provinceCode'],
    ]) {
      const res = await get(query);
      expect(res.status).toBe(400);
      const body = (await res.json()) as { errors: Array<{ extensions: { code: string; fields: Array<{ path: string }> } }> };
      expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(body.errors[0].extensions.fields[0].path).toBe(path);
    }
  });
});
