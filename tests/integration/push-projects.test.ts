import { PUSH_PROJECTS, type ProjectPushBody, countyOf, projectInput, projectNo } from '../support/project-fixtures';
import { startTestHub, type TestHub } from '../support/test-hub';

describe('pushProjects', () => {
  let hub: TestHub;
  let keyNo = 0;
  const key = () => `projects-${++keyNo}`;
  const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => hub.db.orm.em.getConnection().execute<T[]>(q, p);
  const push = (who: string, projects: unknown[], k = key()) => hub.gql<ProjectPushBody>(who, PUSH_PROJECTS, { key: k, projects });
  const countRows = async () =>
    (
      await sql<{ n: string }>(
        `select (select count(*) from projects) || '/' || (select count(*) from project_budget_lines) || '/' || (select count(*) from project_events)
          || '/' || (select count(*) from audit_log) as n`,
      )
    )[0].n;
  const outcomes = (res: { body: { data?: ProjectPushBody } }) => res.body.data!.pushProjects.results.map((r) => [r.outcome, r.version]);
  const errorsOf = (res: { body: { data?: ProjectPushBody } }, i = 0) => res.body.data!.pushProjects.results[i].errors.map((e) => [e.path, e.code]);

  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.close());

  it('creates projects with their budget lines exact to the fen, one event each and one audit row', async () => {
    const res = await push('P52', [projectInput('52', 1), projectInput('52', 2, { budget: [{ source: 'SOCIAL', amount: '0.01' }] })]);
    expect(res.body.data?.pushProjects).toMatchObject({ created: 2, updated: 0, unchanged: 0, rejected: 0 });
    expect(outcomes(res)).toEqual([
      ['CREATED', 1],
      ['CREATED', 1],
    ]);
    const lines = await sql(
      `select p.project_no, b.source, b.amount::text as amount from project_budget_lines b join projects p on p.id = b.project_id order by 1, 2`,
    );
    expect(lines).toEqual([
      { project_no: projectNo('52', 1), source: 'CENTRAL_SPECIAL', amount: '800000.00' },
      { project_no: projectNo('52', 1), source: 'COUNTY', amount: '200000.50' },
      { project_no: projectNo('52', 2), source: 'SOCIAL', amount: '0.01' },
    ]);
    const [project] = await sql(`select province_code, county_code, village_codes, status, approved_on::text, version from projects where project_no = ?`, [
      projectNo('52', 1),
    ]);
    expect(project).toEqual({
      province_code: '52',
      county_code: countyOf('52'),
      village_codes: ['520102001001', '520102001002'],
      status: 'APPROVED',
      approved_on: '2016-03-01',
      version: 1,
    });
    const events = await sql<{ type: string; version: number; tenant_code: string; changes: Record<string, { new: unknown }> }>(
      `select e.type, e.version, e.tenant_code, e.changes from project_events e join projects p on p.id = e.project_id where p.project_no = ?`,
      [projectNo('52', 1)],
    );
    expect(events).toMatchObject([{ type: 'CREATED', version: 1, tenant_code: 'P52' }]);
    expect(events[0].changes.status.new).toBe('APPROVED');
    expect(await sql(`select tenant_code, operation, detail->'projectNos' as p from audit_log`)).toEqual([
      { tenant_code: 'P52', operation: 'pushProjects', p: [projectNo('52', 1), projectNo('52', 2)] },
    ]);
  });

  it('replays the first response for a repeated key and writes nothing; refuses the key for other input', async () => {
    const k = key();
    const first = await push('P52', [projectInput('52', 3)], k);
    const before = await countRows();
    expect(await push('P52', [projectInput('52', 3)], k)).toEqual(first);
    expect(await countRows()).toBe(before);
    const other = await push('P52', [projectInput('52', 4)], k);
    expect(other.body.errors?.[0].extensions?.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await countRows()).toBe(before);
  });

  it('says UNCHANGED for a project pushed again as it is, amounts compared exactly whatever their written form', async () => {
    const same = projectInput('52', 1, {
      budget: [
        { source: 'COUNTY', amount: '200000.5' },
        { source: 'CENTRAL_SPECIAL', amount: '800000' },
      ],
      villageCodes: ['520102001002', '520102001001'],
    });
    const res = await push('P52', [same]);
    expect(outcomes(res)).toEqual([['UNCHANGED', 1]]);
  });

  it('replaces a project wholly: changed fields and budget in one event, a new version, the old lines gone', async () => {
    const res = await push('P52', [projectInput('52', 1, { status: 'IN_PROGRESS', budget: [{ source: 'PROVINCIAL', amount: '123.45' }] })]);
    expect(outcomes(res)).toEqual([['UPDATED', 2]]);
    const [event] = await sql<{ changes: Record<string, unknown> }>(
      `select e.changes from project_events e join projects p on p.id = e.project_id where p.project_no = ? and e.version = 2`,
      [projectNo('52', 1)],
    );
    expect(event.changes).toEqual({
      status: { old: 'APPROVED', new: 'IN_PROGRESS' },
      budget: {
        old: [
          { source: 'CENTRAL_SPECIAL', amount: '800000.00' },
          { source: 'COUNTY', amount: '200000.50' },
        ],
        new: [{ source: 'PROVINCIAL', amount: '123.45' }],
      },
    });
    expect(
      await sql(`select source, amount::text from project_budget_lines b join projects p on p.id = b.project_id where p.project_no = ?`, [projectNo('52', 1)]),
    ).toEqual([{ source: 'PROVINCIAL', amount: '123.45' }]);
  });

  it('moves a project one step at a time along its life, cancels it before acceptance, and nothing leaves ACCEPTED or CANCELLED', async () => {
    const p = (status: string, extra: Record<string, unknown> = {}) => projectInput('52', 10, { status, ...extra });
    const done = { completedOn: '2016-11-30' };
    expect(outcomes(await push('P52', [p('PLANNED', { approvedOn: null })]))).toEqual([['CREATED', 1]]);
    const skip = await push('P52', [p('IN_PROGRESS')]);
    expect(errorsOf(skip)).toEqual([['projects[0].status', 'BAD_USER_INPUT']]);
    expect(skip.body.data?.pushProjects.results[0].errors[0].message).toMatch(/PLANNED project moves to APPROVED/);
    for (const [status, extra] of [
      ['APPROVED', {}],
      ['IN_PROGRESS', {}],
      ['COMPLETED', done],
      ['ACCEPTED', done],
    ] as const) {
      expect(outcomes(await push('P52', [p(status, extra)]))[0][0]).toBe('UPDATED');
    }
    const back = await push('P52', [p('CANCELLED', done)]);
    expect(errorsOf(back)).toEqual([['projects[0].status', 'BAD_USER_INPUT']]);
    // Another project: cancelled from IN_PROGRESS, then final.
    expect(outcomes(await push('P52', [projectInput('52', 11, { status: 'IN_PROGRESS' })]))).toEqual([['CREATED', 1]]);
    expect(outcomes(await push('P52', [projectInput('52', 11, { status: 'APPROVED' })]))[0][0]).toBe('REJECTED');
    expect(outcomes(await push('P52', [projectInput('52', 11, { status: 'CANCELLED' })]))).toEqual([['UPDATED', 2]]);
    const revive = await push('P52', [projectInput('52', 11, { status: 'IN_PROGRESS' })]);
    expect(revive.body.data?.pushProjects.results[0].errors[0].message).toMatch(/CANCELLED, which is final/);
  });

  it('rejects a project with each problem at its path, writes the valid ones, and changes nothing of a rejected one', async () => {
    const before = await sql(`select * from projects where project_no = ?`, [projectNo('52', 1)]);
    const broken = projectInput('52', 1, {
      projectNo: projectNo('52', 1),
      villageCodes: ['520102001001', '520103001001', '5201'],
      plannedStart: '2016-09-01',
      plannedEnd: '2016-01-01',
      status: 'COMPLETED',
      budget: [
        { source: 'COUNTY', amount: '0.00' },
        { source: 'SOCIAL', amount: '-5.00' },
        { source: 'COUNTY', amount: '10.00' },
      ],
      announcement: { publishedOn: '2099-01-01', place: ' ' },
    });
    const wrongPrefix = projectInput('52', 12, { projectNo: '5201992016X' });
    const res = await push('P52', [broken, wrongPrefix, projectInput('52', 13)]);
    expect(errorsOf(res, 0).sort()).toEqual(
      [
        ['projects[0].villageCodes[1]', 'BAD_USER_INPUT'],
        ['projects[0].villageCodes[2]', 'BAD_USER_INPUT'],
        ['projects[0].plannedEnd', 'BAD_USER_INPUT'],
        ['projects[0].completedOn', 'BAD_USER_INPUT'],
        ['projects[0].budget[0].amount', 'BAD_USER_INPUT'],
        ['projects[0].budget[1].amount', 'BAD_USER_INPUT'],
        ['projects[0].budget[2].source', 'BAD_USER_INPUT'],
        ['projects[0].announcement.publishedOn', 'BAD_USER_INPUT'],
        ['projects[0].announcement.place', 'BAD_USER_INPUT'],
      ].sort(),
    );
    expect(errorsOf(res, 1)).toEqual([['projects[1].projectNo', 'BAD_USER_INPUT']]);
    expect(outcomes(res)[2]).toEqual(['CREATED', 1]);
    expect(await sql(`select * from projects where project_no = ?`, [projectNo('52', 1)])).toEqual(before);
  });

  it('refuses a project of another province’s county (FORBIDDEN at its path) and leaves that province’s project as it was', async () => {
    await push('P53', [projectInput('53', 1)]);
    const before = await sql(`select * from projects where project_no = ?`, [projectNo('53', 1)]);
    const res = await push('P52', [projectInput('53', 1, { name: 'taken over' })]);
    expect(errorsOf(res)).toEqual([['projects[0].countyCode', 'FORBIDDEN']]);
    expect(await sql(`select * from projects where project_no = ?`, [projectNo('53', 1)])).toEqual(before);
  });

  it('refuses amounts that are not exact Decimals as a contract error with the path, and writes nothing', async () => {
    const before = await countRows();
    for (const amount of ['12.345', '1e5', 'abc', 12.5, '', '1,000.00']) {
      const res = await push('P52', [projectInput('52', 20, { budget: [{ source: 'COUNTY', amount }] })]);
      expect(res.status).toBe(400);
      expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'projects[0].budget[0].amount' }] });
    }
    expect(await countRows()).toBe(before);
  });

  it('rejects a stale expectedVersion with VERSION_CONFLICT and the current version; a listed-twice project once', async () => {
    const res = await push('P52', [projectInput('52', 13, { expectedVersion: 7, name: 'x' }), projectInput('52', 14), projectInput('52', 14)]);
    expect(res.body.data?.pushProjects.results[0]).toMatchObject({
      outcome: 'REJECTED',
      version: 1,
      errors: [{ path: 'projects[0].expectedVersion', code: 'VERSION_CONFLICT' }],
    });
    expect(outcomes(res).slice(1)).toEqual([
      ['CREATED', 1],
      ['REJECTED', null],
    ]);
    expect(errorsOf(res, 2)).toEqual([['projects[2].projectNo', 'BAD_USER_INPUT']]);
    expect(outcomes(await push('P52', [projectInput('52', 13, { expectedVersion: 1, name: 'renamed' })]))).toEqual([['UPDATED', 2]]);
  });

  it('refuses more than 500 projects as a whole, and lets no ministry and not LGOP push', async () => {
    const before = await countRows();
    const many = Array.from({ length: 501 }, (_, i) => projectInput('52', 1000 + i));
    const res = await push('P52', many);
    expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'projects' }] });
    for (const who of ['MOE', 'LGOP']) expect((await push(who, [projectInput('52', 30)])).body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await countRows()).toBe(before);
  });
});
