import { buildIdNumber } from '../../src/modules/id-number/id-number.generator';
import { PUSH, householdInput } from '../support/push-fixtures';
import { startTestHub, type TestHub } from '../support/test-hub';

const STATS = `query($g: [StatDimension!]!, $f: RegistryStatsFilter, $d: Date) {
  registryStats(groupBy: $g, filter: $f, asOf: $d) { provinceCode status exitYear households people } }`;
const REPORT = `query($y: Int!) { annualReport(year: $y) {
  year provinces { provinceCode newIdentifications exits returns removals membersAdded membersRemoved }
  total { newIdentifications exits returns removals membersAdded membersRemoved } } }`;

/** Today as the hub counts days: the Beijing day, which is already tomorrow's UTC date after 16:00 UTC. */
const beijingToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

type Row = { provinceCode: string | null; status: string | null; exitYear: number | null; households: number; people: number };
type ReportRow = {
  provinceCode?: string | null;
  newIdentifications: number;
  exits: number;
  returns: number;
  removals: number;
  membersAdded: number;
  membersRemoved: number;
};

describe('registry statistics, as of a day, and the annual report', () => {
  let hub: TestHub;
  const reg = (n: number, p = '52') => householdInput(p, n).registryNo as string;

  async function call(who: string, query: string, variables: Record<string, unknown>) {
    const res = await hub.gql(who, query, variables);
    if (res.body.errors) throw new Error(JSON.stringify(res.body.errors));
    return Object.values(res.body.data as Record<string, unknown>)[0];
  }
  const stats = (who: string, groupBy: string[], asOf?: string, filter?: Record<string, unknown>) =>
    call(who, STATS, { g: groupBy, d: asOf, f: filter }) as Promise<Row[]>;
  const byStatus = async (asOf?: string) => Object.fromEntries((await stats('P52', ['STATUS'], asOf)).map((r) => [r.status, [r.households, r.people]]));
  const report = (who: string, year: number) => call(who, REPORT, { y: year }) as Promise<{ provinces: ReportRow[]; total: ReportRow }>;
  const lifecycle = (mutation: string, vars: Record<string, unknown>) => call('P52', mutation, vars);
  const exit = (n: number, year: number) =>
    lifecycle(`mutation($r: String!, $y: Int!) { recordExit(registryNo: $r, year: $y) { version } }`, { r: reg(n), y: year });
  const ret = (n: number, year: number) =>
    lifecycle(`mutation($r: String!, $y: Int!) { recordReturn(registryNo: $r, year: $y) { version } }`, { r: reg(n), y: year });

  beforeAll(async () => {
    hub = await startTestHub();
    const late = { ...householdInput('52', 5), identifiedYear: 2017 };
    await call('P52', PUSH, { key: 'stats-52', households: [1, 2, 3, 4].map((n) => householdInput('52', n)).concat(late) });
    await call('P53', PUSH, { key: 'stats-53', households: [1, 2].map((n) => householdInput('53', n)) });
    // The history: h1 exits, returns, exits again; h2 exits; h3 exits and returns; h4 stays poor; h5 is identified in 2017.
    await exit(1, 2016);
    await exit(2, 2016);
    await ret(1, 2017);
    await exit(3, 2017);
    await exit(1, 2018);
    await ret(3, 2019);
    const child4 = householdInput('52', 4).members[2].idNumber;
    await lifecycle(`mutation($id: String!, $d: Date!) { removeMember(idNumber: $id, reason: DECEASED, date: $d) { version } }`, {
      id: child4,
      d: '2018-06-30',
    });
    const newborn = { idNumber: buildIdNumber('520102', '2016-01-01', 991), name: '新生', relationship: 'CHILD', health: 'HEALTHY' };
    await lifecycle(`mutation($r: String!, $m: MemberInput!) { addMember(registryNo: $r, member: $m) { version } }`, { r: reg(5), m: newborn });
  });
  afterAll(() => hub.close());

  it('answers each year-end exactly as the registry stood, through a series of exits and returns', async () => {
    expect(await byStatus('2014-12-31')).toEqual({});
    expect(await byStatus('2015-12-31')).toEqual({ POOR: [4, 12] });
    expect(await byStatus('2016-06-30')).toEqual({ POOR: [4, 12] });
    expect(await byStatus('2016-12-31')).toEqual({ EXITED: [2, 6], POOR: [2, 6] });
    expect(await byStatus('2017-12-31')).toEqual({ EXITED: [2, 6], POOR: [2, 6], RETURNED: [1, 3] });
    // h4's child died on 2018-06-30: one person fewer from then on.
    expect(await byStatus('2018-12-31')).toEqual({ EXITED: [3, 9], POOR: [2, 5] });
    expect(await byStatus('2019-12-31')).toEqual({ EXITED: [2, 6], POOR: [2, 5], RETURNED: [1, 3] });
  });

  it('agrees with the current registry today (a member added today counts from today)', async () => {
    const today = beijingToday();
    const now = await byStatus();
    expect(now).toEqual({ EXITED: [2, 6], POOR: [2, 6], RETURNED: [1, 3] });
    expect(await byStatus(today)).toEqual(now);
  });

  it('carries the exit year as of the day', async () => {
    const rows = await stats('P52', ['EXIT_YEAR'], '2017-12-31', { status: 'EXITED' });
    expect(rows.map((r) => [r.exitYear, r.households])).toEqual([
      [2016, 1],
      [2017, 1],
    ]);
    const later = await stats('P52', ['STATUS', 'EXIT_YEAR'], '2018-12-31');
    expect(later.filter((r) => r.status === 'EXITED').map((r) => [r.exitYear, r.households])).toEqual([
      [2016, 1],
      [2017, 1],
      [2018, 1],
    ]);
  });

  it('groups by member dimensions', async () => {
    const res = await hub.gql('P52', `{ registryStats(groupBy: [SEX]) { sex households people } }`);
    const rows = (res.body.data as { registryStats: Array<{ sex: string; households: number; people: number }> }).registryStats;
    // Heads are men and spouses women (the ID numbers' sequence parity); sex is derived from the ID when absent.
    expect(rows.reduce((s, r) => s + r.people, 0)).toBe(15);
    expect(rows.every((r) => r.households <= 5)).toBe(true);
  });

  it('scopes a province to its own registry; LGOP sees all; a ministry is refused', async () => {
    expect(await stats('P53', ['PROVINCE'])).toEqual([{ provinceCode: '53', status: null, exitYear: null, households: 2, people: 6 }]);
    expect(await stats('P53', ['PROVINCE'], undefined, { provinceCode: '52' })).toEqual([]);
    expect((await stats('LGOP', ['PROVINCE'])).map((r) => [r.provinceCode, r.households])).toEqual([
      ['52', 5],
      ['53', 2],
    ]);
    const res = await hub.gql('MOE', STATS, { g: ['PROVINCE'] });
    expect(res.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('reports each year’s dynamic changes, and they add up to the year-end statistics', async () => {
    const p52 = async (year: number) => (await report('P52', year)).provinces.find((r) => r.provinceCode === '52');
    expect(await p52(2015)).toMatchObject({ newIdentifications: 4, exits: 0, returns: 0 });
    expect(await p52(2016)).toMatchObject({ newIdentifications: 0, exits: 2, returns: 0 });
    expect(await p52(2017)).toMatchObject({ newIdentifications: 1, exits: 1, returns: 1 });
    expect(await p52(2018)).toMatchObject({ exits: 1, returns: 0, membersRemoved: 1, membersAdded: 0 });
    expect(await p52(2019)).toMatchObject({ exits: 0, returns: 1 });
    expect(await p52(Number(beijingToday().slice(0, 4)))).toMatchObject({ membersAdded: 1, exits: 0 });
    const inPoverty = async (year: number) => {
      const s = await byStatus(`${year}-12-31`);
      return (s.POOR?.[0] ?? 0) + (s.RETURNED?.[0] ?? 0);
    };
    for (let year = 2015; year <= 2019; year++) {
      const r = (await p52(year))!;
      expect(await inPoverty(year)).toBe((await inPoverty(year - 1)) + r.newIdentifications + r.returns - r.exits - r.removals);
    }
  });

  it('totals the provinces for LGOP and shows a province only its own row', async () => {
    const all = await report('LGOP', 2015);
    expect(all.provinces.map((r) => [r.provinceCode, r.newIdentifications])).toEqual([
      ['52', 4],
      ['53', 2],
    ]);
    expect(all.total.newIdentifications).toBe(6);
    const own = await report('P53', 2016);
    expect(own.provinces.every((r) => r.provinceCode === '53')).toBe(true);
  });
});
