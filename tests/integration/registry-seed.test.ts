import { createHash } from 'node:crypto';
import { HouseholdStatus, PovertyCause } from '../../src/modules/households/household.enums';
import { normaliseIdNumber } from '../../src/modules/id-number/id-number';
import { RegistryGenerator } from '../../src/demo/registry-generator';
import { type SeedRegistryResult, seedRegistry } from '../../src/demo/registry-seed.service';
import { SEED_PROVINCES } from '../../src/modules/tenants/tenant.seed';
import { type TestDatabase, createTestDatabase } from '../support/test-database';

const TODAY = new Date('2026-11-28T00:00:00Z');
const HOUSEHOLDS = 2_000;
const SEED = 42;

describe('seeding the synthetic registry', () => {
  let db: TestDatabase;
  let first: SeedRegistryResult;
  const sql = <T = Record<string, unknown>>(query: string, params: unknown[] = []) => db.orm.em.getConnection().execute<T[]>(query, params);
  const count = async (query: string) => Number((await sql<{ n: string }>(query))[0].n);

  beforeAll(async () => {
    db = await createTestDatabase();
    // Small batches, so that the two connections really interleave.
    first = await seedRegistry(db.orm, { households: HOUSEHOLDS, seed: SEED, batchSize: 300 });
  });
  afterAll(() => db?.drop());

  it('reports what it wrote, about three people a household', async () => {
    expect(first.households).toBe(HOUSEHOLDS);
    expect(await count('select count(*) as n from households')).toBe(HOUSEHOLDS);
    expect(await count('select count(*) as n from members')).toBe(first.members);
    expect(await count('select count(*) as n from household_events')).toBe(first.events);
    expect(first.members / HOUSEHOLDS).toBeGreaterThan(2.6);
    expect(first.members / HOUSEHOLDS).toBeLessThan(3.6);
  });

  it('writes each member with the name keys the database computes by its own rule', async () => {
    expect(await count('select count(*) as n from members where name_fold is null or name_pinyin is null')).toBe(0);
    const differ = `select count(*) as n from members m cross join lateral name_match_keys(m.name_norm) k
      where (k.fold, k.pinyin) is distinct from (m.name_fold, m.name_pinyin)`;
    expect(await count(differ)).toBe(0);
  });

  it('covers the ten provinces, every status and every primary cause', async () => {
    const provinces = await sql<{ p: string }>('select distinct province_code as p from households order by 1');
    expect(provinces.map((r) => r.p)).toEqual(SEED_PROVINCES.map((p) => p.code).sort());
    const statuses = await sql<{ s: string }>('select distinct status as s from households');
    expect(new Set(statuses.map((r) => r.s))).toEqual(new Set(Object.values(HouseholdStatus)));
    const causes = await sql<{ c: string }>('select distinct primary_cause as c from households where primary_cause is not null');
    expect(new Set(causes.map((r) => r.c))).toEqual(new Set(Object.values(PovertyCause)));
    expect(await count(`select count(*) as n from households where registry_no not like village_code || '%'`)).toBe(0);
  });

  it('stores birth date and sex as the valid ID numbers say, except a few injected faults', async () => {
    const rows = await sql<{ id_number: string; birth_date: string; sex: string }>(
      `select id_number, to_char(birth_date, 'YYYY-MM-DD') as birth_date, sex from members where status = 'ACTIVE'`,
    );
    let valid = 0;
    let disagreeing = 0;
    for (const r of rows) {
      const id = normaliseIdNumber(r.id_number, TODAY);
      if (!id.ok) continue;
      valid++;
      if (id.birthDate !== r.birth_date || id.sex !== r.sex) disagreeing++;
    }
    expect(valid / rows.length).toBeGreaterThan(0.98);
    expect(disagreeing).toBeGreaterThan(0);
    expect(disagreeing / valid).toBeLessThan(0.1);
  });

  it('has exactly one head in most households and none in a few', async () => {
    const [r] = await sql<{ one: string; none: string; many: string }>(
      `select count(*) filter (where heads = 1) as one, count(*) filter (where heads = 0) as none, count(*) filter (where heads > 1) as many
       from (select h.id, count(m.id) filter (where m.relationship = 'HEAD') as heads
             from households h left join members m on m.household_id = h.id group by h.id) x`,
    );
    expect(Number(r.one) / HOUSEHOLDS).toBeGreaterThan(0.9);
    expect(Number(r.none)).toBeGreaterThan(0);
    expect(Number(r.many)).toBe(0);
  });

  it('contains near-duplicates: same name and birth date in one county, ID numbers one digit apart', async () => {
    const pairs = await count(
      `select count(*) as n from members a
       join members b on b.name_norm = a.name_norm and b.birth_date = a.birth_date and b.id > a.id and b.id_number <> a.id_number
       join households ha on ha.id = a.household_id
       join households hb on hb.id = b.household_id and hb.county_code = ha.county_code
       where left(a.id_number, 16) = left(b.id_number, 16) and right(a.id_number, 1) = right(b.id_number, 1)`,
    );
    expect(pairs).toBeGreaterThan(5);
  });

  it('never registers an ID number twice among active members', async () => {
    const [r] = await sql<{ total: string; distinct: string }>(
      `select count(*) as total, count(distinct id_number) as distinct from members where status = 'ACTIVE'`,
    );
    expect(r.distinct).toBe(r.total);
  });

  it('writes a history per household that its version counts', async () => {
    const [r] = await sql<{ events: string; expected: string; versions: string }>(
      `select (select count(*) from household_events) as events,
              (select count(*) + count(*) filter (where status in ('EXITED', 'REMOVED')) + 2 * count(*) filter (where status = 'RETURNED')
                 from households) as expected,
              (select sum(version) from households) as versions`,
    );
    expect(r.events).toBe(r.expected);
    expect(r.events).toBe(r.versions);
    expect(
      await count(
        `select count(*) as n from households h
       where h.version <> (select count(*) from household_events e where e.household_id = h.id)
          or not exists (select 1 from household_events e where e.household_id = h.id and e.type = 'IDENTIFIED' and e.version = 1)
          or (h.status = 'EXITED' and not exists (select 1 from household_events e where e.household_id = h.id and e.type = 'EXITED' and e.version = 2))`,
      ),
    ).toBe(0);
    expect(await count(`select count(*) as n from household_events where tenant_code <> 'P' || province_code`)).toBe(0);
  });

  it('writes the generator’s rows in generation order (the seed decides the registry)', async () => {
    const rows = await sql<{ name: string; id_number: string }>('select name, id_number from members order by id limit 100');
    const generator = new RegistryGenerator({ seed: SEED });
    const expected: string[] = [];
    while (expected.length < 100) for (const m of generator.next().members) expected.push(`${m.name}|${m.idNumber}`);
    const hash = (lines: string[]) => createHash('sha256').update(lines.slice(0, 100).join('\n')).digest('hex');
    expect(hash(rows.map((r) => `${r.name}|${r.id_number}`))).toBe(hash(expected));
  });

  it('appends when run again with the same seed, without colliding with what is there', async () => {
    const before = await count('select count(*) as n from members');
    const again = await seedRegistry(db.orm, { households: 500, seed: SEED, batchSize: 200 });
    expect(again.households).toBe(500);
    expect(await count('select count(*) as n from households')).toBe(HOUSEHOLDS + 500);
    expect(await count('select count(*) as n from members')).toBe(before + again.members);
    const [r] = await sql<{ total: string; distinct: string }>(
      `select count(*) as total, count(distinct id_number) as distinct from members where status = 'ACTIVE'`,
    );
    expect(r.distinct).toBe(r.total);
  });
});
