import { type Decimal, isPositiveDecimal } from '../../graphql/decimal.scalar';
import { ContractErrorCode } from '../../graphql/error-code';
import type { FundSource, ProjectStatus } from '../projects/project.enums';
import { acceptsDisbursements } from '../projects/project-status.rules';
import type { FieldError } from '../pushes/push.types';
import { FundTransactionKind } from './fund-ledger.enums';

const { ALLOCATION, DISBURSEMENT, REVERSAL } = FundTransactionKind;

/** A transaction as validated in memory; `date` is YYYY-MM-DD. */
export interface LedgerItem {
  index: number;
  projectNo: string;
  kind: FundTransactionKind;
  source: FundSource;
  amount: Decimal;
  date: string;
  reference: string;
  reverses: string | null;
}

/** A ledger row as the rules compare it: stored (with its id) or accepted earlier in this call. */
export interface LedgerRow {
  id?: string;
  projectId: number;
  kind: FundTransactionKind;
  source: FundSource;
  amount: Decimal;
  date: string;
  reference: string;
  /** For a reversal: the reference it cancels. */
  reversesReference: string | null;
  /** The reference of the reversal that cancelled it, if one did. */
  reversedBy: string | null;
}

export interface LedgerProject {
  id: number;
  status: ProjectStatus;
}

/** A new row to write; a reversal names its target row, stored or new in this call. */
export type NewRow = LedgerRow & { index: number; target?: LedgerRow };

export type LedgerDecision =
  | { index: number; reference: string; outcome: 'NEW'; row: NewRow }
  | { index: number; reference: string; outcome: 'REPLAY' }
  | { index: number; reference: string; outcome: 'REJECTED'; errors: FieldError[] };

/** The key a reference is unique under. */
export const ledgerKey = (projectId: number, kind: FundTransactionKind, reference: string) => `${projectId}|${kind}|${reference}`;

const REFERENCE = /^\S(?:.{0,98}\S)?$/u;
const PROJECT_NO = /^[0-9]{6}[0-9A-Z-]{1,34}$/;

/** What can be said of one transaction without the ledger: every problem with its path. */
export function validateTransaction(item: LedgerItem, provinceCode: string, today: string): FieldError[] {
  const errors: FieldError[] = [];
  const path = `transactions[${item.index}]`;
  const bad = (field: string, message: string, code = ContractErrorCode.BAD_USER_INPUT) => errors.push({ path: `${path}.${field}`, code, message });
  if (!PROJECT_NO.test(item.projectNo)) bad('projectNo', 'Project number must be the 6-digit county code followed by 1-34 digits, capital letters or dashes');
  else if (!item.projectNo.startsWith(provinceCode)) {
    bad('projectNo', `Project numbers of your province start with ${provinceCode}; you may write only your own projects`, ContractErrorCode.FORBIDDEN);
  }
  if (!isPositiveDecimal(item.amount)) bad('amount', 'An amount must be above zero (a correction is a REVERSAL)');
  if (item.date > today) bad('date', `${item.date} is in the future`);
  if (!REFERENCE.test(item.reference)) bad('reference', 'A reference is 1-100 characters without spaces at either end');
  if (item.kind === REVERSAL && !item.reverses) bad('reverses', 'A REVERSAL names the reference it cancels');
  if (item.kind !== REVERSAL && item.reverses != null) bad('reverses', `Only a REVERSAL cancels another transaction; this is an ${item.kind}`);
  return errors;
}

/**
 * Decides every transaction of a call, in input order, against the ledger as
 * it is under the projects' locks (`stored`: the rows under the call's keys and
 * its reversals' targets): a reference seen before answers as the first time
 * when it says the same, and is refused when it says something else; a
 * disbursement of a project that pays no more is refused; a reversal must name
 * exactly one allocation or disbursement of the same project, source and
 * amount, not dated after it, and not reversed already (in the ledger or
 * earlier in this call).
 */
export function decideTransactions(
  items: Array<{ item: LedgerItem; errors: FieldError[] }>,
  projects: Map<string, LedgerProject>,
  stored: LedgerRow[],
): LedgerDecision[] {
  const rows = new Map(stored.map((r) => [ledgerKey(r.projectId, r.kind, r.reference), { ...r }]));
  return items.map(({ item, errors }) => {
    const reject = (e: FieldError[]): LedgerDecision => ({ index: item.index, reference: item.reference, outcome: 'REJECTED', errors: e });
    if (errors.length) return reject(errors);
    const project = projects.get(item.projectNo);
    if (!project) return reject([fieldError(item, 'projectNo', `No project ${item.projectNo} in your province`, ContractErrorCode.NOT_FOUND)]);
    const key = ledgerKey(project.id, item.kind, item.reference);
    const prior = rows.get(key);
    if (prior) return samePrior(prior, item) ? { index: item.index, reference: item.reference, outcome: 'REPLAY' } : reject([priorDiffers(item, prior)]);
    const refusal = checkNew(item, project, rows);
    if (refusal) return reject([refusal.error]);
    const row: NewRow = { ...asRow(item, project.id), index: item.index };
    if (item.kind === REVERSAL) {
      const target = reversalTarget(item, project.id, rows) as LedgerRow;
      target.reversedBy = item.reference;
      row.target = target;
    }
    rows.set(key, row);
    return { index: item.index, reference: item.reference, outcome: 'NEW', row };
  });
}

function checkNew(item: LedgerItem, project: LedgerProject, rows: Map<string, LedgerRow>): { error: FieldError } | null {
  if (item.kind === DISBURSEMENT && !acceptsDisbursements(project.status)) {
    return { error: fieldError(item, 'kind', `The project is ${project.status}; it disburses no more (a REVERSAL may still cancel earlier money)`) };
  }
  if (item.kind !== REVERSAL) return null;
  const target = reversalTarget(item, project.id, rows);
  if (typeof target === 'string') return { error: fieldError(item, 'reverses', target) };
  if (target.reversedBy) return { error: fieldError(item, 'reverses', `${target.kind} ${target.reference} was already reversed by ${target.reversedBy}`) };
  if (target.source !== item.source)
    return { error: fieldError(item, 'source', `${target.kind} ${target.reference} came from ${target.source}, not ${item.source}`) };
  if (target.amount !== item.amount)
    return { error: fieldError(item, 'amount', `A reversal cancels the whole ${target.amount} of ${target.kind} ${target.reference}`) };
  if (item.date < target.date)
    return { error: fieldError(item, 'date', `A reversal cannot be dated before ${target.kind} ${target.reference} (${target.date})`) };
  return null;
}

/** The one allocation or disbursement a reversal names, or why there is not exactly one. */
function reversalTarget(item: LedgerItem, projectId: number, rows: Map<string, LedgerRow>): LedgerRow | string {
  const found = [ALLOCATION, DISBURSEMENT].flatMap((k) => rows.get(ledgerKey(projectId, k, item.reverses!)) ?? []);
  if (!found.length) return `No ALLOCATION or DISBURSEMENT with reference ${item.reverses} in project ${item.projectNo}`;
  if (found.length > 1) return `Reference ${item.reverses} names both an ALLOCATION and a DISBURSEMENT of this project; a reversal must name exactly one`;
  return found[0];
}

function samePrior(prior: LedgerRow, item: LedgerItem): boolean {
  return prior.source === item.source && prior.amount === item.amount && prior.date === item.date && prior.reversesReference === (item.reverses ?? null);
}

function priorDiffers(item: LedgerItem, prior: LedgerRow): FieldError {
  const was = `${prior.source} ${prior.amount} on ${prior.date}${prior.reversesReference ? ` reversing ${prior.reversesReference}` : ''}`;
  return fieldError(
    item,
    'reference',
    `${item.kind} ${item.reference} of this project is already recorded as ${was}; the ledger is append-only (correct it with a REVERSAL)`,
  );
}

function asRow(item: LedgerItem, projectId: number): LedgerRow {
  const { kind, source, amount, date, reference } = item;
  return { projectId, kind, source, amount, date, reference, reversesReference: item.reverses ?? null, reversedBy: null };
}

function fieldError(item: LedgerItem, field: string, message: string, code = ContractErrorCode.BAD_USER_INPUT): FieldError {
  return { path: `transactions[${item.index}].${field}`, code, message };
}
