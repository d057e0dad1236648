import type { EntityManager } from '@mikro-orm/postgresql';
import { Household } from '../households/household.entity';
import { HouseholdEventType, HouseholdStatus } from '../households/household.enums';
import { Member } from '../members/member.entity';
import { MemberStatus, RemovalReason, Relationship } from '../members/member.enums';
import type { AppliedChange } from './lifecycle.service';
import { validateMember } from '../pushes/member.validator';
import { pushErrors } from '../pushes/push.errors';
import type { MemberInput } from '../pushes/push.inputs';
import type { MemberRecord } from '../pushes/push.model';
import { PushRepository } from '../pushes/push.repository';

const transition = pushErrors.TRANSITION_NOT_ALLOWED;

function checkYear(year: number, from: number, fromLabel: string, today: Date): void {
  if (year > today.getUTCFullYear()) throw transition(`Year ${year} is in the future`, 'year');
  if (year < from) throw transition(`Year ${year} is before ${fromLabel} ${from}`, 'year');
}

/** Only a POOR or RETURNED household exits. */
export function exitRule(year: number, today: Date) {
  return async (_tem: EntityManager, h: Household): Promise<AppliedChange> => {
    if (h.status !== HouseholdStatus.POOR && h.status !== HouseholdStatus.RETURNED)
      throw transition(`A ${h.status} household cannot exit; only POOR or RETURNED ones can`);
    checkYear(year, Math.max(h.identifiedYear, h.exitYear ?? 0), h.exitYear ? 'its previous exit year' : 'its identification year', today);
    const changes = { status: { old: h.status, new: HouseholdStatus.EXITED }, exitYear: { old: h.exitYear, new: year } };
    h.status = HouseholdStatus.EXITED;
    h.exitYear = year;
    return { type: HouseholdEventType.EXITED, changes };
  };
}

/** Only an EXITED household returns to poverty. */
export function returnRule(year: number, today: Date) {
  return async (_tem: EntityManager, h: Household): Promise<AppliedChange> => {
    if (h.status !== HouseholdStatus.EXITED) throw transition(`A ${h.status} household cannot return to poverty; only an EXITED one can`);
    checkYear(year, h.exitYear ?? h.identifiedYear, 'its exit year', today);
    const changes = { status: { old: h.status, new: HouseholdStatus.RETURNED }, returnYear: { old: null, new: year } };
    h.status = HouseholdStatus.RETURNED;
    return { type: HouseholdEventType.RETURNED, changes };
  };
}

/** Cancels a household; its active members stop being registered, so their ID numbers are free again. */
export function removeRule(reason: string) {
  return async (tem: EntityManager, h: Household): Promise<AppliedChange> => {
    const text = removalReason(h, reason);
    const members = await tem.find(Member, { household: h, status: MemberStatus.ACTIVE });
    const today = new Date().toISOString().slice(0, 10);
    for (const m of members) Object.assign(m, { status: MemberStatus.REMOVED, statusDate: today, updatedAt: new Date() });
    const changes = {
      status: { old: h.status, new: HouseholdStatus.REMOVED },
      removalReason: { old: h.removalReason, new: text },
      members: { removed: members.map((m) => m.idNumber) },
    };
    h.status = HouseholdStatus.REMOVED;
    h.removalReason = text;
    return { type: HouseholdEventType.REMOVED, changes, idNumbers: members.map((m) => m.idNumber) };
  };
}

/** Adds (or brings back) a member: validated like a pushed one; one head; not active elsewhere. */
export function addMemberRule(input: MemberInput, today: Date) {
  return async (tem: EntityManager, h: Household): Promise<AppliedChange> => {
    const record = newMember(h, input, today);
    checkOneHead(record, await tem.find(Member, { household: h, status: MemberStatus.ACTIVE }));
    checkNotActive(h, (await new PushRepository(tem, h.provinceCode).findActive([record.idNumber])).get(record.idNumber));
    await new PushRepository(tem, h.provinceCode).upsertMembers([{ ...record, householdId: h.id }]);
    return { type: HouseholdEventType.MEMBER_ADDED, changes: { members: { added: [record.idNumber] } }, idNumbers: [record.idNumber] };
  };
}

// The decisions of removeRule and addMemberRule, apart from their reads and writes so that they can be tested alone.

/** The reason a household is removed for, trimmed; refused for a household already REMOVED or without a reason. */
export function removalReason(h: Pick<Household, 'status'>, reason: string): string {
  if (h.status === HouseholdStatus.REMOVED) throw transition('The household is already REMOVED');
  const text = reason.trim();
  if (!text || text.length > 500) throw transition('Give the reason for the removal (at most 500 characters)', 'reason');
  return text;
}

/** The member a household takes, validated like a pushed one; a REMOVED household takes none. */
export function newMember(h: Pick<Household, 'status'>, input: MemberInput, today: Date): MemberRecord {
  if (h.status === HouseholdStatus.REMOVED) throw transition('A REMOVED household takes no new members');
  const v = validateMember(input, 'member', today);
  if (!v.ok) throw pushErrors.INVALID_INPUT('The member is not valid', v.errors);
  return v.record;
}

/** Refuses a second head beside the household's active members. */
export function checkOneHead(record: MemberRecord, active: ReadonlyArray<Pick<Member, 'relationship'>>): void {
  if (record.relationship === Relationship.HEAD && active.some((m) => m.relationship === Relationship.HEAD)) {
    throw transition('The household already has a head', 'member.relationship');
  }
}

/** Refuses a person already active, in this household or (naming only its province) in another. */
export function checkNotActive(h: Pick<Household, 'registryNo'>, elsewhere: { registryNo: string; provinceCode: string } | undefined): void {
  if (!elsewhere) return;
  const where = elsewhere.registryNo === h.registryNo ? 'of this household' : `of another household, in province ${elsewhere.provinceCode}`;
  throw pushErrors.DUPLICATE_ID_NUMBER(where);
}

const STATUS_FOR: Record<RemovalReason, MemberStatus> = {
  [RemovalReason.DECEASED]: MemberStatus.DECEASED,
  [RemovalReason.MOVED_OUT]: MemberStatus.MOVED_OUT,
  [RemovalReason.MARRIED_OUT]: MemberStatus.MARRIED_OUT,
  [RemovalReason.OTHER]: MemberStatus.REMOVED,
};

/** A member leaves: died, moved or married out; the date must be real and not before birth. */
export function removeMemberRule(reason: RemovalReason, date: Date, today: Date) {
  return async (_tem: EntityManager, _h: Household, m: Member): Promise<AppliedChange> => {
    const day = date.toISOString().slice(0, 10);
    if (day > today.toISOString().slice(0, 10)) throw transition(`Date ${day} is in the future`, 'date');
    if (m.birthDate && day < m.birthDate) throw transition(`Date ${day} is before the member's birth`, 'date');
    const status = STATUS_FOR[reason];
    const changes = { members: { removed: [m.idNumber], reason, date: day } };
    Object.assign(m, { status, statusDate: day, updatedAt: new Date() });
    return { type: HouseholdEventType.MEMBER_REMOVED, changes, idNumbers: [m.idNumber] };
  };
}
