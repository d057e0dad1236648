import type { EntityManager } from '@mikro-orm/postgresql';
import { GraphQLError } from 'graphql';
import { Household } from '../../src/modules/households/household.entity';
import { HouseholdEventType, HouseholdStatus } from '../../src/modules/households/household.enums';
import { buildIdNumber } from '../../src/modules/id-number/id-number.generator';
import {
  checkNotActive,
  checkOneHead,
  exitRule,
  newMember,
  removalReason,
  removeMemberRule,
  removeRule,
  returnRule,
} from '../../src/modules/lifecycle/lifecycle.rules';
import { Member } from '../../src/modules/members/member.entity';
import { HealthStatus, MemberStatus, Relationship, RemovalReason } from '../../src/modules/members/member.enums';
import type { MemberInput } from '../../src/modules/pushes/push.inputs';

const TODAY = new Date('2026-06-15T10:00:00Z');
/** exitRule, returnRule and removeMemberRule read nothing: they are given no EntityManager to read with. */
const NO_EM = undefined as unknown as EntityManager;

function household(status: HouseholdStatus, over: Partial<Household> = {}): Household {
  return {
    id: 1,
    registryNo: '5201020010010001',
    provinceCode: '52',
    status,
    identifiedYear: 2015,
    exitYear: null,
    removalReason: null,
    version: 3,
    ...over,
  } as Household;
}

/** The error a refused rule throws: its message and the extensions the client gets. */
async function refusal(run: () => unknown): Promise<{ message: string; extensions: Record<string, unknown> }> {
  try {
    await run();
  } catch (err) {
    if (!(err instanceof GraphQLError)) throw err;
    return { message: err.message, extensions: { ...err.extensions } };
  }
  throw new Error('expected a refusal');
}
const transition = (message: string, path = 'registryNo') => ({
  message,
  extensions: { code: 'BAD_USER_INPUT', reason: 'TRANSITION_NOT_ALLOWED', fields: [{ path, message }] },
});

describe('exitRule: only a POOR or RETURNED household exits', () => {
  it('takes a POOR household to EXITED in the year, with the event of the change', async () => {
    const h = household(HouseholdStatus.POOR);
    const change = await exitRule(2019, TODAY)(NO_EM, h);
    expect(change).toEqual({ type: HouseholdEventType.EXITED, changes: { status: { old: 'POOR', new: 'EXITED' }, exitYear: { old: null, new: 2019 } } });
    expect([h.status, h.exitYear]).toEqual([HouseholdStatus.EXITED, 2019]);
  });

  it('lets a RETURNED household exit again, recording its previous exit year as the old one', async () => {
    const h = household(HouseholdStatus.RETURNED, { exitYear: 2017 });
    expect((await exitRule(2020, TODAY)(NO_EM, h)).changes).toEqual({ status: { old: 'RETURNED', new: 'EXITED' }, exitYear: { old: 2017, new: 2020 } });
    expect([h.status, h.exitYear]).toEqual([HouseholdStatus.EXITED, 2020]);
  });

  it.each([HouseholdStatus.EXITED, HouseholdStatus.REMOVED])('refuses a %s household and leaves it as it was', async (status) => {
    const h = household(status, { exitYear: status === HouseholdStatus.EXITED ? 2018 : null });
    const before = { ...h };
    expect(await refusal(() => exitRule(2019, TODAY)(NO_EM, h))).toEqual(transition(`A ${status} household cannot exit; only POOR or RETURNED ones can`));
    expect(h).toEqual(before);
  });

  it('accepts the identification year and this year; refuses the year before identification and next year, at `year`', async () => {
    expect((await exitRule(2015, TODAY)(NO_EM, household(HouseholdStatus.POOR))).changes.exitYear).toEqual({ old: null, new: 2015 });
    expect((await exitRule(2026, TODAY)(NO_EM, household(HouseholdStatus.POOR))).changes.exitYear).toEqual({ old: null, new: 2026 });
    expect(await refusal(() => exitRule(2014, TODAY)(NO_EM, household(HouseholdStatus.POOR)))).toEqual(
      transition('Year 2014 is before its identification year 2015', 'year'),
    );
    expect(await refusal(() => exitRule(2027, TODAY)(NO_EM, household(HouseholdStatus.POOR)))).toEqual(transition('Year 2027 is in the future', 'year'));
  });

  it('refuses a new exit before the previous one; the same year is allowed', async () => {
    expect(await refusal(() => exitRule(2016, TODAY)(NO_EM, household(HouseholdStatus.RETURNED, { exitYear: 2017 })))).toEqual(
      transition('Year 2016 is before its previous exit year 2017', 'year'),
    );
    expect((await exitRule(2017, TODAY)(NO_EM, household(HouseholdStatus.RETURNED, { exitYear: 2017 }))).type).toBe(HouseholdEventType.EXITED);
  });
});

describe('returnRule: only an EXITED household returns to poverty', () => {
  it('takes an EXITED household to RETURNED, keeping its exit year, and records the return year in the event', async () => {
    const h = household(HouseholdStatus.EXITED, { exitYear: 2018 });
    expect(await returnRule(2020, TODAY)(NO_EM, h)).toEqual({
      type: HouseholdEventType.RETURNED,
      changes: { status: { old: 'EXITED', new: 'RETURNED' }, returnYear: { old: null, new: 2020 } },
    });
    expect([h.status, h.exitYear]).toEqual([HouseholdStatus.RETURNED, 2018]);
  });

  it.each([HouseholdStatus.POOR, HouseholdStatus.RETURNED, HouseholdStatus.REMOVED])('refuses a %s household and leaves it as it was', async (status) => {
    const h = household(status, { exitYear: status === HouseholdStatus.RETURNED ? 2018 : null });
    const before = { ...h };
    expect(await refusal(() => returnRule(2020, TODAY)(NO_EM, h))).toEqual(
      transition(`A ${status} household cannot return to poverty; only an EXITED one can`),
    );
    expect(h).toEqual(before);
  });

  it('accepts the exit year itself and this year; refuses a year before the exit and next year', async () => {
    const exited = () => household(HouseholdStatus.EXITED, { exitYear: 2018 });
    expect((await returnRule(2018, TODAY)(NO_EM, exited())).type).toBe(HouseholdEventType.RETURNED);
    expect((await returnRule(2026, TODAY)(NO_EM, exited())).type).toBe(HouseholdEventType.RETURNED);
    expect(await refusal(() => returnRule(2017, TODAY)(NO_EM, exited()))).toEqual(transition('Year 2017 is before its exit year 2018', 'year'));
    expect(await refusal(() => returnRule(2027, TODAY)(NO_EM, exited()))).toEqual(transition('Year 2027 is in the future', 'year'));
  });

  it('for an EXITED household without an exit year, refuses a year before its identification', async () => {
    expect(await refusal(() => returnRule(2014, TODAY)(NO_EM, household(HouseholdStatus.EXITED)))).toEqual(
      transition('Year 2014 is before its exit year 2015', 'year'),
    );
  });
});

describe('removing a household', () => {
  it('removalReason: refuses a household already REMOVED', () => {
    expect(() => removalReason(household(HouseholdStatus.REMOVED), 'wrongly identified')).toThrow('The household is already REMOVED');
  });

  it.each([HouseholdStatus.POOR, HouseholdStatus.EXITED, HouseholdStatus.RETURNED])('removalReason: accepts a %s household, the reason trimmed', (status) => {
    expect(removalReason(household(status), '  wrongly identified \n')).toBe('wrongly identified');
  });

  it('removalReason: requires a reason of 1 to 500 characters, at `reason`', async () => {
    const message = 'Give the reason for the removal (at most 500 characters)';
    for (const reason of ['', '   ', 'x'.repeat(501)])
      expect(await refusal(() => removalReason(household(HouseholdStatus.POOR), reason))).toEqual(transition(message, 'reason'));
    expect(removalReason(household(HouseholdStatus.POOR), 'x'.repeat(500))).toHaveLength(500);
    expect(removalReason(household(HouseholdStatus.POOR), ` ${'x'.repeat(500)} `)).toHaveLength(500);
  });

  it('removeRule: retires every active member (status REMOVED, today) and names them in the event', async () => {
    const active = [
      { idNumber: 'A', status: MemberStatus.ACTIVE },
      { idNumber: 'B', status: MemberStatus.ACTIVE },
    ] as Member[];
    const find = jest.fn(async () => active);
    const h = household(HouseholdStatus.EXITED, { exitYear: 2018 });
    const change = await removeRule(' wrongly identified ')({ find } as unknown as EntityManager, h);
    expect(find).toHaveBeenCalledWith(Member, { household: h, status: MemberStatus.ACTIVE });
    const today = new Date().toISOString().slice(0, 10);
    expect(active.map((m) => [m.status, m.statusDate])).toEqual([
      [MemberStatus.REMOVED, today],
      [MemberStatus.REMOVED, today],
    ]);
    expect(change).toEqual({
      type: HouseholdEventType.REMOVED,
      changes: { status: { old: 'EXITED', new: 'REMOVED' }, removalReason: { old: null, new: 'wrongly identified' }, members: { removed: ['A', 'B'] } },
      idNumbers: ['A', 'B'],
    });
    expect([h.status, h.removalReason]).toEqual([HouseholdStatus.REMOVED, 'wrongly identified']);
  });

  it('removeRule: reads nothing when the removal is refused', async () => {
    const find = jest.fn();
    await expect(removeRule('')({ find } as unknown as EntityManager, household(HouseholdStatus.POOR))).rejects.toThrow(/reason/);
    expect(find).not.toHaveBeenCalled();
  });
});

describe('adding a member', () => {
  const baby = (over: Partial<MemberInput> = {}): MemberInput => ({
    idNumber: buildIdNumber('520102', '2026-01-02', 31),
    name: '张小',
    relationship: Relationship.CHILD,
    health: HealthStatus.HEALTHY,
    ...over,
  });

  it.each([HouseholdStatus.POOR, HouseholdStatus.EXITED, HouseholdStatus.RETURNED])('newMember: a %s household takes a valid member', (status) => {
    expect(newMember(household(status), baby(), TODAY)).toMatchObject({
      idNumber: buildIdNumber('520102', '2026-01-02', 31),
      birthDate: '2026-01-02',
      relationship: Relationship.CHILD,
    });
  });

  it('newMember: a REMOVED household takes none', async () => {
    expect(await refusal(() => newMember(household(HouseholdStatus.REMOVED), baby(), TODAY))).toEqual(transition('A REMOVED household takes no new members'));
  });

  it('newMember: refuses an invalid member with each field under `member`', async () => {
    const refused = await refusal(() => newMember(household(HouseholdStatus.POOR), baby({ idNumber: '123', name: ' ' }), TODAY));
    expect(refused.message).toBe('The member is not valid');
    expect(refused.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_INPUT' });
    expect((refused.extensions.fields as Array<{ path: string }>).map((f) => f.path)).toEqual(['member.idNumber', 'member.name']);
  });

  it('newMember: refuses a member born after the day given', async () => {
    const refused = await refusal(() => newMember(household(HouseholdStatus.POOR), baby({ idNumber: buildIdNumber('520102', '2026-06-16', 31) }), TODAY));
    expect(refused.extensions.reason).toBe('INVALID_INPUT');
  });

  it('checkOneHead: refuses a second head, at member.relationship', async () => {
    const head = newMember(household(HouseholdStatus.POOR), baby({ relationship: Relationship.HEAD }), TODAY);
    expect(await refusal(() => checkOneHead(head, [{ relationship: Relationship.SPOUSE }, { relationship: Relationship.HEAD }]))).toEqual(
      transition('The household already has a head', 'member.relationship'),
    );
  });

  it('checkOneHead: accepts a head for a household without one, and anyone else beside a head', () => {
    const head = newMember(household(HouseholdStatus.POOR), baby({ relationship: Relationship.HEAD }), TODAY);
    expect(() => checkOneHead(head, [{ relationship: Relationship.SPOUSE }])).not.toThrow();
    expect(() => checkOneHead(head, [])).not.toThrow();
    expect(() => checkOneHead(newMember(household(HouseholdStatus.POOR), baby(), TODAY), [{ relationship: Relationship.HEAD }])).not.toThrow();
  });

  it('checkNotActive: accepts a person active nowhere', () => {
    expect(() => checkNotActive(household(HouseholdStatus.POOR), undefined)).not.toThrow();
  });

  it('checkNotActive: refuses a person already active in this household', async () => {
    const refused = await refusal(() => checkNotActive(household(HouseholdStatus.POOR), { registryNo: '5201020010010001', provinceCode: '52' }));
    expect(refused).toEqual({
      message: 'This person is already an active member of this household',
      extensions: { code: 'DUPLICATE_ID_NUMBER', reason: 'DUPLICATE_ID_NUMBER', fields: [{ path: 'member.idNumber', message: 'already active' }] },
    });
  });

  it('checkNotActive: refuses a person active in another household, naming its province and not its registry number', async () => {
    const refused = await refusal(() => checkNotActive(household(HouseholdStatus.POOR), { registryNo: '5301020010010009', provinceCode: '53' }));
    expect(refused.message).toBe('This person is already an active member of another household, in province 53');
    expect(JSON.stringify(refused)).not.toContain('5301020010010009');
  });
});

describe('removeMemberRule: a member leaves', () => {
  const member = (over: Partial<Member> = {}) =>
    ({ idNumber: '520102201001010011', birthDate: '2010-01-01', status: MemberStatus.ACTIVE, statusDate: null, ...over }) as Member;
  const on = (day: string) => new Date(`${day}T00:00:00Z`);

  it.each([
    [RemovalReason.DECEASED, MemberStatus.DECEASED],
    [RemovalReason.MOVED_OUT, MemberStatus.MOVED_OUT],
    [RemovalReason.MARRIED_OUT, MemberStatus.MARRIED_OUT],
    [RemovalReason.OTHER, MemberStatus.REMOVED],
  ])('%s: the member becomes %s on the date, and the event names the member, the reason and the date', async (reason, status) => {
    const m = member();
    const change = await removeMemberRule(reason, on('2020-03-04'), TODAY)(NO_EM, household(HouseholdStatus.POOR), m);
    expect(change).toEqual({
      type: HouseholdEventType.MEMBER_REMOVED,
      changes: { members: { removed: ['520102201001010011'], reason, date: '2020-03-04' } },
      idNumbers: ['520102201001010011'],
    });
    expect([m.status, m.statusDate]).toEqual([status, '2020-03-04']);
  });

  it('accepts today and the birth date itself; refuses tomorrow and the day before birth, at `date`', async () => {
    const leave = (day: string) => removeMemberRule(RemovalReason.DECEASED, on(day), TODAY)(NO_EM, household(HouseholdStatus.POOR), member());
    expect((await leave('2026-06-15')).changes).toMatchObject({ members: { date: '2026-06-15' } });
    expect((await leave('2010-01-01')).changes).toMatchObject({ members: { date: '2010-01-01' } });
    expect(await refusal(() => leave('2026-06-16'))).toEqual(transition('Date 2026-06-16 is in the future', 'date'));
    expect(await refusal(() => leave('2009-12-31'))).toEqual(transition("Date 2009-12-31 is before the member's birth", 'date'));
  });

  it('leaves a refused member as it was', async () => {
    const m = member();
    await expect(removeMemberRule(RemovalReason.MOVED_OUT, on('2030-01-01'), TODAY)(NO_EM, household(HouseholdStatus.POOR), m)).rejects.toThrow(/future/);
    expect([m.status, m.statusDate]).toEqual([MemberStatus.ACTIVE, null]);
  });

  it('checks no birth for a member whose birth date is unknown', async () => {
    const m = member({ birthDate: null });
    await removeMemberRule(RemovalReason.OTHER, on('1950-01-01'), TODAY)(NO_EM, household(HouseholdStatus.POOR), m);
    expect(m.status).toBe(MemberStatus.REMOVED);
  });
});
