import { PUSH_PROJECTS, RECORD_TRANSACTIONS, type TransactionsBody, projectInput, projectNo, transaction as tx } from '../support/project-fixtures';
import { startTestHub, type TestHub } from '../support/test-hub';

describe('recordFundTransactions', () => {
  let hub: TestHub;
  let keyNo = 0;
  const key = () => `ledger-${++keyNo}`;
  const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => hub.db.orm.em.getConnection().execute<T[]>(q, p);
  const record = (who: string, transactions: unknown[], k = key()) => hub.gql<TransactionsBody>(who, RECORD_TRANSACTIONS, { key: k, transactions });
  const results = (res: { body: { data?: TransactionsBody } }) => res.body.data!.recordFundTransactions.results;
  const outcomes = (res: { body: { data?: TransactionsBody } }) => results(res).map((r) => r.outcome);
  const errorsOf = (res: { body: { data?: TransactionsBody } }, i = 0) => results(res)[i].errors.map((e) => [e.path, e.code]);
  const ledgerRows = async () => Number((await sql<{ n: string }>(`select count(*) as n from fund_transactions`))[0].n);

  beforeAll(async () => {
    hub = await startTestHub();
    await hub.gql('P52', PUSH_PROJECTS, { key: 'setup-52', projects: [projectInput('52', 1), projectInput('52', 2, { status: 'CANCELLED' })] });
    await hub.gql('P53', PUSH_PROJECTS, { key: 'setup-53', projects: [projectInput('53', 1)] });
  });
  afterAll(() => hub.close());

  it('appends allocations and disbursements exactly as sent, with who and which request, and one audit row', async () => {
    const res = await record('P52', [tx('52', 1, 'A-001', { amount: '500000.10' }), tx('52', 1, 'D-001', { kind: 'DISBURSEMENT', amount: '0.01' })]);
    expect(res.body.data?.recordFundTransactions).toMatchObject({ recorded: 2, rejected: 0 });
    expect(await sql(`select kind, source, amount::text, date::text, reference, tenant_code from fund_transactions order by id`)).toEqual([
      { kind: 'ALLOCATION', source: 'CENTRAL_SPECIAL', amount: '500000.10', date: '2016-05-01', reference: 'A-001', tenant_code: 'P52' },
      { kind: 'DISBURSEMENT', source: 'CENTRAL_SPECIAL', amount: '0.01', date: '2016-05-01', reference: 'D-001', tenant_code: 'P52' },
    ]);
    expect(await sql(`select operation, detail from audit_log where operation = 'recordFundTransactions'`)).toEqual([
      { operation: 'recordFundTransactions', detail: { recorded: 2, rejected: 0, appended: 2, projectNos: [projectNo('52', 1)] } },
    ]);
  });

  it('answers a replayed reference as the first time without a second row, and refuses the reference for other values', async () => {
    const before = await ledgerRows();
    const again = await record('P52', [tx('52', 1, 'A-001', { amount: '500000.1' })]);
    expect(outcomes(again)).toEqual(['RECORDED']);
    expect(await ledgerRows()).toBe(before);
    const other = await record('P52', [tx('52', 1, 'A-001', { amount: '9.99' }), tx('52', 1, 'A-001', { kind: 'DISBURSEMENT', amount: '9.99' })]);
    expect(outcomes(other)).toEqual(['REJECTED', 'RECORDED']);
    expect(errorsOf(other)).toEqual([['transactions[0].reference', 'BAD_USER_INPUT']]);
    expect(results(other)[0].errors[0].message).toMatch(/already recorded as CENTRAL_SPECIAL 500000.10 on 2016-05-01/);
    expect(await ledgerRows()).toBe(before + 1);
  });

  it('reverses exactly one earlier transaction, in the ledger or earlier in the same call, and never twice', async () => {
    const reversal = (reference: string, reverses: string, extra: Record<string, unknown> = {}) =>
      tx('52', 1, reference, { kind: 'REVERSAL', amount: '0.01', date: '2016-06-01', reverses, ...extra });
    const res = await record('P52', [
      reversal('R-001', 'D-001'),
      reversal('R-002', 'D-001'),
      tx('52', 1, 'A-002', { amount: '77.70' }),
      reversal('R-003', 'A-002', { amount: '77.70' }),
      reversal('R-004', 'NO-SUCH'),
      reversal('R-005', 'R-001'),
      tx('52', 1, 'A-003', { amount: '10.00' }),
      reversal('R-006', 'A-003', { amount: '9.00' }),
      reversal('R-007', 'A-003', { amount: '10.00', source: 'COUNTY' }),
      reversal('R-008', 'A-003', { amount: '10.00', date: '2016-01-01' }),
      reversal('R-010', 'A-001', { amount: '9.99' }),
    ]);
    expect(outcomes(res)).toEqual([
      'RECORDED',
      'REJECTED',
      'RECORDED',
      'RECORDED',
      'REJECTED',
      'REJECTED',
      'RECORDED',
      'REJECTED',
      'REJECTED',
      'REJECTED',
      'REJECTED',
    ]);
    expect(errorsOf(res, 1)).toEqual([['transactions[1].reverses', 'BAD_USER_INPUT']]);
    expect(results(res)[1].errors[0].message).toMatch(/already reversed by R-001/);
    expect(errorsOf(res, 4)).toEqual([['transactions[4].reverses', 'BAD_USER_INPUT']]);
    expect(errorsOf(res, 5)).toEqual([['transactions[5].reverses', 'BAD_USER_INPUT']]);
    expect(errorsOf(res, 7)).toEqual([['transactions[7].amount', 'BAD_USER_INPUT']]);
    expect(errorsOf(res, 8)).toEqual([['transactions[8].source', 'BAD_USER_INPUT']]);
    expect(errorsOf(res, 9)).toEqual([['transactions[9].date', 'BAD_USER_INPUT']]);
    // A-001 is both an allocation and a disbursement of this project: a reversal must name exactly one.
    expect(results(res)[10].errors[0].message).toMatch(/names both an ALLOCATION and a DISBURSEMENT/);
    const links = await sql(
      `select r.reference, t.reference as reverses, r.reversed_kind from fund_transactions r join fund_transactions t on t.id = r.reverses_id order by r.id`,
    );
    expect(links).toEqual([
      { reference: 'R-001', reverses: 'D-001', reversed_kind: 'DISBURSEMENT' },
      { reference: 'R-003', reverses: 'A-002', reversed_kind: 'ALLOCATION' },
    ]);
    const twice = await record('P52', [reversal('R-009', 'D-001')]);
    expect(results(twice)[0].errors[0].message).toMatch(/already reversed by R-001/);
    // The reversal itself replays as the first time.
    expect(outcomes(await record('P52', [reversal('R-001', 'D-001')]))).toEqual(['RECORDED']);
  });

  it('refuses a disbursement of a cancelled project, a project of another province and an unknown one, each at its path', async () => {
    const res = await record('P52', [
      tx('52', 2, 'D-100', { kind: 'DISBURSEMENT' }),
      tx('52', 2, 'A-100'),
      tx('53', 1, 'A-100'),
      tx('52', 99, 'A-100'),
      tx('52', 1, 'A-100', { kind: 'REVERSAL' }),
      tx('52', 1, 'A-101', { reverses: 'A-001' }),
    ]);
    expect(outcomes(res)).toEqual(['REJECTED', 'RECORDED', 'REJECTED', 'REJECTED', 'REJECTED', 'REJECTED']);
    expect(errorsOf(res, 0)).toEqual([['transactions[0].kind', 'BAD_USER_INPUT']]);
    expect(results(res)[0].errors[0].message).toMatch(/CANCELLED; it disburses no more/);
    expect(errorsOf(res, 2)).toEqual([['transactions[2].projectNo', 'FORBIDDEN']]);
    expect(errorsOf(res, 3)).toEqual([['transactions[3].projectNo', 'NOT_FOUND']]);
    expect(errorsOf(res, 4)).toEqual([['transactions[4].reverses', 'BAD_USER_INPUT']]);
    expect(errorsOf(res, 5)).toEqual([['transactions[5].reverses', 'BAD_USER_INPUT']]);
    expect(await sql(`select count(*)::int as n from fund_transactions where province_code = '53'`)).toEqual([{ n: 0 }]);
  });

  it('rejects zero and negative amounts item by item, and refuses 3 decimals, exponents and non-numbers as a whole with the path', async () => {
    const res = await record('P52', [tx('52', 1, 'Z-1', { amount: '0' }), tx('52', 1, 'Z-2', { amount: '-12.00' }), tx('52', 1, 'Z-3', { amount: '3' })]);
    expect(outcomes(res)).toEqual(['REJECTED', 'REJECTED', 'RECORDED']);
    expect(errorsOf(res, 1)).toEqual([['transactions[1].amount', 'BAD_USER_INPUT']]);
    const before = await ledgerRows();
    for (const amount of ['0.001', '12.345', '1e5', '1E5', 'NaN', 'twelve', 100, '1234567890123.00']) {
      const bad = await record('P52', [tx('52', 1, 'Z-4'), tx('52', 1, 'Z-5', { amount })]);
      expect(bad.status).toBe(400);
      expect(bad.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'transactions[1].amount' }] });
    }
    const three = await record('P52', [tx('52', 1, 'Z-4', { amount: '12.345' })]);
    expect(three.body.errors?.[0].message).toMatch(/more than 2 decimals/);
    const exp = await record('P52', [tx('52', 1, 'Z-4', { amount: '1e5' })]);
    expect(exp.body.errors?.[0].message).toMatch(/Exponents/);
    expect(await ledgerRows()).toBe(before);
  });

  it('names the path of a bad amount written inline in the query text, as for a variable', async () => {
    const before = await ledgerRows();
    const no = projectNo('52', 1);
    const item = (ref: string, amount: string) =>
      `{ projectNo: "${no}", kind: ALLOCATION, source: COUNTY, amount: "${amount}", date: "2016-05-01", reference: "${ref}" }`;
    for (const amount of ['12.345', '1e5', 'twelve']) {
      const query = `mutation { recordFundTransactions(idempotencyKey: "${key()}", transactions: [${item('L-1', '1.00')}, ${item('L-2', amount)}]) { recorded } }`;
      const res = await hub.gql('P52', query);
      expect(res.status).toBe(400);
      expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'transactions[1].amount' }] });
    }
    expect(await ledgerRows()).toBe(before);
  });

  it('refuses 5,001 transactions as a whole with a clear error, and writes 5,000 in the same few statements as 2, exact to the fen', async () => {
    const before = await ledgerRows();
    const many = (n: number, prefix: string) =>
      Array.from({ length: n }, (_, i) =>
        tx('52', 1, `${prefix}-${i}`, { amount: `${(i * 7919) % 100000}.${String((i * 37) % 100).padStart(2, '0')}`, source: 'PROVINCIAL' }),
      );
    const tooMany = await record('P52', many(5001, 'M'));
    expect(tooMany.body.errors?.[0]).toMatchObject({
      message: 'At most 5,000 transactions a call; 5,001 were sent',
      extensions: { code: 'BAD_USER_INPUT', fields: [{ path: 'transactions' }] },
    });
    expect(await ledgerRows()).toBe(before);
    const small = await hub.countStatements(() => record('P52', many(2, 'S')));
    const batch = many(5000, 'B').map((t, i) => (i === 0 ? { ...t, amount: '999999999999.99' } : t));
    let res!: Awaited<ReturnType<typeof record>>;
    const big = await hub.countStatements(async () => {
      res = await record('P52', batch);
    });
    expect(res.body.data?.recordFundTransactions).toMatchObject({ recorded: 5000, rejected: 0 });
    expect(big).toBe(small);
    // The sum in integer fen of what was sent equals PostgreSQL's numeric sum of what was stored.
    const fen = batch.reduce((s, t) => s + BigInt((t.amount as string).replace('.', '')), 0n);
    const [{ total }] = await sql<{ total: string }>(`select sum(amount)::text as total from fund_transactions where reference like 'B-%'`);
    expect(total).toBe(`${fen / 100n}.${String(fen % 100n).padStart(2, '0')}`);
  });

  it('serialises concurrent calls on one project: a transaction is reversed once, and a reference sent twice at once is one row', async () => {
    await record('P52', [tx('52', 1, 'C-1', { amount: '5.00' })]);
    const reversal = (reference: string) => tx('52', 1, reference, { kind: 'REVERSAL', reverses: 'C-1', amount: '5.00', date: '2016-06-01' });
    const [a, b] = await Promise.all([record('P52', [reversal('CR-1')]), record('P52', [reversal('CR-2')])]);
    expect([...outcomes(a), ...outcomes(b)].sort()).toEqual(['RECORDED', 'REJECTED']);
    const [c, d] = await Promise.all([record('P52', [tx('52', 1, 'C-2')]), record('P52', [tx('52', 1, 'C-2')])]);
    expect([...outcomes(c), ...outcomes(d)]).toEqual(['RECORDED', 'RECORDED']);
    expect(await sql(`select count(*)::int as n from fund_transactions where reference in ('C-2', 'CR-1', 'CR-2')`)).toEqual([{ n: 2 }]);
  });

  it('lets no ministry and not LGOP record', async () => {
    for (const who of ['MOE', 'LGOP']) {
      expect((await record(who, [tx('52', 1, 'X-1')])).body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
  });
});
