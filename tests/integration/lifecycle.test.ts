import { runSql, sql } from '../../src/db/sql';
import { computeCheckCharacter } from '../../src/modules/id-number/id-number';
import { PUSH, householdInput } from '../support/push-fixtures';
import { startTestHub, type TestHub } from '../support/test-hub';

const H = 'registryNo status exitYear version removalReason members { idNumber status statusDate } events { type version changes tenantCode }';

describe('lifecycle mutations', () => {
  let hub: TestHub;
  let n = 0;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.close());

  async function fresh(province = '52') {
    const h = householdInput(province, ++n);
    const res = await hub.gql(`P${province}`, PUSH, { key: `k${province}-${n}`, households: [h] });
    expect((res.body.data as { pushHouseholds: { created: number } }).pushHouseholds.created).toBe(1);
    return h;
  }
  const call = async (who: string, mutation: string, vars: Record<string, unknown>) => {
    const res = await hub.gql(who, mutation, vars);
    const data = res.body.data ? (Object.values(res.body.data)[0] as Record<string, unknown>) : null;
    return { data, code: res.body.errors?.[0]?.extensions?.code, error: res.body.errors?.[0] };
  };
  const exit = (r: string, year: number, v?: number) =>
    call('P52', `mutation($r: String!, $y: Int!, $v: Int) { recordExit(registryNo: $r, year: $y, expectedVersion: $v) { ${H} } }`, { r, y: year, v });
  const ret = (r: string, year: number) => call('P52', `mutation($r: String!, $y: Int!) { recordReturn(registryNo: $r, year: $y) { ${H} } }`, { r, y: year });
  const remove = (r: string, reason: string) =>
    call('P52', `mutation($r: String!, $why: String!) { removeHousehold(registryNo: $r, reason: $why) { ${H} } }`, { r, why: reason });
  const addMember = (who: string, r: string, member: unknown) =>
    call(who, `mutation($r: String!, $m: MemberInput!) { addMember(registryNo: $r, member: $m) { ${H} } }`, { r, m: member });
  const removeMember = (id: string, reason: string, date: string) =>
    call('P52', `mutation($id: String!, $why: RemovalReason!, $d: Date!) { removeMember(idNumber: $id, reason: $why, date: $d) { ${H} } }`, {
      id,
      why: reason,
      d: date,
    });

  it('records exit then return, and the history is exactly that sequence', async () => {
    const h = await fresh();
    const e = await exit(h.registryNo as string, 2017, 1);
    expect(e.data).toMatchObject({ status: 'EXITED', exitYear: 2017, version: 2 });
    const r = await ret(h.registryNo as string, 2019);
    expect(r.data).toMatchObject({ status: 'RETURNED', exitYear: 2017, version: 3 });
    const again = await exit(h.registryNo as string, 2020);
    expect(again.data).toMatchObject({ status: 'EXITED', exitYear: 2020, version: 4 });
    expect((again.data!.events as Array<{ type: string; version: number }>).map((ev) => [ev.type, ev.version])).toEqual([
      ['IDENTIFIED', 1],
      ['EXITED', 2],
      ['RETURNED', 3],
      ['EXITED', 4],
    ]);
    expect((again.data!.events as Array<{ changes: unknown }>)[1].changes).toEqual({
      status: { old: 'POOR', new: 'EXITED' },
      exitYear: { old: null, new: 2017 },
    });
  });

  it('refuses transitions that are not allowed', async () => {
    const h = await fresh();
    const r = h.registryNo as string;
    expect((await ret(r, 2018)).code).toBe('BAD_USER_INPUT');
    expect((await exit(r, 2014)).error?.message).toMatch(/before its identification year 2015/);
    expect((await exit(r, new Date().getUTCFullYear() + 1)).error?.message).toMatch(/future/);
    await exit(r, 2018);
    expect((await exit(r, 2019)).error?.message).toMatch(/EXITED household cannot exit/);
    expect((await ret(r, 2017)).error?.message).toMatch(/before its exit year 2018/);
    await remove(r, 'wrongly identified: income above the line');
    expect((await remove(r, 'again')).error?.message).toMatch(/already REMOVED/);
    expect((await ret(r, 2020)).error?.message).toMatch(/REMOVED household cannot return/);
    expect((await addMember('P52', r, { idNumber: '11010519491231002X', name: 'x', relationship: 'OTHER', health: 'HEALTHY' })).error?.message).toMatch(
      /REMOVED/,
    );
  });

  it('answers VERSION_CONFLICT with the current version for a stale expectedVersion', async () => {
    const h = await fresh();
    const res = await exit(h.registryNo as string, 2017, 5);
    expect(res.code).toBe('VERSION_CONFLICT');
    expect(res.error?.extensions?.currentVersion).toBe(1);
  });

  it('removing a household frees its members’ ID numbers', async () => {
    const h = await fresh();
    const res = await remove(h.registryNo as string, 'duplicate registration');
    expect(res.data).toMatchObject({ status: 'REMOVED', removalReason: 'duplicate registration', version: 2 });
    expect((res.data!.members as Array<{ status: string }>).every((m) => m.status === 'REMOVED')).toBe(true);
  });

  it('adds and removes members, refusing a second head and a person active elsewhere', async () => {
    const h = await fresh();
    const other = await fresh();
    const r = h.registryNo as string;
    const baby = { idNumber: '520102202001010020', name: '新生', relationship: 'GRANDCHILD', health: 'HEALTHY' };
    baby.idNumber = baby.idNumber.slice(0, 17) + computeCheckCharacter(baby.idNumber.slice(0, 17));
    const added = await addMember('P52', r, baby);
    expect(added.data).toMatchObject({ version: 2 });
    expect((added.data!.members as Array<{ idNumber: string }>).map((m) => m.idNumber)).toContain(baby.idNumber);
    expect((await addMember('P52', r, { ...baby, idNumber: other.members[1].idNumber })).code).toBe('DUPLICATE_ID_NUMBER');
    expect((await addMember('P52', r, { ...baby, idNumber: '11010519491231002X', relationship: 'HEAD' })).error?.message).toMatch(/already has a head/);
    expect((await addMember('P52', r, { ...baby, idNumber: '110105194912310021' })).error?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ path: 'member.idNumber' }],
    });
    const gone = await removeMember(baby.idNumber.toLowerCase(), 'DECEASED', '2021-05-01');
    expect(gone.data).toMatchObject({ version: 3 });
    expect((gone.data!.members as Array<{ idNumber: string; status: string; statusDate: string }>).find((m) => m.idNumber === baby.idNumber)).toMatchObject({
      status: 'DECEASED',
      statusDate: '2021-05-01',
    });
    expect((await removeMember(baby.idNumber, 'DECEASED', '2021-05-01')).code).toBe('NOT_FOUND');
    expect((await removeMember(h.members[1].idNumber as string, 'MOVED_OUT', '1960-01-01')).error?.message).toMatch(/before the member's birth/);
  });

  it('keeps provinces apart: P52 cannot change a P53 household, a ministry cannot change any', async () => {
    const h53 = await fresh('53');
    expect((await exit(h53.registryNo as string, 2017)).code).toBe('NOT_FOUND');
    expect((await removeMember(h53.members[0].idNumber as string, 'DECEASED', '2020-01-01')).code).toBe('NOT_FOUND');
    const moe = await call('MOE', `mutation($r: String!) { recordExit(registryNo: $r, year: 2017) { version } }`, { r: h53.registryNo });
    expect(moe.code).toBe('FORBIDDEN');
    const [{ version }] = await runSql<{ version: number }>(
      hub.db.orm.em.fork(),
      sql`select version from households where registry_no = ${h53.registryNo as string}`,
    );
    expect(version).toBe(1);
  });

  it('keeps a history that is exactly the sequence of pushes and mutations', async () => {
    const h = await fresh();
    const r = h.registryNo as string;
    const pushAgain = async (k: string, body: Record<string, unknown>) => {
      const res = await hub.gql('P52', PUSH, { key: k, households: [body] });
      return (res.body.data as { pushHouseholds: { results: Array<{ outcome: string }> } }).pushHouseholds.results[0].outcome;
    };
    expect(await pushAgain(`seq-1-${n}`, { ...h, annualIncomePerCapita: 2600 })).toBe('UPDATED');
    await exit(r, 2018);
    const child = { idNumber: '', name: '新成员', relationship: 'OTHER', health: 'HEALTHY' };
    child.idNumber = '52010219990101' + '042';
    child.idNumber += computeCheckCharacter(child.idNumber);
    await addMember('P52', r, child);
    expect(await pushAgain(`seq-2-${n}`, { ...h, status: 'EXITED', exitYear: 2018, annualIncomePerCapita: 4100, members: [...h.members, child] })).toBe(
      'UPDATED',
    );
    const last = await removeMember(child.idNumber, 'MOVED_OUT', '2022-03-01');
    const events = last.data!.events as Array<{ type: string; version: number; tenantCode: string }>;
    expect(events.map((e) => `${e.type}@${e.version}`)).toEqual(['IDENTIFIED@1', 'UPDATED@2', 'EXITED@3', 'MEMBER_ADDED@4', 'UPDATED@5', 'MEMBER_REMOVED@6']);
    expect(new Set(events.map((e) => e.tenantCode))).toEqual(new Set(['P52']));
  });
});
