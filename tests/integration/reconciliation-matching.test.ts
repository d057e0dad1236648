import { runSql, sql } from '../../src/db/sql';
import { computeCheckCharacter } from '../../src/modules/id-number/id-number';
import { buildIdNumber } from '../../src/modules/id-number/id-number.generator';
import { BATCH, plantRegistry, recordsOf, submitAndRun } from '../support/reconcile-fixtures';
import { startTestHub, type TestHub } from '../support/test-hub';

describe('reconciliation: outcomes and discrepancies', () => {
  let hub: TestHub;
  let reg: Awaited<ReturnType<typeof plantRegistry>>;
  beforeAll(async () => {
    hub = await startTestHub();
    reg = await plantRegistry(hub);
  });
  afterAll(() => hub.close());

  const head = () => reg.h1.members[0] as { idNumber: string; name: string };
  const spouse = () => reg.h1.members[1] as { idNumber: string; name: string };
  const child = () => reg.h1.members[2] as { idNumber: string; name: string };
  const kindsOf = async (ministry: string, sector: string, records: unknown[]) => {
    const id = await submitAndRun(hub, ministry, sector, records);
    return (await recordsOf(hub, ministry, id)).map((r) => [r.outcome, ...r.discrepancyKinds]);
  };

  it('gives each outcome, with reasons, the matched member and a suggestion for a check-character typo', async () => {
    const typo = head().idNumber.slice(0, 17) + (computeCheckCharacter(head().idNumber.slice(0, 17)) === '1' ? '2' : '1');
    const newcomer = buildIdNumber('520102', '1970-01-01', 555);
    const stranger = buildIdNumber('520102', '1999-09-09', 13);
    const id = await submitAndRun(hub, 'MCA', 'MINIMUM_LIVING', [
      { idNumber: head().idNumber.toLowerCase(), name: head().name, attributes: { monthlyAmount: 300 } },
      { idNumber: typo, name: head().name },
      { idNumber: newcomer, name: head().name },
      { idNumber: stranger, name: '赵六' },
      { idNumber: '12345', name: 'x' },
      { idNumber: stranger, name: '赵六', attributes: { colour: 'red' } },
    ]);
    const rows = await recordsOf(hub, 'MCA', id);
    expect(rows.map((r) => [r.rowNo, r.outcome])).toEqual([
      [1, 'MATCHED'],
      [2, 'INVALID'],
      [3, 'PROBABLE'],
      [4, 'UNMATCHED'],
      [5, 'INVALID'],
      [6, 'INVALID'],
    ]);
    expect(rows[0].member?.idNumber).toBe(head().idNumber);
    expect(rows[1]).toMatchObject({ reason: expect.stringMatching(/check character/), suggestion: { idNumber: head().idNumber } });
    expect(rows[2]).toMatchObject({ member: { idNumber: head().idNumber }, reason: expect.stringMatching(/similar name/) });
    expect(rows[4].reason).toMatch(/has 5 characters/);
    expect(rows[5].reason).toMatch(/unknown attribute "colour"/);
    const batch = await hub.gql<{ sectorBatch: Record<string, unknown> }>('MCA', BATCH, { id });
    expect(batch.body.data?.sectorBatch).toMatchObject({
      status: 'COMPLETED',
      totalRecords: 6,
      processedRecords: 6,
      matched: 1,
      probable: 1,
      unmatched: 1,
      invalid: 3,
      discrepancies: 1,
    });
  });

  it('raises NAME_MISMATCH and BIRTHDATE_MISMATCH in every sector', async () => {
    expect(await kindsOf('NHFPC', 'HEALTH', [{ idNumber: head().idNumber, name: '别人', birthDate: '1970-01-02' }])).toEqual([
      ['MATCHED', 'BIRTHDATE_MISMATCH', 'NAME_MISMATCH'],
    ]);
  });

  it.each<[string, string, () => unknown[], string[][]]>([
    [
      'MPS',
      'CIVIL_REGISTRATION',
      () => [
        { idNumber: head().idNumber, name: head().name, attributes: { status: 'DECEASED', eventDate: '2019-05-01' } },
        { idNumber: spouse().idNumber, name: spouse().name, attributes: { status: 'MOVED' } },
      ],
      [
        ['MATCHED', 'DECEASED_BUT_ACTIVE'],
        ['MATCHED', 'MOVED_BUT_ACTIVE'],
      ],
    ],
    [
      'MOE',
      'EDUCATION',
      () => [{ idNumber: child().idNumber, name: child().name, attributes: { enrolled: false, school: 'X' } }],
      [['MATCHED', 'SCHOOL_AGE_NOT_ENROLLED', 'SCHOOL_STATUS_STALE']],
    ],
    [
      'NHFPC',
      'HEALTH',
      () => [{ idNumber: head().idNumber, name: head().name, attributes: { insured: false, seriousIllness: true } }],
      [['MATCHED', 'HEALTH_STATUS_STALE', 'NOT_MEDICALLY_INSURED']],
    ],
    [
      'CDPF',
      'DISABILITY',
      () => [
        { idNumber: head().idNumber, name: head().name, attributes: { certificateNo: 'C1', level: 2 } },
        { idNumber: reg.h3.members[1].idNumber, name: reg.h3.members[1].name, attributes: { level: '1' } },
      ],
      [
        ['MATCHED', 'DISABILITY_NOT_RECORDED'],
        ['MATCHED', 'DISABILITY_LEVEL_MISMATCH'],
      ],
    ],
    [
      'MOHURD',
      'HOUSING',
      () => [
        { idNumber: head().idNumber, name: head().name, attributes: { dilapidationGrade: 'D', renovated: false } },
        { idNumber: reg.h2.members[0].idNumber, name: reg.h2.members[0].name, attributes: { renovated: true, renovatedYear: 2018 } },
      ],
      [
        ['MATCHED', 'UNSAFE_HOUSING_UNRECORDED'],
        ['MATCHED', 'HOUSING_STATUS_STALE'],
      ],
    ],
    [
      'MCA',
      'MINIMUM_LIVING',
      () => [{ idNumber: head().idNumber, name: head().name, attributes: { monthlyAmount: 280, since: '2019-01-01' } }],
      [['MATCHED', 'ALLOWANCE_STATUS_STALE']],
    ],
    [
      'MOHRSS',
      'EMPLOYMENT',
      () => [
        { idNumber: head().idNumber, name: head().name, attributes: { employerType: 'PUBLIC_SECTOR' } },
        { idNumber: spouse().idNumber, name: spouse().name, attributes: { employerType: 'ENTERPRISE', annualWage: 50000 } },
      ],
      [
        ['MATCHED', 'PUBLIC_SECTOR_EMPLOYEE'],
        ['MATCHED', 'INCOME_ABOVE_LINE'],
      ],
    ],
  ])('%s raises the %s kinds with evidence', async (ministry, sector, records, expected) => {
    expect(await kindsOf(ministry, sector, records())).toEqual(expected);
  });

  it('keeps the evidence: the sector’s values beside the registry’s', async () => {
    await kindsOf('MOHURD', 'HOUSING', [{ idNumber: head().idNumber, name: head().name, attributes: { dilapidationGrade: 'C' } }]);
    const rows = await runSql<{ evidence: unknown }>(
      hub.db.orm.em.fork(),
      sql`select evidence from discrepancies where kind = 'UNSAFE_HOUSING_UNRECORDED' order by id desc limit 1`,
    );
    expect(rows[0].evidence).toEqual({ sector: { dilapidationGrade: 'C', renovated: null }, registry: { housingSafe: true } });
  });

  it('lets a ministry submit only its own sector, and read only its own batches', async () => {
    const res = await hub.gql('MOE', `mutation { submitSectorBatch(idempotencyKey: "x", sector: HEALTH, period: "2020", records: []) { id } }`);
    expect(res.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const p = await hub.gql('P52', `mutation { submitSectorBatch(idempotencyKey: "y", sector: HEALTH, period: "2020", records: []) { id } }`);
    expect(p.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const id = await submitAndRun(hub, 'MOE', 'EDUCATION', [{ idNumber: child().idNumber, name: child().name }]);
    expect((await hub.gql('NHFPC', BATCH, { id })).body.data?.sectorBatch).toBeNull();
    expect((await hub.gql('NHFPC', `query($id: ID!) { batchRecords(batchId: $id) { edges { cursor } } }`, { id })).body.data?.batchRecords).toBeNull();
    const list = await hub.gql<{ sectorBatches: { edges: Array<{ node: { sector: string } }> } }>(
      'NHFPC',
      `{ sectorBatches(first: 100) { edges { node { sector } } } }`,
    );
    expect(new Set(list.body.data?.sectorBatches.edges.map((e) => e.node.sector))).toEqual(new Set(['HEALTH']));
    expect((await hub.gql('LGOP', BATCH, { id })).body.data?.sectorBatch).toMatchObject({ id });
  });

  it('refuses a bad period and more than 10,000 inline records', async () => {
    const bad = await hub.gql('MOE', `mutation { submitSectorBatch(idempotencyKey: "p", sector: EDUCATION, period: "Q4-2016", records: []) { id } }`);
    expect(bad.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'period' }] });
  });
});
