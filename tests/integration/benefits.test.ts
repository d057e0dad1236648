import { PUSH, householdInput } from '../support/push-fixtures';
import { type BenefitsBody, PUSH_PROJECTS, RECORD_BENEFITS, projectInput, projectNo } from '../support/project-fixtures';
import { startTestHub, type TestHub } from '../support/test-hub';

describe('recordBenefits', () => {
  let hub: TestHub;
  let keyNo = 0;
  const key = () => `benefits-${++keyNo}`;
  const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => hub.db.orm.em.getConnection().execute<T[]>(q, p);
  const record = (who: string, project: string, benefits: unknown[], k = key()) =>
    hub.gql<BenefitsBody>(who, RECORD_BENEFITS, { key: k, projectNo: project, benefits });
  const results = (res: { body: { data?: BenefitsBody } }) => res.body.data!.recordBenefits.results;
  const outcomes = (res: { body: { data?: BenefitsBody } }) => results(res).map((r) => r.outcome);
  const errorsOf = (res: { body: { data?: BenefitsBody } }, i = 0) => results(res)[i].errors.map((e) => [e.path, e.code]);
  const reg = (p: string, n: number) => householdInput(p, n).registryNo as string;
  const benefit = (registryNo: string, extra: Record<string, unknown> = {}) => ({
    registryNo,
    type: 'SUBSIDY',
    amount: '1500.00',
    date: '2016-08-01',
    ...extra,
  });
  const benefitRows = async () => Number((await sql<{ n: string }>(`select count(*) as n from benefits`))[0].n);

  beforeAll(async () => {
    hub = await startTestHub();
    await hub.gql('P52', PUSH, { key: 'h52', households: [1, 2, 3].map((n) => householdInput('52', n)) });
    await hub.gql('P53', PUSH, { key: 'h53', households: [householdInput('53', 1)] });
    const removed = await hub.gql('P52', `mutation { removeHousehold(registryNo: "${reg('52', 3)}", reason: "wrongly identified") { status } }`);
    expect(removed.body.data).toEqual({ removeHousehold: { status: 'REMOVED' } });
    await hub.gql('P52', PUSH_PROJECTS, { key: 'p52', projects: [projectInput('52', 1)] });
    await hub.gql('P53', PUSH_PROJECTS, { key: 'p53', projects: [projectInput('53', 1)] });
  });
  afterAll(() => hub.close());

  it('links a project to registered households of the province, amounts exact, with one audit row naming them', async () => {
    const res = await record('P52', projectNo('52', 1), [benefit(reg('52', 1)), benefit(reg('52', 2), { type: 'TRAINING', amount: null })]);
    expect(res.body.data?.recordBenefits).toMatchObject({ recorded: 2, unchanged: 0, rejected: 0 });
    expect(
      await sql(
        `select h.registry_no, b.type, b.amount::text, b.date::text, b.tenant_code from benefits b join households h on h.id = b.household_id order by b.id`,
      ),
    ).toEqual([
      { registry_no: reg('52', 1), type: 'SUBSIDY', amount: '1500.00', date: '2016-08-01', tenant_code: 'P52' },
      { registry_no: reg('52', 2), type: 'TRAINING', amount: null, date: '2016-08-01', tenant_code: 'P52' },
    ]);
    expect(await sql(`select registry_nos, detail from audit_log where operation = 'recordBenefits'`)).toEqual([
      { registry_nos: [reg('52', 1), reg('52', 2)], detail: { projectNo: projectNo('52', 1), recorded: 2, unchanged: 0, rejected: 0 } },
    ]);
  });

  it('answers UNCHANGED for a benefit recorded before, and RECORDED for a new amount of the same household, type and day', async () => {
    const before = await benefitRows();
    const res = await record('P52', projectNo('52', 1), [
      benefit(reg('52', 1), { amount: '1500' }),
      benefit(reg('52', 2), { type: 'TRAINING', amount: null }),
      benefit(reg('52', 1), { type: 'SUBSIDY', amount: '1600.00', date: '2016-08-01' }),
    ]);
    expect(outcomes(res)).toEqual(['UNCHANGED', 'UNCHANGED', 'REJECTED']);
    expect(errorsOf(res, 2)).toEqual([['benefits[2].amount', 'BAD_USER_INPUT']]);
    const corrected = await record('P52', projectNo('52', 1), [benefit(reg('52', 1), { amount: '1600.00' })]);
    expect(outcomes(corrected)).toEqual(['RECORDED']);
    expect(await benefitRows()).toBe(before);
    expect(await sql(`select amount::text from benefits b join households h on h.id = b.household_id where h.registry_no = ?`, [reg('52', 1)])).toEqual([
      { amount: '1600.00' },
    ]);
  });

  it('rejects an unknown, a foreign-province and a removed household at their paths, checked against the registry', async () => {
    const res = await record('P52', projectNo('52', 1), [
      benefit('5201020010019999'),
      benefit(reg('53', 1)),
      benefit(reg('52', 3)),
      benefit(reg('52', 2), { amount: '-1.00' }),
      benefit(reg('52', 2), { date: '2099-01-01' }),
      benefit(reg('52', 2), { type: 'MICROCREDIT', amount: '50000.00' }),
    ]);
    expect(outcomes(res)).toEqual(['REJECTED', 'REJECTED', 'REJECTED', 'REJECTED', 'REJECTED', 'RECORDED']);
    expect(errorsOf(res, 0)).toEqual([['benefits[0].registryNo', 'NOT_FOUND']]);
    expect(errorsOf(res, 1)).toEqual([['benefits[1].registryNo', 'FORBIDDEN']]);
    expect(errorsOf(res, 2)).toEqual([['benefits[2].registryNo', 'BAD_USER_INPUT']]);
    expect(results(res)[2].errors[0].message).toMatch(/was removed from the registry/);
    expect(errorsOf(res, 3)).toEqual([['benefits[3].amount', 'BAD_USER_INPUT']]);
    expect(errorsOf(res, 4)).toEqual([['benefits[4].date', 'BAD_USER_INPUT']]);
  });

  it('refuses as a whole a project of another province, an unknown project, 5,001 benefits and a 3-decimal amount', async () => {
    const before = await benefitRows();
    const foreign = await record('P52', projectNo('53', 1), [benefit(reg('52', 1))]);
    expect(foreign.body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', fields: [{ path: 'projectNo' }] });
    const unknown = await record('P52', projectNo('52', 77), [benefit(reg('52', 1))]);
    expect(unknown.body.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', fields: [{ path: 'projectNo' }] });
    const many = await record(
      'P52',
      projectNo('52', 1),
      Array.from({ length: 5001 }, () => benefit(reg('52', 1))),
    );
    expect(many.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'benefits' }] });
    const decimals = await record('P52', projectNo('52', 1), [benefit(reg('52', 1), { amount: '1.005' })]);
    expect(decimals.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'benefits[0].amount' }] });
    expect(await benefitRows()).toBe(before);
    for (const who of ['MOE', 'LGOP'])
      expect((await record(who, projectNo('52', 1), [benefit(reg('52', 1))])).body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('replays a repeated key with the first response and writes nothing', async () => {
    const k = key();
    const first = await record('P52', projectNo('52', 1), [benefit(reg('52', 2), { type: 'DIVIDEND', amount: '88.80' })], k);
    const before = await benefitRows();
    expect(await record('P52', projectNo('52', 1), [benefit(reg('52', 2), { type: 'DIVIDEND', amount: '88.80' })], k)).toEqual(first);
    expect(await benefitRows()).toBe(before);
    const other = await record('P52', projectNo('52', 1), [benefit(reg('52', 2), { type: 'DIVIDEND', amount: '88.81' })], k);
    expect(other.body.errors?.[0].extensions?.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });
});
