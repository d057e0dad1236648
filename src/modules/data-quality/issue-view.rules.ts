import type { TenantScope } from '../../db/tenant-scope';
import { REDACTED, type Redactable } from '../../graphql/redactable';

/** What an issue says of the other member of a pair: its household, its number, and the value found (its number, for a repeated ID). */
const OTHER_MEMBER_FIELDS = ['relatedRegistryNo', 'relatedIdNumber', 'detail'] as const;

export interface IssueFacts {
  relatedProvinceCode: string | null;
  relatedRegistryNo: string | null;
  relatedIdNumber: string | null;
  detail: string | null;
}

/**
 * An issue as the caller may see it. A pair that crosses provinces (a 15- and
 * an 18-digit form of one number) tells a province only that the duplicate
 * lives in another province, by its code: the other household's registry
 * number and its member's data stay with that province and LGOP.
 */
export function issueForViewer<T extends IssueFacts>(issue: T, scope: TenantScope): T | (T & Redactable) {
  if (scope.kind !== 'PROVINCE' || issue.relatedProvinceCode === null || issue.relatedProvinceCode === scope.provinceCode) return issue;
  const view: T & Redactable = { ...issue };
  for (const field of OTHER_MEMBER_FIELDS) view[field] = null;
  view[REDACTED] = new Set(OTHER_MEMBER_FIELDS);
  return view;
}
