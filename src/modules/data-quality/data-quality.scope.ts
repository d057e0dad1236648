/** What one run checks: a province or the whole registry, all households or those changed since a time. */
export interface RunScope {
  provinceCode: string | null;
  since: Date | null;
}

const PROVINCE = /^[0-9]{2}$/;

/**
 * The scope as a predicate on a row carrying a household's `province_code` and
 * `updated_at`. Values are validated and inlined (a province code is two
 * digits, a time is printed by us), so rule SQL stays one plain statement.
 */
export function scopePredicate(scope: RunScope): (alias: string) => string {
  if (scope.provinceCode !== null && !PROVINCE.test(scope.provinceCode)) throw new Error(`bad province code in run scope`);
  const since = scope.since ? `'${scope.since.toISOString()}'::timestamptz` : null;
  return (alias) => {
    const parts: string[] = [];
    if (scope.provinceCode) parts.push(`${alias}.province_code = '${scope.provinceCode}'`);
    if (since) parts.push(`${alias}.updated_at >= ${since}`);
    return parts.length ? `(${parts.join(' and ')})` : 'true';
  };
}

/**
 * Which open issues a run answers for (alias `i`): those whose household, or
 * whose related member's household, lies in the scope. An issue in scope that
 * the run did not find again is fixed.
 */
export function issueScopePredicate(scope: RunScope): string {
  if (!scope.provinceCode && !scope.since) return 'true';
  if (!scope.since) return `(i.province_code = '${scope.provinceCode}' or i.related_province_code = '${scope.provinceCode}')`;
  return `exists (select 1 from households h where h.id in (i.household_id, i.related_household_id) and ${scopePredicate(scope)('h')})`;
}
