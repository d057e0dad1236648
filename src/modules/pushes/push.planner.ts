import { ContractErrorCode } from '../../graphql/error-code';
import { type HouseholdDiff, diffHousehold, isEmptyDiff } from './push.diff';
import type { HouseholdRecord, Validated } from './push.model';
import type { CurrentHousehold, CurrentMember, PushRepository } from './push.repository';
import { type FieldError, PushOutcome } from './push.types';

/** One household of the input after validation. */
export interface PushItem {
  index: number;
  registryNo: string;
  expectedVersion: number | null;
  validated: Validated;
}

export type Decision =
  | { index: number; registryNo: string; outcome: PushOutcome.REJECTED; errors: FieldError[]; version: number | null }
  | { index: number; registryNo: string; outcome: PushOutcome.UNCHANGED; version: number }
  | {
      index: number;
      registryNo: string;
      outcome: PushOutcome.CREATED | PushOutcome.UPDATED;
      record: HouseholdRecord;
      current?: CurrentHousehold;
      diff: HouseholdDiff;
    };

interface State {
  households: Map<string, CurrentHousehold>;
  members: Map<number, CurrentMember[]>;
  active: Map<string, { registryNo: string; provinceCode: string }>;
}

/**
 * Decides each household's outcome against the registry as it is under the
 * province lock: version conflicts, ID numbers active in other households,
 * then the diff that tells UPDATED from UNCHANGED. Three reads for the push.
 */
export async function planPush(repo: PushRepository, items: PushItem[]): Promise<Decision[]> {
  const valid = items.flatMap((i) => (i.validated.ok ? [i.validated.record] : []));
  const households = await repo.loadHouseholds(valid.map((r) => r.registryNo));
  const members = await repo.loadMembers([...households.values()].map((h) => h.id));
  const active = await repo.findActive(valid.flatMap((r) => r.members.map((m) => m.idNumber)));
  const state: State = { households, members, active };
  const alone = items.map((item) => decideAlone(item, state));
  // Each round checks every household against the ones the last round accepted: a rejected household
  // neither takes nor releases anyone, so it blocks no later household and frees no one it would release.
  let decisions = alone;
  for (let round = 0; round <= items.length; round++) {
    const people = indexPeople(decisions);
    const next = alone.map((d) => checkDuplicates(d, people, state));
    if (sameOutcomes(next, decisions)) return next;
    decisions = next;
  }
  // Not settled (releases and takings that keep flipping each other): from here only rejections are
  // added, which settles within the push's size and leaves every accepted household consistent.
  for (let round = 0; round <= items.length; round++) {
    const next = decisions.map((d) => checkDuplicates(d, indexPeople(decisions), state));
    if (sameOutcomes(next, decisions)) return next;
    decisions = next;
  }
  return decisions;
}

const sameOutcomes = (a: Decision[], b: Decision[]) => a.every((d, i) => d.outcome === b[i].outcome);

function decideAlone(item: PushItem, state: State): Decision {
  const { index, registryNo } = item;
  if (!item.validated.ok) return { index, registryNo, outcome: PushOutcome.REJECTED, errors: item.validated.errors, version: null };
  const record = item.validated.record;
  const current = state.households.get(registryNo);
  if (item.expectedVersion !== null && item.expectedVersion !== (current?.version ?? 0)) {
    const version = current?.version ?? null;
    const message = current
      ? `The household is at version ${current.version}, not ${item.expectedVersion}`
      : 'The household does not exist yet (expected version 0 or none)';
    return {
      index,
      registryNo,
      outcome: PushOutcome.REJECTED,
      version,
      errors: [{ path: `households[${index}].expectedVersion`, code: ContractErrorCode.VERSION_CONFLICT, message }],
    };
  }
  const diff = diffHousehold(record, current, current ? (state.members.get(current.id) ?? []) : []);
  if (current && isEmptyDiff(diff)) return { index, registryNo, outcome: PushOutcome.UNCHANGED, version: current.version };
  return { index, registryNo, outcome: current ? PushOutcome.UPDATED : PushOutcome.CREATED, record, current, diff };
}

/** Who releases and who takes each person in one round: built once, so a round is linear in the push. */
interface People {
  /** ID number → indexes of the households whose diff removes that person. */
  releasedBy: Map<string, number[]>;
  /** ID number → indexes (ascending) of the accepted households that list that person. */
  takenBy: Map<string, number[]>;
}

function indexPeople(decisions: Decision[]): People {
  const releasedBy = new Map<string, number[]>();
  const takenBy = new Map<string, number[]>();
  const add = (map: Map<string, number[]>, id: string, index: number) => {
    const list = map.get(id);
    if (list) list.push(index);
    else map.set(id, [index]);
  };
  for (const o of decisions) {
    if (!('record' in o)) continue;
    for (const m of o.diff.removed) add(releasedBy, m.idNumber, o.index);
    for (const m of o.record.members) add(takenBy, m.idNumber, o.index);
  }
  return { releasedBy, takenBy };
}

/** Rejects a household listing a person who stays active in another household after this push. */
function checkDuplicates(d: Decision, people: People, state: State): Decision {
  if (d.outcome !== PushOutcome.CREATED && d.outcome !== PushOutcome.UPDATED) return d;
  const errors: FieldError[] = [];
  d.record.members.forEach((m, i) => {
    const path = `households[${d.index}].members[${i}].idNumber`;
    const other = state.active.get(m.idNumber);
    const earlier = (people.takenBy.get(m.idNumber) ?? []).filter((x) => x < d.index);
    const released = (people.releasedBy.get(m.idNumber) ?? []).some((x) => x !== d.index);
    if (earlier.length) {
      errors.push({
        path,
        code: ContractErrorCode.DUPLICATE_ID_NUMBER,
        message: `This person is also listed in households[${earlier[earlier.length - 1]}] of this push`,
      });
    } else if (other && other.registryNo !== d.registryNo && !released) {
      errors.push({
        path,
        code: ContractErrorCode.DUPLICATE_ID_NUMBER,
        message: `This person is already an active member of another household, in province ${other.provinceCode}`,
      });
    }
  });
  if (!errors.length) return d;
  return { index: d.index, registryNo: d.registryNo, outcome: PushOutcome.REJECTED, errors, version: d.current?.version ?? null };
}
