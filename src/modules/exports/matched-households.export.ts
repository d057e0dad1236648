import { Role, hasRole } from '../../auth/roles';
import { roleRefusal } from '../../auth/auth-checker';
import { boundScope } from '../../db/tenant-scope';
import type { HubContext } from '../../graphql/hub-context';
import { HouseholdStatus } from '../households/household.enums';
import type { MatchedHouseholdFilter } from '../matched-households/matched-households.inputs';
import { MatchedHouseholdFilter as Filter } from '../matched-households/matched-households.inputs';
import { MATCHED_READ_FACTS, allMatchedQuery } from '../matched-households/matched-households.repository';
import type { MemberFacts, SharingPolicy } from '../sharing-policies/sharing-policy.rules';
import { HOUSEHOLD_POLICY_FIELDS, MEMBER_POLICY_FIELDS } from '../sharing-policies/sharing-policy.fields';
import { isPolicyBound } from '../sharing-policies/policy-bound';
import { Sector } from '../tenants/tenant.enums';
import type { ColumnKind, ExportColumn, ExportPlan, ExportRow } from './export-plan';
import { type ParamKind, filterOf } from './export-params';

const FILTER_FIELDS = ['provinceCode', 'countyCode', 'status', 'discrepancyKind', 'batchId'] as const;

export const MATCHED_PARAMS: Record<string, ParamKind> = {
  sector: { enum: Sector },
  provinceCode: 'text',
  countyCode: 'text',
  status: { enum: HouseholdStatus },
  discrepancyKind: 'text',
  batchId: 'text',
};

/** The household fields of the file (the GraphQL type's scalars), with how each is written. */
const HOUSEHOLD_COLUMNS: ExportColumn[] = [
  { key: 'registryNo' },
  { key: 'provinceCode' },
  { key: 'countyCode' },
  { key: 'villageCode' },
  { key: 'status' },
  { key: 'identifiedYear', kind: 'number' },
  { key: 'exitYear', kind: 'number' },
  { key: 'primaryCause' },
  { key: 'otherCauses', kind: 'list' },
  { key: 'annualIncomePerCapita', kind: 'number' },
  { key: 'housingSafe', kind: 'boolean' },
  { key: 'drinkingWaterSafe', kind: 'boolean' },
  { key: 'removalReason' },
  { key: 'version', kind: 'number' },
  { key: 'createdAt', kind: 'instant' },
  { key: 'updatedAt', kind: 'instant' },
];

const MEMBER_KIND: Partial<Record<string, ColumnKind>> = {
  disabilityLevel: 'number',
  inSchool: 'boolean',
  migrantWorker: 'boolean',
  medicalInsured: 'boolean',
  pensionInsured: 'boolean',
  receivesDibao: 'boolean',
};

/**
 * `GET /exports/matched-households?sector=…`, the twin of `matchedHouseholds(sector, filter)` with
 * `household { …, members { … } }` selected: one line per member (household columns repeated), one
 * with no member for a household whose members the policy lists none of. A ministry's file has only
 * the columns its policy can show and each row cut as the twin cuts it (masked ID numbers included).
 */
export async function matchedHouseholdsPlan(ctx: HubContext, values: Record<string, string | number>): Promise<ExportPlan> {
  const { caller } = ctx;
  const sector = values.sector as Sector;
  if (![Role.LGOP, Role.MINISTRY].some((role) => hasRole(caller.tenant, role, { sector }))) {
    throw roleRefusal(caller.tenant, [Role.LGOP, Role.MINISTRY], { sector }, { parentType: { name: 'Query' } as never, fieldName: 'matchedHouseholds' });
  }
  const filter = await filterOf(Filter, values, FILTER_FIELDS);
  const policy = isPolicyBound(caller) ? await ctx.loaders.sharing.policy() : null;
  policy?.assertFilter('matchedHouseholds', filter);
  const members = policy ? { sharedWith: caller.tenant.code } : { scope: boundScope(ctx.em) };
  const by = { tenantCode: policy ? caller.tenant.code : undefined, sector, batchId: filter?.batchId };
  const householdColumns = HOUSEHOLD_COLUMNS.filter((c) => !policy || policy.showsHousehold(c.key as (typeof HOUSEHOLD_POLICY_FIELDS)[number]));
  const memberFields = policy ? grantedMemberFields(policy) : [...MEMBER_POLICY_FIELDS];
  return {
    name: 'matchedHouseholds',
    rows: allMatchedQuery(by, matchConditions(filter), { matches: false, members }),
    columns: [...householdColumns, ...memberFields.map((f) => ({ key: `member.${f}`, kind: MEMBER_KIND[f] }))],
    view: (row) => lines(row, policy, memberFields),
    // As the twin: the households by registry number, when the caller is shown it.
    facts: { ...MATCHED_READ_FACTS, registryNo: !policy || policy.showsHousehold('registryNo') ? MATCHED_READ_FACTS.registryNo : null },
    filters: { sector, ...filter },
  };
}

function matchConditions(filter: MatchedHouseholdFilter | undefined) {
  const { batchId: _batch, ...where } = filter ?? {};
  return where;
}

/** The member fields some member may show under the policy: its own, and every rule's. */
function grantedMemberFields(policy: SharingPolicy): string[] {
  const granted = new Set<string>(policy.data?.memberFields ?? []);
  for (const rule of policy.data?.memberRules ?? []) rule.fields.forEach((f) => granted.add(f));
  return MEMBER_POLICY_FIELDS.filter((f) => granted.has(f));
}

/** A household's lines: cut and masked by the policy as the twin's `household` and `members` are. */
function lines(row: ExportRow, policy: SharingPolicy | null, memberFields: string[]): ExportRow[] {
  const { members: all, matches: _m, ...household } = row as ExportRow & { members: MemberFacts[] };
  const shown = policy ? policy.household(household) : household;
  const members = policy ? policy.members(all) : all;
  if (!members.length) return [shown];
  return members.map((m) => ({ ...shown, ...Object.fromEntries(memberFields.map((f) => [`member.${f}`, m[f]])) }));
}
