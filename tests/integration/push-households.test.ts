import { PUSH, type PushSummaryBody, householdInput } from '../support/push-fixtures';
import { startTestHub, type TestHub } from '../support/test-hub';

describe('pushHouseholds', () => {
  let hub: TestHub;
  let keyNo = 0;
  const key = () => `key-${++keyNo}`;
  const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => hub.db.orm.em.getConnection().execute<T[]>(q, p);
  const push = (who: string, households: unknown[], k = key()) => hub.gql<PushSummaryBody>(who, PUSH, { key: k, households });
  const countRows = async () =>
    (
      await sql<{ n: string }>(
        `select (select count(*) from households) || '/' || (select count(*) from members) || '/' || (select count(*) from household_events) as n`,
      )
    )[0].n;

  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.close());

  it('creates households, stores ID numbers normalised, and records an event and an audit row', async () => {
    const h = householdInput('52', 1);
    const head = h.members[0].idNumber as string;
    h.members[0].idNumber = `${head.slice(0, 6)} ${head.slice(6, 14)}-${head.slice(14).toLowerCase()}`;
    const res = await push('P52', [h, householdInput('52', 2)]);
    expect(res.body.data?.pushHouseholds).toMatchObject({ created: 2, updated: 0, unchanged: 0, rejected: 0 });
    expect(res.body.data?.pushHouseholds.results.map((r) => [r.index, r.outcome, r.version])).toEqual([
      [0, 'CREATED', 1],
      [1, 'CREATED', 1],
    ]);
    expect(await sql(`select id_number, sex, birth_date::text from members where name = '张1'`)).toEqual([
      { id_number: head, sex: 'MALE', birth_date: '1970-01-01' },
    ]);
    const audit = await sql(`select tenant_code, operation, registry_nos from audit_log`);
    expect(audit).toEqual([{ tenant_code: 'P52', operation: 'pushHouseholds', registry_nos: [h.registryNo, householdInput('52', 2).registryNo] }]);
    const events = await sql(
      `select e.type, e.version, e.tenant_code from household_events e join households h on h.id = e.household_id where h.registry_no = ?`,
      [h.registryNo],
    );
    expect(events).toEqual([{ type: 'IDENTIFIED', version: 1, tenant_code: 'P52' }]);
  });

  it("stores each member's name keys as the database's rule gives them, and renews them when a push renames the member", async () => {
    const h = householdInput('52', 90);
    h.members[0].name = '張偉';
    await push('P52', [h]);
    const keysOf = () => sql(`select name_fold, name_pinyin from members where id_number = ?`, [h.members[0].idNumber]);
    const byRule = `select k.fold as name_fold, k.pinyin as name_pinyin from name_match_keys(?) k`;
    expect(await keysOf()).toEqual([{ name_fold: '张伟', name_pinyin: 'zhang wei' }]);
    expect(await keysOf()).toEqual(await sql(byRule, ['張偉']));
    h.members[0].name = '王玮';
    await push('P52', [h]);
    expect(await keysOf()).toEqual([{ name_fold: '王玮', name_pinyin: 'wang wei' }]);
  });

  it('replays the first response for a repeated key and writes nothing; refuses the key for other input', async () => {
    const k = key();
    const first = await push('P52', [householdInput('52', 3)], k);
    const before = await countRows();
    const again = await push('P52', [householdInput('52', 3)], k);
    expect(again.body.data).toEqual(first.body.data);
    expect(await countRows()).toBe(before);
    const other = await push('P52', [householdInput('52', 4)], k);
    expect(other.body.errors?.[0].extensions?.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await countRows()).toBe(before);
    // Keys are per tenant: another province may use the same key for its own push.
    const p53 = await push('P53', [householdInput('53', 3)], k);
    expect(p53.body.data?.pushHouseholds.created).toBe(1);
  });

  it('says UNCHANGED for a household pushed again as it is, without a new version or event', async () => {
    const res = await push('P52', [householdInput('52', 1), householdInput('52', 2)]);
    expect(res.body.data?.pushHouseholds).toMatchObject({ unchanged: 2, created: 0, updated: 0 });
    expect(res.body.data?.pushHouseholds.results.map((r) => r.version)).toEqual([1, 1]);
  });

  it('replaces a household wholly: changed fields, a new member, a missing member removed, all in one event', async () => {
    const h = householdInput('52', 5);
    await push('P52', [h]);
    const changed = {
      ...h,
      annualIncomePerCapita: 3500,
      members: [h.members[0], h.members[1], { ...h.members[2], idNumber: householdInput('52', 6).members[2].idNumber, name: '新生儿' }],
    };
    const res = await push('P52', [changed]);
    expect(res.body.data?.pushHouseholds.results[0]).toMatchObject({ outcome: 'UPDATED', version: 2 });
    const [event] = await sql<{ changes: Record<string, unknown> }>(
      `select e.changes from household_events e join households h on h.id = e.household_id where h.registry_no = ? and e.version = 2`,
      [h.registryNo],
    );
    expect(event.changes).toEqual({
      annualIncomePerCapita: { old: 2100.5, new: 3500 },
      members: { added: [changed.members[2].idNumber], removed: [h.members[2].idNumber], changed: {} },
    });
    expect(await sql(`select status from members where id_number = ?`, [h.members[2].idNumber])).toEqual([{ status: 'REMOVED' }]);
  });

  it('lets one bad household fail alone, and a rejected household changes nothing at all', async () => {
    const good = householdInput('52', 7);
    const existing = householdInput('52', 1);
    const snapshot = () =>
      sql(
        `select h.*, (select json_agg(m order by m.id) from members m where m.household_id = h.id) as m,
      (select count(*) from household_events e where e.household_id = h.id) as e from households h where registry_no = ?`,
        [existing.registryNo],
      );
    const before = await snapshot();
    const broken = { ...existing, annualIncomePerCapita: -5, members: existing.members.slice(1) };
    const res = await push('P52', [broken, good]);
    const [r0, r1] = res.body.data!.pushHouseholds.results;
    expect(r0).toMatchObject({ outcome: 'REJECTED', version: null });
    expect(r0.errors.map((e) => e.path).sort()).toEqual(['households[0].annualIncomePerCapita', 'households[0].members']);
    expect(r1.outcome).toBe('CREATED');
    expect(await snapshot()).toEqual(before);
  });

  it('refuses more than 1,000 households before writing anything', async () => {
    const before = await countRows();
    const many = Array.from({ length: 1001 }, (_, i) => householdInput('52', 2000 + i));
    const res = await push('P52', many);
    expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'households' }] });
    expect(await countRows()).toBe(before);
  });

  it('lets no ministry and not LGOP push', async () => {
    for (const who of ['MOE', 'LGOP']) {
      const res = await push(who, [householdInput('52', 8)]);
      expect(res.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
  });

  it('rejects a stale expectedVersion with VERSION_CONFLICT and the current version', async () => {
    const h = { ...householdInput('52', 1), expectedVersion: 7 };
    const res = await push('P52', [h]);
    expect(res.body.data?.pushHouseholds.results[0]).toMatchObject({
      outcome: 'REJECTED',
      version: 1,
      errors: [{ path: 'households[0].expectedVersion', code: 'VERSION_CONFLICT' }],
    });
  });

  it('ends two concurrent conflicting updates with one winner and one VERSION_CONFLICT, both histories kept', async () => {
    const h = householdInput('52', 9);
    await push('P52', [h]);
    const a = { ...h, annualIncomePerCapita: 1000, expectedVersion: 1 };
    const b = { ...h, annualIncomePerCapita: 2000, expectedVersion: 1 };
    const [ra, rb] = await Promise.all([push('P52', [a]), push('P52', [b])]);
    const outcomes = [ra, rb].map((r) => r.body.data!.pushHouseholds.results[0]);
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(['REJECTED', 'UPDATED']);
    expect(outcomes.find((o) => o.outcome === 'REJECTED')).toMatchObject({ version: 2, errors: [{ code: 'VERSION_CONFLICT' }] });
    // Without expectedVersion the last writer wins, and the history shows both writes.
    await Promise.all([push('P52', [{ ...h, annualIncomePerCapita: 1 }]), push('P52', [{ ...h, annualIncomePerCapita: 2 }])]);
    const versions = await sql<{ version: number }>(
      `select e.version from household_events e join households h on h.id = e.household_id where h.registry_no = ? order by e.id`,
      [h.registryNo],
    );
    expect(versions.map((v) => v.version)).toEqual([1, 2, 3, 4]);
  });

  it('does the work once for two concurrent calls with one key', async () => {
    const k = key();
    const h = householdInput('52', 10);
    const [a, b] = await Promise.all([push('P52', [h], k), push('P52', [h], k)]);
    expect(a.body.data).toEqual(b.body.data);
    expect(
      await sql(`select count(*)::int as n from household_events e join households h on h.id = e.household_id where h.registry_no = ?`, [h.registryNo]),
    ).toEqual([{ n: 1 }]);
  });

  it('stores every member field as pushed, text an array literal must escape included, and finds it unchanged when pushed again', async () => {
    const h = householdInput('52', 11);
    const [head, spouse, child] = h.members;
    const people = {
      head: { education: 'PRIMARY', labourCapacity: 'WEAK', migrantWorker: false, medicalInsured: true, pensionInsured: false, receivesDibao: true },
      spouse: { health: 'DISABLED', disabilityLevel: 3, ethnicity: '彝族', inSchool: false },
    };
    const members = [{ ...head, name: '王 "大" \\ {一,二}', ethnicity: 'NULL', ...people.head }, { ...spouse, ...people.spouse }, child];
    expect((await push('P52', [{ ...h, members }])).body.data?.pushHouseholds.created).toBe(1);
    const rows = await sql(
      `select m.name, m.name_norm, m.ethnicity, m.education, m.in_school, m.health, m.disability_level, m.labour_capacity, m.migrant_worker,
         m.medical_insured, m.pension_insured, m.receives_dibao from members m join households h on h.id = m.household_id where h.registry_no = ? order by m.id`,
      [h.registryNo],
    );
    const none = { ethnicity: null, education: null, in_school: null, disability_level: null, labour_capacity: null, migrant_worker: null };
    const uninsured = { medical_insured: null, pension_insured: null, receives_dibao: null };
    expect(rows).toEqual([
      {
        ...{ name: '王 "大" \\ {一,二}', name_norm: '王"大"\\{一,二}', ethnicity: 'NULL', education: 'PRIMARY', in_school: null, health: 'HEALTHY' },
        ...{ disability_level: null, labour_capacity: 'WEAK', migrant_worker: false, medical_insured: true, pension_insured: false, receives_dibao: true },
      },
      { ...none, ...uninsured, name: spouse.name, name_norm: spouse.name, ethnicity: '彝族', in_school: false, health: 'DISABLED', disability_level: 3 },
      { ...none, ...uninsured, name: child.name, name_norm: child.name, in_school: true, health: 'HEALTHY' },
    ]);
    expect((await push('P52', [{ ...h, members }])).body.data?.pushHouseholds.unchanged).toBe(1);
  });
});
