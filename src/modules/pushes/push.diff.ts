import { HOUSEHOLD_FIELDS, type HouseholdRecord, MEMBER_FIELDS, type MemberRecord } from './push.model';
import type { CurrentHousehold, CurrentMember } from './push.repository';

export type Change = { old: unknown; new: unknown };

/** What replacing a household with a record changes. Empty when the push changes nothing. */
export interface HouseholdDiff {
  fields: Record<string, Change>;
  added: MemberRecord[];
  changed: Array<{ record: MemberRecord; changes: Record<string, Change> }>;
  /** Active members the push no longer lists. */
  removed: CurrentMember[];
}

export function isEmptyDiff(d: HouseholdDiff): boolean {
  return !Object.keys(d.fields).length && !d.added.length && !d.changed.length && !d.removed.length;
}

/** Compares a validated record with the stored household and its members (none for a new household). */
export function diffHousehold(record: HouseholdRecord, current: CurrentHousehold | undefined, members: CurrentMember[]): HouseholdDiff {
  const fields: Record<string, Change> = {};
  for (const f of HOUSEHOLD_FIELDS) {
    const before = current ? current[f] : null;
    if (!same(before, record[f])) fields[f] = { old: before, new: record[f] };
  }
  const byId = new Map(members.map((m) => [m.idNumber, m]));
  const listed = new Set(record.members.map((m) => m.idNumber));
  const added: MemberRecord[] = [];
  const changed: HouseholdDiff['changed'] = [];
  for (const m of record.members) {
    const before = byId.get(m.idNumber);
    if (!before || before.status !== 'ACTIVE') added.push(m);
    else {
      const changes = memberChanges(before, m);
      if (Object.keys(changes).length) changed.push({ record: m, changes });
    }
  }
  const removed = members.filter((m) => m.status === 'ACTIVE' && !listed.has(m.idNumber));
  return { fields, added, changed, removed };
}

function memberChanges(before: CurrentMember, after: MemberRecord): Record<string, Change> {
  const changes: Record<string, Change> = {};
  for (const f of MEMBER_FIELDS) if (!same(before[f], after[f])) changes[f] = { old: before[f], new: after[f] };
  return changes;
}

/** The event's `changes`: household fields, then members by ID number. */
export function eventChanges(d: HouseholdDiff): Record<string, unknown> {
  const out: Record<string, unknown> = { ...d.fields };
  if (d.added.length || d.changed.length || d.removed.length) {
    out.members = {
      added: d.added.map((m) => m.idNumber),
      removed: d.removed.map((m) => m.idNumber),
      changed: Object.fromEntries(d.changed.map((c) => [c.record.idNumber, c.changes])),
    };
  }
  return out;
}

function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    const x = [...((a as unknown[]) ?? [])].sort();
    const y = [...((b as unknown[]) ?? [])].sort();
    return x.length === y.length && x.every((v, i) => v === y[i]);
  }
  if (typeof a === 'number' || typeof b === 'number') return a !== null && b !== null && a !== undefined && b !== undefined ? Number(a) === Number(b) : a == b;
  return (a ?? null) === (b ?? null);
}
