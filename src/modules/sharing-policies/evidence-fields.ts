/**
 * Where each registry value of a discrepancy's evidence comes from (the keys
 * of `registry` in reconciliation/discrepancy-rules.ts), so that a viewer
 * sees it only where its policy shows that field. `members`: a count over
 * the household's members, shown only to a policy that lists every member.
 */
export type EvidenceSource = { of: 'member'; field: string } | { of: 'household'; field: string } | { of: 'members' };

const member = (field: string): EvidenceSource => ({ of: 'member', field });

export const REGISTRY_EVIDENCE: Readonly<Record<string, EvidenceSource>> = {
  name: member('name'),
  birthDate: member('birthDate'),
  status: member('status'),
  inSchool: member('inSchool'),
  medicalInsured: member('medicalInsured'),
  health: member('health'),
  disabilityLevel: member('disabilityLevel'),
  receivesDibao: member('receivesDibao'),
  housingSafe: { of: 'household', field: 'housingSafe' },
  householdStatus: { of: 'household', field: 'status' },
  activeMembers: { of: 'members' },
};
