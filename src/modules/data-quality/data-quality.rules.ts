import { ABNORMAL_DATA_RULES } from './abnormal-data.rules';
import type { DataQualityRule } from './data-quality.rule';
import { LOGICAL_RELATION_RULES } from './logical-relation.rules';
import { MISSING_INDICATOR_RULES } from './missing-indicator.rules';
import { REPEATED_ID_RULES } from './repeated-id.rules';

/** Every rule a run applies, in order. Codes are unique and stable. */
export const DATA_QUALITY_RULES: readonly DataQualityRule[] = [
  ...MISSING_INDICATOR_RULES,
  ...ABNORMAL_DATA_RULES,
  ...LOGICAL_RELATION_RULES,
  ...REPEATED_ID_RULES,
];
