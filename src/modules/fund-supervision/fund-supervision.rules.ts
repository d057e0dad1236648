import { BENEFICIARY_RULES } from './beneficiary.rules';
import type { FundRule } from './fund-supervision.rule';
import { LEDGER_RULES } from './ledger.rules';

/** The twelve FUNDS rules of domain.md, in the order a run applies them. Codes are unique and stable. */
export const FUND_SUPERVISION_RULES: readonly FundRule[] = [...LEDGER_RULES, ...BENEFICIARY_RULES];
