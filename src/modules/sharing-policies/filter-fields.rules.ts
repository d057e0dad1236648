import type { HouseholdPolicyField, ProjectPolicyField } from './sharing-policy.fields';

/**
 * For each list a policy-bound caller may filter (or order), the household
 * (for projects: project) field each filter field selects by: a filter on a field the caller cannot
 * read would tell it the value anyway, one page at a time. `null`: the field
 * selects by the caller's own facts (its batch, its cases' kind or age).
 */
export const FILTER_FIELDS = {
  households: {
    provinceCode: 'provinceCode',
    countyCode: 'countyCode',
    villageCode: 'villageCode',
    status: 'status',
    primaryCause: 'primaryCause',
    identifiedYear: 'identifiedYear',
    exitYear: 'exitYear',
  },
  matchedHouseholds: { provinceCode: 'provinceCode', countyCode: 'countyCode', status: 'status', discrepancyKind: null, batchId: null },
  discrepancies: {
    provinceCode: 'provinceCode',
    countyCode: 'countyCode',
    kind: null,
    status: null,
    sector: null,
    minAgeDays: null,
    maxAgeDays: null,
  },
  // Project lists select by project fields: the type is the agreement's own, a source reveals the budget, a year the approval.
  projects: { provinceCode: 'provinceCode', countyCode: 'countyCode', type: null, status: 'status', source: 'budget', year: 'approvedOn' },
} as const satisfies Record<string, Record<string, HouseholdPolicyField | ProjectPolicyField | null>>;

export type FilteredList = keyof typeof FILTER_FIELDS;

/** A filter field the caller may not use, and the policy field it would reveal. */
export interface RefusedFilterField {
  field: string;
  reveals: string;
}

/**
 * The given conditions of `filter` that select by a household field outside
 * `granted`. A field missing from the table is refused as well, so a filter
 * field added later stays closed until someone says what it reveals.
 */
export function refusedFilterFields(list: FilteredList, filter: object | null | undefined, granted: ReadonlySet<string>): RefusedFilterField[] {
  const table: Record<string, string | null> = FILTER_FIELDS[list];
  const refused: RefusedFilterField[] = [];
  for (const [field, value] of Object.entries(filter ?? {})) {
    if (value === undefined || value === null) continue;
    const reveals = field in table ? table[field] : field;
    if (reveals !== null && !granted.has(reveals)) refused.push({ field, reveals });
  }
  return refused;
}
