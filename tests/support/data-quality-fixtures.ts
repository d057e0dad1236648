import type { MikroORM } from '@mikro-orm/postgresql';
import { DATA_QUALITY_RULES } from '../../src/modules/data-quality/data-quality.rules';
import { buildIdNumber } from '../../src/modules/id-number/id-number.generator';

type Sql = (q: string, params?: unknown[]) => Promise<unknown>;

/** Where a household of the clean registry is: 24 in P52 (county 520102, two villages), 2 in P53. */
export function at(n: number, p = '52') {
  const countyCode = `${p}0102`;
  const villageCode = `${countyCode}00100${1 + (n % 2)}`;
  return { provinceCode: p, countyCode, villageCode, registryNo: `${villageCode}${String(n).padStart(4, '0')}` };
}

/** Members of household n: every birth date unique in the county, so no two people look alike. */
const ROLES = {
  HEAD: (n: number) => ({ birth: `${1950 + n}-01-15`, seq: 11, sex: 'MALE', name: `户主${n}` }),
  SPOUSE: (n: number) => ({ birth: `${1950 + n}-06-15`, seq: 22, sex: 'FEMALE', name: `配偶${n}` }),
  CHILD: (n: number) => ({ birth: `${1995 + n}-09-15`, seq: 31, sex: 'MALE', name: `子女${n}` }),
};
type Role = keyof typeof ROLES;

export function idOf(n: number, role: Role, p = '52'): string {
  const r = ROLES[role](n);
  return buildIdNumber(`${p}0102`, r.birth, r.seq);
}

/**
 * A registry with no data-quality problem: P52 households 1-24 (every fourth
 * EXITED in 2016) and P53 households 1-2; three members each, set-based.
 */
export async function plantCleanRegistry(orm: MikroORM): Promise<void> {
  const households = [...Array.from({ length: 24 }, (_, i) => ({ n: i + 1, p: '52' })), { n: 1, p: '53' }, { n: 2, p: '53' }].map(({ n, p }) => ({
    ...at(n, p),
    status: n % 4 === 0 ? 'EXITED' : 'POOR',
    exitYear: n % 4 === 0 ? 2016 : null,
    members: (Object.keys(ROLES) as Role[]).map((role) => ({ role, idNumber: idOf(n, role, p), ...ROLES[role](n) })),
  }));
  const conn = orm.em.fork().getConnection();
  await conn.execute(
    `insert into households (registry_no, village_code, county_code, province_code, status, identified_year, exit_year, primary_cause, annual_income_per_capita, housing_safe, drinking_water_safe)
     select r."registryNo", r."villageCode", r."countyCode", r."provinceCode", r.status, 2014, r."exitYear", 'ILLNESS', 5000, true, true
     from jsonb_to_recordset(?::jsonb) as r("registryNo" text, "villageCode" text, "countyCode" text, "provinceCode" text, status text, "exitYear" int)`,
    [JSON.stringify(households)],
  );
  const members = households.flatMap((h) => h.members.map((m) => ({ ...m, registryNo: h.registryNo })));
  await conn.execute(
    `insert into members (household_id, province_code, id_number, name, name_norm, sex, birth_date, relationship, health, in_school)
     select h.id, h.province_code, r."idNumber", r.name, r.name, r.sex, r.birth::date, r.role, 'HEALTHY', true
     from jsonb_to_recordset(?::jsonb) as r("registryNo" text, "idNumber" text, name text, sex text, birth text, role text)
     join households h on h.registry_no = r."registryNo"`,
    [JSON.stringify(members)],
  );
}

/** Marks households changed, as every write of the hub does. */
export function touch(sql: Sql, households: Array<{ registryNo: string }>): Promise<unknown> {
  return sql(`update households set updated_at = now() where registry_no = any(string_to_array(?, ','))`, [households.map((h) => h.registryNo).join(',')]);
}

const setHousehold = (n: number, assignment: string) => async (sql: Sql) => {
  await sql(`update households set ${assignment} where registry_no = ?`, [at(n).registryNo]);
  await touch(sql, [at(n)]);
};
const setMember =
  (n: number, role: Role, assignment: string, current = idOf(n, role)) =>
  async (sql: Sql) => {
    await sql(`update members set ${assignment} where id_number = ?`, [current]);
    await touch(sql, [at(n)]);
  };
const addMember =
  (n: number, m: { idNumber: string; name: string; birth: string; sex: string }, p = '52') =>
  async (sql: Sql) => {
    await sql(
      `insert into members (household_id, province_code, id_number, name, name_norm, sex, birth_date, relationship, health, in_school)
     select id, province_code, ?, ?, ?, ?, ?::date, 'OTHER', 'HEALTHY', true from households where registry_no = ?`,
      [m.idNumber, m.name, m.name, m.sex, m.birth, at(n, p).registryNo],
    );
    await touch(sql, [at(n, p)]);
  };
const leave =
  (idNumber: string, ...households: Array<{ registryNo: string }>) =>
  async (sql: Sql) => {
    await sql(`update members set status = 'MOVED_OUT', status_date = current_date where id_number = ?`, [idNumber]);
    await touch(sql, households);
  };

export interface DqCase {
  rule: string;
  field: string;
  plant(sql: Sql): Promise<void>;
  fix(sql: Sql): Promise<void>;
  /** The issues the rule must raise, positioned. */
  expected: Array<ReturnType<typeof at> & { idNumber: string | null; relatedIdNumber: string | null }>;
}

const hh = (n: number, p = '52') => ({ ...at(n, p), idNumber: null, relatedIdNumber: null });
const mem = (n: number, idNumber: string, relatedIdNumber: string | null = null, p = '52') => ({ ...at(n, p), idNumber, relatedIdNumber });

function dqCase(rule: string, plant: DqCase['plant'], fix: DqCase['fix'], expected: DqCase['expected']): DqCase {
  const field = DATA_QUALITY_RULES.find((r) => r.code === rule)?.field ?? 'unknown rule';
  return { rule, field, plant, fix, expected };
}

const county = '520102';
const old15 = (id18: string) => id18.slice(0, 6) + id18.slice(8, 17);
const age121 = buildIdNumber(county, '1890-06-15', 22);
const head14Young = buildIdNumber(county, '2015-01-15', 11);
const child15Old = buildIdNumber(county, '1940-09-15', 31);
const typo19 = idOf(19, 'SPOUSE').slice(0, 16) + '4' + idOf(19, 'SPOUSE').slice(17);
const twin22 = buildIdNumber(county, ROLES.SPOUSE(22).birth, 958);
const extra = Array.from({ length: 18 }, (_, k) => ({
  idNumber: buildIdNumber(county, `${1980 + k}-03-03`, 41),
  name: `成员${k}`,
  birth: `${1980 + k}-03-03`,
  sex: 'MALE',
}));

/** One case per rule: the problem planted in one P52 household, and its fix. */
export const DQ_CASES: DqCase[] = [
  dqCase('HOUSEHOLD_NO_HEAD', setMember(1, 'HEAD', `relationship = 'OTHER'`), setMember(1, 'HEAD', `relationship = 'HEAD'`), [hh(1)]),
  dqCase('HOUSEHOLD_NO_PRIMARY_CAUSE', setHousehold(2, 'primary_cause = null'), setHousehold(2, `primary_cause = 'ILLNESS'`), [hh(2)]),
  dqCase('HOUSEHOLD_NO_INCOME', setHousehold(3, 'annual_income_per_capita = null'), setHousehold(3, 'annual_income_per_capita = 5000'), [hh(3)]),
  dqCase('MEMBER_NO_RELATIONSHIP', setMember(5, 'SPOUSE', 'relationship = null'), setMember(5, 'SPOUSE', `relationship = 'SPOUSE'`), [
    mem(5, idOf(5, 'SPOUSE')),
  ]),
  dqCase('MEMBER_NO_HEALTH', setMember(6, 'SPOUSE', 'health = null'), setMember(6, 'SPOUSE', `health = 'HEALTHY'`), [mem(6, idOf(6, 'SPOUSE'))]),
  dqCase('INCOME_ABNORMAL', setHousehold(7, 'annual_income_per_capita = -10'), setHousehold(7, 'annual_income_per_capita = 5000'), [hh(7)]),
  dqCase(
    'MEMBER_AGE_OVER_120',
    setMember(9, 'SPOUSE', `id_number = '${age121}', birth_date = '1890-06-15'`),
    setMember(9, 'SPOUSE', `id_number = '${idOf(9, 'SPOUSE')}', birth_date = '${ROLES.SPOUSE(9).birth}'`, age121),
    [mem(9, age121)],
  ),
  dqCase(
    'HOUSEHOLD_OVERSIZED',
    async (sql) => {
      for (const m of extra) await addMember(10, m)(sql);
    },
    async (sql) => {
      for (const m of extra) await leave(m.idNumber, at(10))(sql);
    },
    [hh(10)],
  ),
  dqCase('EXIT_BEFORE_IDENTIFIED', setHousehold(4, 'exit_year = 2010'), setHousehold(4, 'exit_year = 2016'), [hh(4)]),
  dqCase('EXIT_IN_FUTURE', setHousehold(8, 'exit_year = 2061'), setHousehold(8, 'exit_year = 2016'), [hh(8)]),
  dqCase('BIRTH_DATE_DISAGREES_WITH_ID', setMember(11, 'SPOUSE', `birth_date = '1961-06-16'`), setMember(11, 'SPOUSE', `birth_date = '1961-06-15'`), [
    mem(11, idOf(11, 'SPOUSE')),
  ]),
  dqCase('SEX_DISAGREES_WITH_ID', setMember(13, 'HEAD', `sex = 'FEMALE'`), setMember(13, 'HEAD', `sex = 'MALE'`), [mem(13, idOf(13, 'HEAD'))]),
  dqCase(
    'HEAD_UNDER_16',
    async (sql) => {
      await setMember(14, 'HEAD', `id_number = '${head14Young}', birth_date = '2015-01-15'`)(sql);
      await setMember(14, 'CHILD', `relationship = 'SIBLING'`)(sql);
    },
    async (sql) => {
      await setMember(14, 'HEAD', `id_number = '${idOf(14, 'HEAD')}', birth_date = '${ROLES.HEAD(14).birth}'`, head14Young)(sql);
      await setMember(14, 'CHILD', `relationship = 'CHILD'`)(sql);
    },
    [mem(14, head14Young)],
  ),
  dqCase(
    'CHILD_OLDER_THAN_PARENT',
    setMember(15, 'CHILD', `id_number = '${child15Old}', birth_date = '1940-09-15'`),
    setMember(15, 'CHILD', `id_number = '${idOf(15, 'CHILD')}', birth_date = '${ROLES.CHILD(15).birth}'`, child15Old),
    [mem(15, child15Old, idOf(15, 'HEAD'))],
  ),
  dqCase('EXITED_BELOW_POVERTY_LINE', setHousehold(12, 'annual_income_per_capita = 2000'), setHousehold(12, 'annual_income_per_capita = 5000'), [hh(12)]),
  dqCase('EXITED_UNSAFE_HOUSING', setHousehold(16, 'housing_safe = false'), setHousehold(16, 'housing_safe = true'), [hh(16)]),
  dqCase('EXITED_CHILD_OUT_OF_SCHOOL', setMember(20, 'CHILD', 'in_school = false'), setMember(20, 'CHILD', 'in_school = true'), [mem(20, idOf(20, 'CHILD'))]),
  // Across provinces: P53's household 1 holds the 15-digit form of P52 household 17's head.
  dqCase(
    'ID_15_AND_18_DIGIT_FORMS',
    async (sql) => {
      await addMember(1, { idNumber: old15(idOf(17, 'HEAD')), name: '旧户主', birth: ROLES.HEAD(17).birth, sex: 'MALE' }, '53')(sql);
      await touch(sql, [at(17)]);
    },
    leave(old15(idOf(17, 'HEAD')), at(1, '53'), at(17)),
    [mem(17, idOf(17, 'HEAD'), old15(idOf(17, 'HEAD'))), mem(1, old15(idOf(17, 'HEAD')), idOf(17, 'HEAD'), '53')],
  ),
  dqCase(
    'ID_ONE_CHARACTER_APART',
    addMember(18, { idNumber: typo19, name: '某某', birth: ROLES.SPOUSE(19).birth, sex: 'FEMALE' }),
    leave(typo19, at(18), at(19)),
    [mem(18, typo19, idOf(19, 'SPOUSE')), mem(19, idOf(19, 'SPOUSE'), typo19)],
  ),
  dqCase(
    'SAME_NAME_AND_BIRTH_DATE',
    addMember(21, { idNumber: twin22, name: ROLES.SPOUSE(22).name, birth: ROLES.SPOUSE(22).birth, sex: 'FEMALE' }),
    leave(twin22, at(21), at(22)),
    [mem(21, twin22, idOf(22, 'SPOUSE')), mem(22, idOf(22, 'SPOUSE'), twin22)],
  ),
];

/** P53's own problem, outside P52's checks. */
export const P53_CASE: DqCase = dqCase(
  'HOUSEHOLD_NO_PRIMARY_CAUSE',
  async (sql) => {
    await sql(`update households set primary_cause = null, updated_at = now() where registry_no = ?`, [at(2, '53').registryNo]);
  },
  async (sql) => {
    await sql(`update households set primary_cause = 'OTHER', updated_at = now() where registry_no = ?`, [at(2, '53').registryNo]);
  },
  [hh(2, '53')],
);
