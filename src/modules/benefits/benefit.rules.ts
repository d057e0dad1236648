import { type Decimal, isPositiveDecimal } from '../../graphql/decimal.scalar';
import { ContractErrorCode } from '../../graphql/error-code';
import type { FieldError } from '../pushes/push.types';
import type { BenefitType } from './benefit.enums';

/** A benefit as validated in memory; `date` is YYYY-MM-DD. */
export interface BenefitItem {
  index: number;
  registryNo: string;
  type: BenefitType;
  amount: Decimal | null;
  date: string;
}

/** A registered household as a benefit write sees it. */
export interface BenefitHousehold {
  id: number;
  status: string;
}

/** A benefit row to write (insert, or a new amount for the same household, type and day). */
export interface BenefitRow {
  householdId: number;
  type: BenefitType;
  amount: Decimal | null;
  date: string;
}

export type BenefitDecision =
  | { index: number; registryNo: string; outcome: 'RECORDED'; row: BenefitRow }
  | { index: number; registryNo: string; outcome: 'UNCHANGED' }
  | { index: number; registryNo: string; outcome: 'REJECTED'; errors: FieldError[] };

/** A benefit is one per project, household, type and day. */
export const benefitKey = (householdId: number, type: string, date: string) => `${householdId}|${type}|${date}`;

const REGISTRY_NO = /^[0-9A-Z]{6,32}$/;

/** What can be said of one benefit without the registry: every problem with its path. */
export function validateBenefit(item: BenefitItem, provinceCode: string, today: string): FieldError[] {
  const errors: FieldError[] = [];
  const bad = (field: string, message: string, code = ContractErrorCode.BAD_USER_INPUT) =>
    errors.push({ path: `benefits[${item.index}].${field}`, code, message });
  if (!REGISTRY_NO.test(item.registryNo)) bad('registryNo', 'Registry number must be 6-32 digits or capital letters');
  else if (!item.registryNo.startsWith(provinceCode)) {
    bad(
      'registryNo',
      `Registry numbers of your province start with ${provinceCode}; a project benefits only its own province's households`,
      ContractErrorCode.FORBIDDEN,
    );
  }
  if (item.amount !== null && !isPositiveDecimal(item.amount)) bad('amount', 'An amount must be above zero (null for a benefit in kind)');
  if (item.date > today) bad('date', `${item.date} is in the future`);
  return errors;
}

/**
 * Decides every benefit of a call against the registry (read in the same
 * transaction, the households share-locked) and the project's stored benefits
 * (`stored`: amount by key): a household unknown to the province's registry or
 * removed from it is refused; the same benefit again is UNCHANGED; a new
 * amount for the same household, type and day is RECORDED over the old one.
 * Whether the household was poor that day is supervision's question, not a refusal.
 */
export function decideBenefits(
  items: Array<{ item: BenefitItem; errors: FieldError[] }>,
  households: Map<string, BenefitHousehold>,
  stored: Map<string, Decimal | null>,
): BenefitDecision[] {
  const inCall = new Map<string, { index: number; amount: Decimal | null }>();
  return items.map(({ item, errors }) => {
    const { index, registryNo } = item;
    const reject = (path: string, message: string, code = ContractErrorCode.BAD_USER_INPUT): BenefitDecision => ({
      index,
      registryNo,
      outcome: 'REJECTED',
      errors: [{ path: `benefits[${index}].${path}`, code, message }],
    });
    if (errors.length) return { index, registryNo, outcome: 'REJECTED', errors };
    const household = households.get(registryNo);
    if (!household) return reject('registryNo', `No household ${registryNo} in your province's registry`, ContractErrorCode.NOT_FOUND);
    if (household.status === 'REMOVED') return reject('registryNo', `Household ${registryNo} was removed from the registry; it can receive no benefit`);
    const key = benefitKey(household.id, item.type, item.date);
    const earlier = inCall.get(key);
    if (earlier && earlier.amount !== item.amount)
      return reject('amount', `The same ${item.type} of this household on ${item.date} is also benefits[${earlier.index}] with another amount`);
    if (earlier) return { index, registryNo, outcome: 'UNCHANGED' };
    inCall.set(key, { index, amount: item.amount });
    if (stored.has(key) && stored.get(key) === item.amount) return { index, registryNo, outcome: 'UNCHANGED' };
    return { index, registryNo, outcome: 'RECORDED', row: { householdId: household.id, type: item.type, amount: item.amount, date: item.date } };
  });
}
