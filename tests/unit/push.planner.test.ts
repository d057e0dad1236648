import { buildIdNumber } from '../../src/modules/id-number/id-number.generator';
import { Relationship } from '../../src/modules/members/member.enums';
import type { HouseholdRecord } from '../../src/modules/pushes/push.model';
import { type Decision, type PushItem, planPush } from '../../src/modules/pushes/push.planner';
import type { CurrentHousehold, CurrentMember, PushRepository } from '../../src/modules/pushes/push.repository';
import { PushOutcome } from '../../src/modules/pushes/push.types';
import { householdRecord, memberRecord } from '../support/push-records';

const person = (seq: number) => buildIdNumber('520102', '1980-05-05', seq);

const registryNo = (n: number) => `520102001001${String(n).padStart(4, '0')}`;

function record(n: number, people: string[], over: Partial<HouseholdRecord> = {}): HouseholdRecord {
  const members = people.map((id, i) => memberRecord(id, { relationship: i === 0 ? Relationship.HEAD : Relationship.CHILD }));
  return householdRecord({ registryNo: registryNo(n), members, ...over });
}

/** The registry as the planner reads it: households with their members (ACTIVE unless told), and where people are active elsewhere. */
interface Registry {
  households: Array<{ record: HouseholdRecord; version: number; inactive?: string[] }>;
  /** People active in households outside this push's reads (e.g. another province). */
  elsewhere?: Record<string, { registryNo: string; provinceCode: string }>;
}

/** A PushRepository that answers the planner's three reads from `registry`, and counts them. */
function fakeRepo(registry: Registry): { repo: PushRepository; reads: string[][] } {
  const households = new Map<string, CurrentHousehold>();
  const members = new Map<number, CurrentMember[]>();
  const active = new Map<string, { registryNo: string; provinceCode: string }>(Object.entries(registry.elsewhere ?? {}));
  registry.households.forEach(({ record: { members: ms, ...row }, version, inactive = [] }, i) => {
    const id = 100 + i;
    households.set(row.registryNo, { ...row, id, version });
    members.set(
      id,
      ms.map(({ nameNorm: _n, ...m }, j) => ({ ...m, id: id * 10 + j, householdId: id, status: inactive.includes(m.idNumber) ? 'DECEASED' : 'ACTIVE' })),
    );
    for (const m of ms) if (!inactive.includes(m.idNumber)) active.set(m.idNumber, { registryNo: row.registryNo, provinceCode: row.provinceCode });
  });
  const reads: string[][] = [];
  const pick = <K, V>(map: Map<K, V>, keys: K[]) => new Map(keys.flatMap((k) => (map.has(k) ? [[k, map.get(k)!] as [K, V]] : [])));
  const repo = {
    loadHouseholds: async (nos: string[]) => (reads.push(['households', ...nos]), pick(households, nos)),
    loadMembers: async (ids: number[]) => (reads.push(['members', ...ids.map(String)]), pick(members, ids)),
    findActive: async (ids: string[]) => (reads.push(['active', ...ids]), pick(active, ids)),
  };
  return { repo: repo as unknown as PushRepository, reads };
}

const item = (index: number, r: HouseholdRecord, expectedVersion: number | null = null): PushItem => ({
  index,
  registryNo: r.registryNo,
  expectedVersion,
  validated: { ok: true, record: r },
});

async function plan(registry: Registry, items: PushItem[]): Promise<Decision[]> {
  return planPush(fakeRepo(registry).repo, items);
}

const outcomes = (ds: Decision[]) => ds.map((d) => d.outcome);
const errorsOf = (d: Decision) => (d.outcome === PushOutcome.REJECTED ? d.errors : []);

describe('planPush: created, updated, unchanged', () => {
  it('creates a household the registry does not have, with every member added', async () => {
    const r = record(1, [person(1), person(2)]);
    const [d] = await plan({ households: [] }, [item(0, r)]);
    expect(d).toMatchObject({ index: 0, registryNo: r.registryNo, outcome: PushOutcome.CREATED, record: r, current: undefined });
    if (d.outcome !== PushOutcome.CREATED) throw new Error('not created');
    expect(d.diff.added.map((m) => m.idNumber)).toEqual([person(1), person(2)]);
  });

  it('leaves a household pushed exactly as stored UNCHANGED at its version', async () => {
    const r = record(1, [person(1)]);
    expect(await plan({ households: [{ record: r, version: 4 }] }, [item(0, r)])).toEqual([
      { index: 0, registryNo: r.registryNo, outcome: PushOutcome.UNCHANGED, version: 4 },
    ]);
  });

  it('updates a household with a changed field, carrying the stored row and the diff', async () => {
    const stored = record(1, [person(1)]);
    const [d] = await plan({ households: [{ record: stored, version: 2 }] }, [item(0, record(1, [person(1)], { annualIncomePerCapita: 4000 }))]);
    expect(d.outcome).toBe(PushOutcome.UPDATED);
    if (d.outcome !== PushOutcome.UPDATED) throw new Error('not updated');
    expect(d.current).toMatchObject({ registryNo: stored.registryNo, version: 2 });
    expect(d.diff.fields).toEqual({ annualIncomePerCapita: { old: 2000, new: 4000 } });
  });

  it('updates a household whose push leaves a member out: that member is in the diff as removed (retired with reason OTHER)', async () => {
    const stored = record(1, [person(1), person(2)]);
    const [d] = await plan({ households: [{ record: stored, version: 1 }] }, [item(0, record(1, [person(1)]))]);
    if (d.outcome !== PushOutcome.UPDATED) throw new Error(`not updated: ${d.outcome}`);
    expect(d.diff.removed.map((m) => [m.idNumber, m.status])).toEqual([[person(2), 'ACTIVE']]);
    expect(d.diff.fields).toEqual({});
  });

  it('passes on the validator errors of an invalid household as REJECTED without a version, and reads nothing for it', async () => {
    const errors = [{ path: 'households[0].villageCode', code: 'BAD_USER_INPUT', message: 'Village code must be 12 digits' }];
    const { repo, reads } = fakeRepo({ households: [] });
    const ds = await planPush(repo, [{ index: 0, registryNo: registryNo(9), expectedVersion: null, validated: { ok: false, errors } }]);
    expect(ds).toEqual([{ index: 0, registryNo: registryNo(9), outcome: PushOutcome.REJECTED, errors, version: null }]);
    expect(reads).toEqual([['households'], ['members'], ['active']]);
  });

  it('reads the registry three times for the whole push, whatever its size', async () => {
    const { repo, reads } = fakeRepo({ households: [{ record: record(1, [person(1)]), version: 1 }] });
    const items = Array.from({ length: 25 }, (_, i) => item(i, record(i + 1, [person(i + 1)])));
    await planPush(repo, items);
    expect(reads.map((r) => r[0])).toEqual(['households', 'members', 'active']);
    expect(reads[0].length - 1).toBe(25);
    expect(reads[2].length - 1).toBe(25);
  });

  it('keeps the input order and index of every household', async () => {
    const items = [item(0, record(3, [person(3)])), item(1, record(1, [person(1)])), item(2, record(2, [person(2)]))];
    const ds = await plan({ households: [{ record: record(1, [person(1)]), version: 1 }] }, items);
    expect(ds.map((d) => [d.index, d.registryNo, d.outcome])).toEqual([
      [0, registryNo(3), PushOutcome.CREATED],
      [1, registryNo(1), PushOutcome.UNCHANGED],
      [2, registryNo(2), PushOutcome.CREATED],
    ]);
  });
});

describe('planPush: expectedVersion', () => {
  const stored = record(1, [person(1)]);
  const changed = record(1, [person(1)], { housingSafe: false });

  it('accepts the current version, and no expectation at all', async () => {
    expect(outcomes(await plan({ households: [{ record: stored, version: 3 }] }, [item(0, changed, 3)]))).toEqual([PushOutcome.UPDATED]);
    expect(outcomes(await plan({ households: [{ record: stored, version: 3 }] }, [item(0, changed, null)]))).toEqual([PushOutcome.UPDATED]);
  });

  it('rejects another version with VERSION_CONFLICT at households[i].expectedVersion, giving the current version', async () => {
    const [d] = await plan({ households: [{ record: stored, version: 3 }] }, [item(0, changed, 2)]);
    expect(d).toEqual({
      index: 0,
      registryNo: stored.registryNo,
      outcome: PushOutcome.REJECTED,
      version: 3,
      errors: [{ path: 'households[0].expectedVersion', code: 'VERSION_CONFLICT', message: 'The household is at version 3, not 2' }],
    });
    expect(outcomes(await plan({ households: [{ record: stored, version: 3 }] }, [item(0, changed, 4)]))).toEqual([PushOutcome.REJECTED]);
  });

  it('checks the version even when the push would change nothing', async () => {
    const [d] = await plan({ households: [{ record: stored, version: 3 }] }, [item(0, stored, 1)]);
    expect(errorsOf(d).map((e) => e.code)).toEqual(['VERSION_CONFLICT']);
  });

  it('a new household: version 0 creates it; any other expectation is a conflict with no version', async () => {
    expect(outcomes(await plan({ households: [] }, [item(0, stored, 0)]))).toEqual([PushOutcome.CREATED]);
    const [d] = await plan({ households: [] }, [item(0, stored, 1)]);
    expect(d).toMatchObject({ outcome: PushOutcome.REJECTED, version: null });
    expect(errorsOf(d)).toEqual([
      { path: 'households[0].expectedVersion', code: 'VERSION_CONFLICT', message: 'The household does not exist yet (expected version 0 or none)' },
    ]);
  });

  it('version 0 for a household that exists is a conflict', async () => {
    const [d] = await plan({ households: [{ record: stored, version: 1 }] }, [item(0, changed, 0)]);
    expect(errorsOf(d).map((e) => e.message)).toEqual(['The household is at version 1, not 0']);
  });
});

describe('planPush: a person active in two households', () => {
  it('rejects a household listing someone active in another household, naming the member and the other province only', async () => {
    const r = record(1, [person(1), person(2)]);
    const [d] = await plan({ households: [], elsewhere: { [person(2)]: { registryNo: '5301020010010001', provinceCode: '53' } } }, [item(0, r)]);
    expect(d).toEqual({
      index: 0,
      registryNo: r.registryNo,
      outcome: PushOutcome.REJECTED,
      version: null,
      errors: [
        {
          path: 'households[0].members[1].idNumber',
          code: 'DUPLICATE_ID_NUMBER',
          message: 'This person is already an active member of another household, in province 53',
        },
      ],
    });
    expect(JSON.stringify(d)).not.toContain('5301020010010001');
  });

  it('gives the current version when it rejects an existing household for a duplicate', async () => {
    const other = record(2, [person(5)]);
    const [d] = await plan(
      {
        households: [
          { record: record(1, [person(1)]), version: 6 },
          { record: other, version: 1 },
        ],
      },
      [item(0, record(1, [person(1), person(5)]))],
    );
    expect(d).toMatchObject({ outcome: PushOutcome.REJECTED, version: 6 });
  });

  it('accepts someone already active in the same household', async () => {
    const stored = record(1, [person(1), person(2)]);
    const ds = await plan({ households: [{ record: stored, version: 1 }] }, [item(0, record(1, [person(1), person(2)], { housingSafe: false }))]);
    expect(outcomes(ds)).toEqual([PushOutcome.UPDATED]);
  });

  it('accepts someone who was a member elsewhere but is no longer active there', async () => {
    const ds = await plan({ households: [{ record: record(2, [person(7), person(8)]), version: 1, inactive: [person(8)] }] }, [
      item(0, record(1, [person(1), person(8)])),
    ]);
    expect(outcomes(ds)).toEqual([PushOutcome.CREATED]);
  });

  it('accepts a move within the push: one household releases the person, another takes them', async () => {
    const from = record(1, [person(1), person(2)]);
    const ds = await plan({ households: [{ record: from, version: 1 }] }, [item(0, record(2, [person(2)])), item(1, record(1, [person(1)]))]);
    expect(outcomes(ds)).toEqual([PushOutcome.CREATED, PushOutcome.UPDATED]);
  });

  it('rejects the taker when the releasing household is rejected (its member stays where it is)', async () => {
    const from = record(1, [person(1), person(2)]);
    const ds = await plan({ households: [{ record: from, version: 5 }] }, [item(0, record(2, [person(2)])), item(1, record(1, [person(1)]), 4)]);
    expect(outcomes(ds)).toEqual([PushOutcome.REJECTED, PushOutcome.REJECTED]);
    expect(errorsOf(ds[0])).toEqual([
      {
        path: 'households[0].members[0].idNumber',
        code: 'DUPLICATE_ID_NUMBER',
        message: 'This person is already an active member of another household, in province 52',
      },
    ]);
    expect(errorsOf(ds[1]).map((e) => e.code)).toEqual(['VERSION_CONFLICT']);
  });

  it('follows a release chain: a releaser rejected for its own duplicate rejects the one taking its member', async () => {
    // Household 1 gives person 2 to the new household 3, but takes person 9, who is active in another province.
    const ds = await plan(
      {
        households: [{ record: record(1, [person(1), person(2)]), version: 1 }],
        elsewhere: { [person(9)]: { registryNo: '5301020010010001', provinceCode: '53' } },
      },
      [item(0, record(3, [person(2)])), item(1, record(1, [person(1), person(9)]))],
    );
    expect(outcomes(ds)).toEqual([PushOutcome.REJECTED, PushOutcome.REJECTED]);
    expect(errorsOf(ds[0]).map((e) => e.path)).toEqual(['households[0].members[0].idNumber']);
    expect(errorsOf(ds[1]).map((e) => e.path)).toEqual(['households[1].members[1].idNumber']);
  });

  it('a longer chain: each rejection reaches the next taker', async () => {
    // 0 takes p2 from household 1, which takes p4 from household 2, which takes p9 active in another province.
    const ds = await plan(
      {
        households: [
          { record: record(1, [person(1), person(2)]), version: 1 },
          { record: record(2, [person(3), person(4)]), version: 1 },
        ],
        elsewhere: { [person(9)]: { registryNo: '5301020010010001', provinceCode: '53' } },
      },
      [item(0, record(5, [person(2)])), item(1, record(1, [person(1), person(4)])), item(2, record(2, [person(3), person(9)]))],
    );
    expect(outcomes(ds)).toEqual([PushOutcome.REJECTED, PushOutcome.REJECTED, PushOutcome.REJECTED]);
  });
});

describe('planPush: the same person twice within one push', () => {
  it('keeps the first household listing a new person and rejects the later one, naming the first', async () => {
    const ds = await plan({ households: [] }, [item(0, record(1, [person(1), person(3)])), item(1, record(2, [person(2), person(3)]))]);
    expect(outcomes(ds)).toEqual([PushOutcome.CREATED, PushOutcome.REJECTED]);
    expect(errorsOf(ds[1])).toEqual([
      { path: 'households[1].members[1].idNumber', code: 'DUPLICATE_ID_NUMBER', message: 'This person is also listed in households[0] of this push' },
    ]);
  });

  it('accepts only the first of three households listing the person; the others name the household that keeps them', async () => {
    const ds = await plan({ households: [] }, [item(0, record(1, [person(3)])), item(1, record(2, [person(3)])), item(2, record(4, [person(3)]))]);
    expect(outcomes(ds)).toEqual([PushOutcome.CREATED, PushOutcome.REJECTED, PushOutcome.REJECTED]);
    expect(errorsOf(ds[2]).map((e) => e.message)).toEqual(['This person is also listed in households[0] of this push']);
  });

  it('does not let a household rejected for another duplicate block a later one listing the same new person', async () => {
    // households[0] lists p and q, q is active in another province: it is rejected, so p goes to households[1].
    const q = person(7);
    const ds = await plan({ households: [], elsewhere: { [q]: { registryNo: '5301020010010001', provinceCode: '53' } } }, [
      item(0, record(1, [person(3), q])),
      item(1, record(2, [person(3)])),
    ]);
    expect(outcomes(ds)).toEqual([PushOutcome.REJECTED, PushOutcome.CREATED]);
    expect(errorsOf(ds[0]).map((e) => e.path)).toEqual(['households[0].members[1].idNumber']);
  });

  it('lists one error per duplicated member', async () => {
    const ds = await plan({ households: [] }, [item(0, record(1, [person(1), person(2)])), item(1, record(2, [person(1), person(2)]))]);
    expect(errorsOf(ds[1]).map((e) => e.path)).toEqual(['households[1].members[0].idNumber', 'households[1].members[1].idNumber']);
  });

  it('does not count an invalid household as listing anyone', async () => {
    const invalid: PushItem = {
      index: 0,
      registryNo: registryNo(1),
      expectedVersion: null,
      validated: { ok: false, errors: [{ path: 'households[0].registryNo', code: 'BAD_USER_INPUT', message: 'x' }] },
    };
    const ds = await plan({ households: [] }, [invalid, item(1, record(2, [person(3)]))]);
    expect(outcomes(ds)).toEqual([PushOutcome.REJECTED, PushOutcome.CREATED]);
  });
});
