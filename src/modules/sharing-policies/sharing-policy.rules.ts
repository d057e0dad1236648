import { maskIdNumber } from '../id-number/id-number';
import type { Relationship } from '../members/member.enums';
import { type EvidenceSource, REGISTRY_EVIDENCE } from './evidence-fields';
import { type FilteredList, refusedFilterFields } from './filter-fields.rules';
import { REDACTED, type Redactable } from '../../graphql/redactable';
import { sharingErrors } from './sharing-policies.errors';
import {
  HOUSEHOLD_POLICY_FIELDS,
  MEMBER_POLICY_FIELDS,
  type MemberFieldRule,
  MemberRows,
  PROJECT_POLICY_FIELDS,
  type SharingPolicyData,
} from './sharing-policy.fields';

/** A member as the policy needs it: its fields, plus what the caller's own batches say about it. */
export interface MemberFacts {
  id: number;
  householdId: number;
  idNumber: string | null;
  birthDate: string | null;
  relationship: Relationship | null;
  /** One of the caller's batches matched (or probably matched) this member. */
  matched: boolean;
  /** The caller itself sent this member's exact ID number (a MATCHED record). */
  sent: boolean;
  [field: string]: unknown;
}

/** What the age and relationship conditions of a policy's member rules look at. */
export type RuleFacts = Pick<MemberFacts, 'birthDate' | 'relationship'>;

/** Most member rules whose combinations memberHidden keeps (one bit each). */
const MAX_MEMO_RULES = 30;

/** The lookup answer's fields and the household field that grants each. */
const LOOKUP_GRANTS: Record<string, string> = { householdStatus: 'status', provinceCode: 'provinceCode', registryNo: 'registryNo' };

/**
 * One tenant's data-sharing agreement, applied to rows already read: fields
 * outside it are set to null and named on the row (for `redactedFields`), ID
 * numbers the tenant did not send itself are masked, and members outside its
 * rows are left out. Pure and in memory: a page costs no extra statement.
 */
export class SharingPolicy {
  private readonly householdGranted: ReadonlySet<string>;
  private readonly householdHidden: ReadonlySet<string>;
  private readonly lookupHidden: ReadonlySet<string>;
  private readonly projectGranted: ReadonlySet<string>;
  private readonly projectHidden: ReadonlySet<string>;
  /** The member fields hidden, per bit set of the member rules a row meets (see memberHidden). */
  private readonly memberHiddenByRules = new Map<number, ReadonlySet<string>>();

  /** `data` null: a ministry without an agreement sees no field at all. */
  constructor(
    readonly data: SharingPolicyData | null,
    private readonly today: Date = new Date(),
  ) {
    const granted = new Set<string>(data?.householdFields ?? []);
    this.householdGranted = granted;
    this.householdHidden = new Set(HOUSEHOLD_POLICY_FIELDS.filter((f) => !granted.has(f)));
    this.lookupHidden = new Set(Object.keys(LOOKUP_GRANTS).filter((f) => !granted.has(LOOKUP_GRANTS[f])));
    this.projectGranted = new Set<string>(data?.projectFields ?? []);
    this.projectHidden = new Set(PROJECT_POLICY_FIELDS.filter((f) => !this.projectGranted.has(f)));
  }

  /** The project types the tenant reads (none without an agreement). */
  get projectTypes(): string[] {
    return this.data?.projectTypes ?? [];
  }

  /** A project row with the fields outside the agreement nulled and named. */
  project<T extends object>(row: T): T & Redactable {
    return cut(row, this.projectHidden);
  }

  /** Whether the policy shows this household field. */
  showsHousehold(field: (typeof HOUSEHOLD_POLICY_FIELDS)[number]): boolean {
    return this.householdGranted.has(field);
  }

  household<T extends object>(row: T): T & Redactable {
    return cut(row, this.householdHidden);
  }

  /** The members the policy lists, each cut to the fields its row is granted. */
  members<T extends MemberFacts>(rows: T[]): Array<T & Redactable> {
    const listed = this.data?.memberRows === MemberRows.ALL ? rows : rows.filter((m) => m.matched);
    return listed.map((m) => this.member(m));
  }

  member<T extends MemberFacts>(row: T): T & Redactable {
    const view = cut(row, this.memberHidden(row));
    // Only the owning province and LGOP see whole numbers of people the caller did not itself send.
    if (view.idNumber !== null && !row.sent) view.idNumber = maskIdNumber(view.idNumber);
    return view;
  }

  /**
   * The registry side of a discrepancy's evidence about `member`, each value
   * shown only where the policy shows its field on that member or household
   * (unknown keys are cut); with the keys cut, for `redactedFields`.
   */
  registryEvidence(registry: Record<string, unknown>, member: RuleFacts): { registry: Record<string, unknown>; cut: string[] } {
    const granted = this.memberGranted(member);
    const shows = (source: EvidenceSource | undefined): boolean => {
      if (source === undefined) return false;
      if (source.of === 'members') return this.data?.memberRows === MemberRows.ALL;
      return source.of === 'member' ? granted.has(source.field) : this.householdGranted.has(source.field);
    };
    const view = { ...registry };
    const hidden = Object.keys(view).filter((key) => !shows(REGISTRY_EVIDENCE[key]));
    for (const key of hidden) view[key] = null;
    return { registry: view, cut: hidden };
  }

  /** Refuses (FORBIDDEN) a filter that selects by a field this policy hides: the answer would reveal it. */
  assertFilter(list: FilteredList, filter: object | null | undefined): void {
    const refused = refusedFilterFields(list, filter, list === 'projects' ? this.projectGranted : this.householdGranted);
    if (refused.length) throw sharingErrors.HIDDEN_FILTER_FIELD(refused);
  }

  lookup<T extends object>(answer: T): T & Redactable {
    return cut(answer, this.lookupHidden);
  }

  /**
   * The member fields hidden on this row. Rows meeting the same rules hide the same fields: the
   * set is built once per combination of rules (a page cuts hundreds of members with a handful).
   */
  private memberHidden(row: RuleFacts): ReadonlySet<string> {
    const rules = this.data?.memberRules ?? [];
    if (rules.length > MAX_MEMO_RULES) return this.hiddenOf(this.memberGranted(row));
    let met = 0;
    let age: number | null | undefined;
    const ageOf = () => (age === undefined ? (age = ageOn(row.birthDate, this.today)) : age);
    rules.forEach((rule, i) => void (met |= this.applies(rule, row, ageOf) ? 1 << i : 0));
    let hidden = this.memberHiddenByRules.get(met);
    if (!hidden) this.memberHiddenByRules.set(met, (hidden = this.hiddenOf(this.memberGranted(row))));
    return hidden;
  }

  private hiddenOf(granted: ReadonlySet<string>): ReadonlySet<string> {
    return new Set(MEMBER_POLICY_FIELDS.filter((f) => !granted.has(f)));
  }

  /** The member fields shown on this row: the policy's own, plus those of every rule the row meets. */
  private memberGranted(row: RuleFacts): Set<string> {
    const granted = new Set<string>(this.data?.memberFields ?? []);
    for (const rule of this.data?.memberRules ?? []) if (this.applies(rule, row)) rule.fields.forEach((f) => granted.add(f));
    return granted;
  }

  /** Whether `rule` applies to the row; `ageOf` gives the row's age (computed once for all the rules of a row). */
  private applies(rule: MemberFieldRule, row: RuleFacts, ageOf = () => ageOn(row.birthDate, this.today)): boolean {
    if (rule.relationships?.length && !(row.relationship && rule.relationships.includes(row.relationship))) return false;
    if (rule.minAge == null && rule.maxAge == null) return true;
    const age = ageOf();
    if (age === null) return false;
    return (rule.minAge == null || age >= rule.minAge) && (rule.maxAge == null || age <= rule.maxAge);
  }
}

/** A copy with the hidden fields nulled and named; the original (maybe a managed entity) is never touched. */
function cut<T extends object>(row: T, hidden: ReadonlySet<string>): T & Redactable {
  const view: Record<string, unknown> & Redactable = { ...(row as Record<string, unknown>) };
  for (const f of hidden) if (f in view) view[f] = null;
  view[REDACTED] = hidden;
  return view as T & Redactable;
}

/** Full years at `today` of a `YYYY-MM-DD` birth date. */
export function ageOn(birthDate: string | null, today: Date): number | null {
  if (!birthDate) return null;
  const [y, m, d] = birthDate.split('-').map(Number);
  const beforeBirthday = today.getUTCMonth() + 1 < m || (today.getUTCMonth() + 1 === m && today.getUTCDate() < d);
  return today.getUTCFullYear() - y - (beforeBirthday ? 1 : 0);
}
