import { PUSH } from '../support/push-fixtures';
import { plantRegistry, submitAndRun } from '../support/reconcile-fixtures';
import { startTestHub, type TestHub } from '../support/test-hub';

type Case = {
  id: string;
  kind: string;
  status: string;
  raisedBy: string;
  provinceCode: string;
  idNumber: string;
  registryNo: string | null;
  raisedCount: number;
  eventId: string | null;
  dismissalReason: string | null;
  note: string | null;
};
type Person = { idNumber: string; name: string };

const LIST = `query($filter: DiscrepancyFilter) { discrepancies(filter: $filter, first: 100) { edges { node {
  id kind status raisedBy provinceCode idNumber registryNo raisedCount eventId dismissalReason note } } } }`;
const RESOLVE = `mutation($id: ID!, $resolution: DiscrepancyResolution!, $note: String, $reason: DismissalReason) {
  resolveDiscrepancy(id: $id, resolution: $resolution, note: $note, dismissalReason: $reason) { id status dismissalReason note eventId resolvedBy } }`;

describe('discrepancy cases', () => {
  let hub: TestHub;
  let reg: Awaited<ReturnType<typeof plantRegistry>>;
  beforeAll(async () => {
    hub = await startTestHub();
    reg = await plantRegistry(hub);
  });
  afterAll(() => hub.close());

  const h1 = () => reg.h1.members as unknown as Person[];
  const cases = async (who: string, filter: Record<string, unknown> = {}) => {
    const res = await hub.gql<{ discrepancies: { edges: Array<{ node: Case }> } }>(who, LIST, { filter });
    if (!res.body.data) throw new Error(JSON.stringify(res.body.errors));
    return res.body.data.discrepancies.edges.map((e) => e.node);
  };
  const resolve = (who: string, vars: Record<string, unknown>) => hub.gql<{ resolveDiscrepancy: Case }>(who, RESOLVE, vars);
  const health = (insured: boolean) => [{ idNumber: h1()[0].idNumber, name: h1()[0].name, attributes: { insured, seriousIllness: true } }];
  const caseOf = async (kind: string) => (await cases('LGOP', { kind }))[0];

  it('opens a case per kind; the province sees its own, the raising ministry its own, LGOP all', async () => {
    await submitAndRun(hub, 'NHFPC', 'HEALTH', health(false));
    const p52 = await cases('P52');
    expect(p52.map((c) => c.kind).sort()).toEqual(['HEALTH_STATUS_STALE', 'NOT_MEDICALLY_INSURED']);
    expect(p52[0]).toMatchObject({
      status: 'OPEN',
      raisedBy: 'NHFPC',
      provinceCode: '52',
      idNumber: h1()[0].idNumber,
      registryNo: reg.h1.registryNo,
      raisedCount: 1,
    });
    expect(await cases('P53')).toEqual([]);
    expect(await cases('MOE')).toEqual([]);
    const nhfpc = await cases('NHFPC');
    expect(nhfpc).toHaveLength(2);
    expect(nhfpc.every((c) => c.registryNo === null)).toBe(true);
    expect(await cases('LGOP')).toHaveLength(2);
  });

  it('does not open a duplicate case when a later batch raises the same evidence', async () => {
    await submitAndRun(hub, 'NHFPC', 'HEALTH', health(false));
    const all = await cases('LGOP');
    expect(all).toHaveLength(2);
    expect(all.map((c) => c.raisedCount)).toEqual([2, 2]);
  });

  it('lets only the owning province resolve, and refuses a dismissal without a reason or note', async () => {
    const c = await caseOf('HEALTH_STATUS_STALE');
    expect((await resolve('NHFPC', { id: c.id, resolution: 'CONFIRMED' })).body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await resolve('LGOP', { id: c.id, resolution: 'CONFIRMED' })).body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await resolve('P53', { id: c.id, resolution: 'CONFIRMED' })).body.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const noReason = await resolve('P52', { id: c.id, resolution: 'DISMISSED', note: 'not him' });
    expect(noReason.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'dismissalReason' }] });
    const noNote = await resolve('P52', { id: c.id, resolution: 'DISMISSED', reason: 'SOURCE_DATA_WRONG', note: '  ' });
    expect(noNote.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'note' }] });
    const noChange = await resolve('P52', { id: c.id, resolution: 'CORRECTED' });
    expect(noChange.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NO_CORRECTING_EVENT' });
    expect((await caseOf('HEALTH_STATUS_STALE')).status).toBe('OPEN');
    const ok = await resolve('P52', { id: c.id, resolution: 'DISMISSED', reason: 'SOURCE_DATA_WRONG', note: 'the hospital record is of a namesake' });
    expect(ok.body.data?.resolveDiscrepancy).toMatchObject({ status: 'DISMISSED', dismissalReason: 'SOURCE_DATA_WRONG', resolvedBy: 'P52' });
    expect((await cases('NHFPC', { status: 'DISMISSED' }))[0]).toMatchObject({ kind: 'HEALTH_STATUS_STALE', note: 'the hospital record is of a namesake' });
    expect((await resolve('P52', { id: c.id, resolution: 'CONFIRMED' })).body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('keeps a dismissed case dismissed on the same evidence, and reopens it on different evidence', async () => {
    await submitAndRun(hub, 'NHFPC', 'HEALTH', health(false));
    expect((await caseOf('HEALTH_STATUS_STALE')).status).toBe('DISMISSED');
    await submitAndRun(hub, 'NHFPC', 'HEALTH', [{ ...health(false)[0], name: '别人' }]);
    const dismissed = await caseOf('HEALTH_STATUS_STALE');
    expect(dismissed.status).toBe('DISMISSED');
    await submitAndRun(hub, 'MPS', 'CIVIL_REGISTRATION', [
      { idNumber: h1()[1].idNumber, name: h1()[1].name, attributes: { status: 'DECEASED', eventDate: '2020-01-01' } },
    ]);
    const deceased = await caseOf('DECEASED_BUT_ACTIVE');
    await resolve('P52', { id: deceased.id, resolution: 'DISMISSED', reason: 'DIFFERENT_PERSON', note: 'alive, seen at the village office' });
    await submitAndRun(hub, 'MPS', 'CIVIL_REGISTRATION', [
      { idNumber: h1()[1].idNumber, name: h1()[1].name, attributes: { status: 'DECEASED', eventDate: '2021-06-30' } },
    ]);
    expect(await caseOf('DECEASED_BUT_ACTIVE')).toMatchObject({ id: deceased.id, status: 'OPEN', dismissalReason: null, note: null, raisedCount: 2 });
  });

  it('links a case as CORRECTED to the push that changed the registry, and leaves unrelated cases open', async () => {
    const c = await caseOf('NOT_MEDICALLY_INSURED');
    await resolve('P52', { id: c.id, resolution: 'CONFIRMED', note: 'will fix' });
    const fixed = { ...reg.h1, members: reg.h1.members.map((m, i) => (i === 0 ? { ...m, medicalInsured: false } : m)) };
    const push = await hub.gql('P52', PUSH, { key: 'fix-insurance', households: [fixed] });
    expect(push.body.errors).toBeUndefined();
    const history = await hub.gql<{ household: { events: Array<{ id: string }> } }>(
      'P52',
      `query($r: String!) { household(registryNo: $r) { events { id } } }`,
      { r: reg.h1.registryNo },
    );
    const last = history.body.data!.household.events.at(-1)!.id;
    expect(await caseOf('NOT_MEDICALLY_INSURED')).toMatchObject({ status: 'CORRECTED', eventId: last });
    expect((await cases('NHFPC', { kind: 'NOT_MEDICALLY_INSURED' }))[0].status).toBe('CORRECTED');
    expect((await caseOf('DECEASED_BUT_ACTIVE')).status).toBe('OPEN');
  });

  it('links a lifecycle change too: the death recorded corrects DECEASED_BUT_ACTIVE', async () => {
    const res = await hub.gql('P52', `mutation($id: String!) { removeMember(idNumber: $id, reason: DECEASED, date: "2021-06-30") { version } }`, {
      id: h1()[1].idNumber,
    });
    expect(res.body.errors).toBeUndefined();
    expect((await caseOf('DECEASED_BUT_ACTIVE')).status).toBe('CORRECTED');
  });

  it('filters by sector, status and age, and summarises with the median days to resolve', async () => {
    expect(await cases('LGOP', { sector: 'CIVIL_REGISTRATION' })).toHaveLength(1);
    // The batch sent under another name raised NAME_MISMATCH, still open.
    expect((await cases('LGOP', { status: 'OPEN' })).map((c) => c.kind)).toEqual(['NAME_MISMATCH']);
    expect(await cases('LGOP', { minAgeDays: 1 })).toEqual([]);
    expect(await cases('LGOP', { maxAgeDays: 1, provinceCode: '52', countyCode: '520102' })).toHaveLength(4);
    const q = `query($g: [DiscrepancyDimension!]!) { discrepancySummary(groupBy: $g) { provinceCode sector kind status count open confirmed corrected dismissed medianDaysToResolve } }`;
    const lgop = await hub.gql<{ discrepancySummary: Array<Record<string, unknown>> }>('LGOP', q, { g: ['PROVINCE'] });
    expect(lgop.body.data?.discrepancySummary).toEqual([
      {
        provinceCode: '52',
        sector: null,
        kind: null,
        status: null,
        count: 4,
        open: 1,
        confirmed: 0,
        corrected: 2,
        dismissed: 1,
        medianDaysToResolve: expect.any(Number),
      },
    ]);
    const bySector = await hub.gql<{ discrepancySummary: Array<Record<string, unknown>> }>('NHFPC', q, { g: ['SECTOR', 'STATUS'] });
    expect(bySector.body.data?.discrepancySummary.map((r) => [r.sector, r.status, r.count])).toEqual([
      ['HEALTH', 'CORRECTED', 1],
      ['HEALTH', 'DISMISSED', 1],
      ['HEALTH', 'OPEN', 1],
    ]);
    const p53 = await hub.gql<{ discrepancySummary: Array<Record<string, unknown>> }>('P53', q, { g: ['KIND'] });
    expect(p53.body.data?.discrepancySummary).toEqual([]);
  });
});
