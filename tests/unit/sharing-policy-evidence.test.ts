import { discrepancySelect } from '../../src/modules/reconciliation/discrepancy.rules';
import { REGISTRY_EVIDENCE } from '../../src/modules/sharing-policies/evidence-fields';
import { SEED_POLICIES } from '../../src/modules/sharing-policies/sharing-policy.seed';
import { SharingPolicy } from '../../src/modules/sharing-policies/sharing-policy.rules';
import { Relationship } from '../../src/modules/members/member.enums';
import { Sector } from '../../src/modules/tenants/tenant.enums';

const TODAY = new Date('2026-12-01T00:00:00Z');
const policy = (code: string) =>
  new SharingPolicy(
    SEED_POLICIES.find((p) => p.tenantCode === code)!,
    TODAY,
  );
const child = { relationship: Relationship.CHILD, birthDate: '2010-03-03' };
const adult = { relationship: Relationship.CHILD, birthDate: '2002-05-05' };
const head = { relationship: Relationship.HEAD, birthDate: '1970-01-01' };

describe('the registry side of discrepancy evidence under a sharing policy', () => {
  it('MOE: in-school for a member aged 3-22 only', () => {
    expect(policy('MOE').registryEvidence({ inSchool: true }, child)).toEqual({ registry: { inSchool: true }, cut: [] });
    expect(policy('MOE').registryEvidence({ inSchool: true }, adult)).toEqual({ registry: { inSchool: null }, cut: ['inSchool'] });
  });

  it('MOHURD: the name of the head only, never a birth date; the housing it is given', () => {
    expect(policy('MOHURD').registryEvidence({ name: '张1' }, head)).toEqual({ registry: { name: '张1' }, cut: [] });
    expect(policy('MOHURD').registryEvidence({ name: '李1' }, { ...head, relationship: Relationship.SPOUSE })).toEqual({
      registry: { name: null },
      cut: ['name'],
    });
    expect(policy('MOHURD').registryEvidence({ birthDate: '1970-01-01' }, head).cut).toEqual(['birthDate']);
    expect(policy('MOHURD').registryEvidence({ housingSafe: true }, head).cut).toEqual([]);
  });

  it('MOHRSS: the household status it is given, not how many members the household has', () => {
    expect(policy('MOHRSS').registryEvidence({ householdStatus: 'POOR', activeMembers: 4 }, head)).toEqual({
      registry: { householdStatus: 'POOR', activeMembers: null },
      cut: ['activeMembers'],
    });
    expect(policy('MCA').registryEvidence({ activeMembers: 4 }, head).cut).toEqual([]);
  });

  it('cuts a key it does not know, and everything for a ministry without a policy', () => {
    expect(policy('MCA').registryEvidence({ somethingNew: 1 }, head)).toEqual({ registry: { somethingNew: null }, cut: ['somethingNew'] });
    expect(new SharingPolicy(null, TODAY).registryEvidence({ name: 'x', householdStatus: 'POOR' }, head).cut).toEqual(['name', 'householdStatus']);
  });

  it('knows the source of every registry value a discrepancy rule keeps', () => {
    const keys = new Set<string>();
    for (const sector of Object.values(Sector)) {
      for (const [, inner] of discrepancySelect(sector, { periodYear: 2020, povertyLine: 3000 })
        .toPg()
        .text.matchAll(/'registry', jsonb_build_object\(([^)]*)\)/g)) {
        for (const [, key] of inner.matchAll(/'(\w+)', /g)) keys.add(key);
      }
    }
    expect(keys.size).toBeGreaterThan(5);
    for (const key of keys) expect(REGISTRY_EVIDENCE).toHaveProperty(key);
  });
});
