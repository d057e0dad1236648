import { FundSource, ProjectStatus } from '../../src/modules/projects/project.enums';
import { FundTransactionKind } from '../../src/modules/fund-ledger/fund-ledger.enums';
import { type LedgerItem, type LedgerRow, decideTransactions, validateTransaction } from '../../src/modules/fund-ledger/fund-ledger.rules';

const { ALLOCATION, DISBURSEMENT, REVERSAL } = FundTransactionKind;
const PROJECT = '5201022016A';
const projects = new Map([
  [PROJECT, { id: 1, status: ProjectStatus.IN_PROGRESS }],
  ['5201022016C', { id: 2, status: ProjectStatus.CANCELLED }],
]);

let n = 0;
const item = (o: Partial<LedgerItem> = {}): LedgerItem => ({
  index: n++,
  projectNo: PROJECT,
  kind: ALLOCATION,
  source: FundSource.COUNTY,
  amount: '100.00',
  date: '2016-05-01',
  reference: `V${n}`,
  reverses: null,
  ...o,
});
const stored = (o: Partial<LedgerRow> = {}): LedgerRow => ({
  id: '10',
  projectId: 1,
  kind: ALLOCATION,
  source: FundSource.COUNTY,
  amount: '100.00',
  date: '2016-05-01',
  reference: 'A1',
  reversesReference: null,
  reversedBy: null,
  ...o,
});
const decide = (items: LedgerItem[], rows: LedgerRow[] = []) =>
  decideTransactions(
    items.map((i, index) => ({ item: { ...i, index }, errors: validateTransaction({ ...i, index }, '52', '2016-12-31') })),
    projects,
    rows,
  );
const verdicts = (items: LedgerItem[], rows: LedgerRow[] = []) =>
  decide(items, rows).map((d) =>
    d.outcome === 'REJECTED' ? `REJECTED ${d.errors.map((e) => e.path.replace(/^transactions\[\d+\]\./, '')).join(',')}` : d.outcome,
  );

describe('the fund ledger rules', () => {
  it('validates each transaction alone, with paths', () => {
    expect(verdicts([item({ amount: '0.00' }), item({ date: '2017-01-01' }), item({ reference: ' V ' }), item({ projectNo: '5301022016A' })])).toEqual([
      'REJECTED amount',
      'REJECTED date',
      'REJECTED reference',
      'REJECTED projectNo',
    ]);
    expect(validateTransaction(item({ projectNo: '5301022016A', index: 4 }), '52', '2016-12-31')[0]).toMatchObject({
      path: 'transactions[4].projectNo',
      code: 'FORBIDDEN',
    });
    expect(verdicts([item({ kind: REVERSAL }), item({ reverses: 'A1' })])).toEqual(['REJECTED reverses', 'REJECTED reverses']);
  });

  it('answers a reference seen before as the first time when it says the same, and refuses it when it says otherwise', () => {
    const rows = [stored()];
    expect(verdicts([item({ reference: 'A1' }), item({ reference: 'A1', amount: '100.01' }), item({ reference: 'A1', kind: DISBURSEMENT })], rows)).toEqual([
      'REPLAY',
      'REJECTED reference',
      'NEW',
    ]);
    // Within one call too: the second copy is compared with the first.
    expect(verdicts([item({ reference: 'B1' }), item({ reference: 'B1' }), item({ reference: 'B1', date: '2016-05-02' })])).toEqual([
      'NEW',
      'REPLAY',
      'REJECTED reference',
    ]);
  });

  it('refuses a disbursement of a cancelled project, not its allocations or reversals, and an unknown project', () => {
    const cancelled = { projectNo: '5201022016C' };
    expect(verdicts([item({ ...cancelled, kind: DISBURSEMENT }), item(cancelled), item({ projectNo: '5201022016Z' })])).toEqual([
      'REJECTED kind',
      'NEW',
      'REJECTED projectNo',
    ]);
  });

  it('reverses one allocation or disbursement of the same source and whole amount, not before it, once', () => {
    const rev = (o: Partial<LedgerItem> = {}) => item({ kind: REVERSAL, reverses: 'A1', date: '2016-06-01', ...o });
    const rows = [stored()];
    expect(
      verdicts([rev({ amount: '99.00' }), rev({ source: FundSource.SOCIAL }), rev({ date: '2016-04-30' }), rev({ reverses: 'Z' }), rev(), rev()], rows),
    ).toEqual(['REJECTED amount', 'REJECTED source', 'REJECTED date', 'REJECTED reverses', 'NEW', 'REJECTED reverses']);
    expect(verdicts([rev()], [stored({ reversedBy: 'R0' })])).toEqual(['REJECTED reverses']);
    expect(verdicts([rev()], [stored(), stored({ id: '11', kind: DISBURSEMENT })])).toEqual(['REJECTED reverses']);
    // A reversal of a transaction of the same call names that new row as its target.
    const [, reversal] = decide([item({ reference: 'N1' }), rev({ reverses: 'N1' })]);
    expect(reversal.outcome === 'NEW' && reversal.row.target).toMatchObject({ reference: 'N1', kind: ALLOCATION });
    expect(reversal.outcome === 'NEW' && reversal.row.target?.id).toBeUndefined();
  });
});
