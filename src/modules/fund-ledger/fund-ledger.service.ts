import { isoDay } from '../projects/project.validator';
import { RecordOutcome } from '../projects/project.enums';
import { ProjectRepository } from '../projects/project.repository';
import { type ProjectWriter, type WriteScope, checkSize, provinceWrite } from '../projects/project-write.frame';
import { FundTransactionKind } from './fund-ledger.enums';
import type { FundTransactionInput } from './fund-ledger.inputs';
import { FundLedgerRepository, type LedgerInsert } from './fund-ledger.repository';
import { type LedgerDecision, type LedgerItem, type NewRow, decideTransactions, ledgerKey, validateTransaction } from './fund-ledger.rules';
import type { FundTransactionSummary } from './fund-ledger.types';

/** Most transactions one call may carry. */
export const LEDGER_CALL_MAX = 5000;
const OPERATION = 'recordFundTransactions';

/**
 * `recordFundTransactions`: validate in memory; then lock the call's projects,
 * read the ledger rows under its references and its reversals' targets, decide
 * every item, and append the new rows: allocations and disbursements in one
 * statement, then the reversals (which may cancel a row of the same call) in
 * another. A handful of statements, whatever the number of transactions.
 */
export async function recordFundTransactions(w: ProjectWriter, key: string, inputs: FundTransactionInput[]): Promise<FundTransactionSummary> {
  checkSize('transactions', inputs.length, LEDGER_CALL_MAX);
  return provinceWrite(w, OPERATION, key, inputs, async (s) => {
    const today = new Date().toISOString().slice(0, 10);
    const items = inputs.map((input, index) => {
      const item: LedgerItem = { index, ...input, date: isoDay(input.date)!, reverses: input.reverses ?? null };
      return { item, errors: validateTransaction(item, s.provinceCode, today) };
    });
    const projects = await new ProjectRepository(s.tem, s.provinceCode).lockProjects([
      ...new Set(items.filter((i) => !i.errors.length).map((i) => i.item.projectNo)),
    ]);
    const ledger = new FundLedgerRepository(s.tem, s.provinceCode);
    const keys = items.flatMap(({ item, errors }) => {
      const project = projects.get(item.projectNo);
      if (errors.length || !project) return [];
      const own = { projectId: project.id, kind: item.kind, reference: item.reference };
      const targets = item.reverses
        ? [FundTransactionKind.ALLOCATION, FundTransactionKind.DISBURSEMENT].map((kind) => ({ projectId: project.id, kind, reference: item.reverses! }))
        : [];
      return [own, ...targets];
    });
    const decisions = decideTransactions(items, projects, await ledger.loadRows(keys));
    await append(ledger, decisions, s);
    const summary = summarise(decisions);
    const projectNos = [...new Set(decisions.filter((d) => d.outcome === 'NEW').map((d) => inputs[d.index].projectNo))];
    return {
      summary,
      detail: { recorded: summary.recorded, rejected: summary.rejected, appended: decisions.filter((d) => d.outcome === 'NEW').length, projectNos },
    };
  });
}

/** Two statements: the new allocations and disbursements, then the reversals with their targets' ids. */
async function append(ledger: FundLedgerRepository, decisions: LedgerDecision[], s: WriteScope): Promise<void> {
  const rows = decisions.flatMap((d) => (d.outcome === 'NEW' ? [d.row] : []));
  const writer = { tenantCode: s.tenantCode, requestId: s.requestId };
  const plain = rows.filter((r) => r.kind !== FundTransactionKind.REVERSAL);
  const ids = await ledger.append(plain.map(toInsert), writer);
  const reversals = rows.filter((r) => r.kind === FundTransactionKind.REVERSAL);
  await ledger.append(
    reversals.map((r) => {
      const target = r.target!;
      return { ...toInsert(r), reversesId: target.id ?? ids.get(ledgerKey(target.projectId, target.kind, target.reference))!, reversedKind: target.kind };
    }),
    writer,
  );
}

const toInsert = (r: NewRow): LedgerInsert => ({
  projectId: r.projectId,
  kind: r.kind,
  source: r.source,
  amount: r.amount,
  date: r.date,
  reference: r.reference,
});

function summarise(decisions: LedgerDecision[]): FundTransactionSummary {
  const results = decisions.map((d) => ({
    index: d.index,
    reference: d.reference,
    outcome: d.outcome === 'REJECTED' ? RecordOutcome.REJECTED : RecordOutcome.RECORDED,
    errors: d.outcome === 'REJECTED' ? d.errors : [],
  }));
  const rejected = results.filter((r) => r.outcome === RecordOutcome.REJECTED).length;
  return { recorded: results.length - rejected, rejected, results };
}
