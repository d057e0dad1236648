import { runSql, sql } from '../../src/db/sql';
import { computeCheckCharacter } from '../../src/modules/id-number/id-number';
import { PUSH, type PushSummaryBody, householdInput } from '../support/push-fixtures';
import { startTestHub, type TestHub } from '../support/test-hub';

type Mutate = (h: ReturnType<typeof householdInput>) => void;

describe('pushHouseholds validation at the door', () => {
  let hub: TestHub;
  let n = 100;
  beforeAll(async () => {
    hub = await startTestHub();
    // P53 holds a person that P52 will try to register.
    await hub.gql('P53', PUSH, { key: 'seed', households: [householdInput('53', 1)] });
  });
  afterAll(() => hub.close());

  async function rejected(mutate: Mutate) {
    const h = householdInput('52', ++n);
    mutate(h);
    const res = await hub.gql<PushSummaryBody>('P52', PUSH, { key: `k${n}`, households: [h] });
    const result = res.body.data!.pushHouseholds.results[0];
    expect(result.outcome).toBe('REJECTED');
    const [{ count }] = await runSql<{ count: number }>(
      hub.db.orm.em.fork(),
      sql`select count(*)::int as count from households where registry_no = ${h.registryNo as string}`,
    );
    expect(count).toBe(0);
    return result.errors;
  }

  const wrongCheck = (id: string) => id.slice(0, 17) + (computeCheckCharacter(id.slice(0, 17)) === '1' ? '2' : '1');

  it.each<[string, Mutate, string, string, RegExp]>([
    [
      'a malformed ID number',
      (h) => void (h.members[1].idNumber = '52010219A2020200'),
      'households[0].members[1].idNumber',
      'BAD_USER_INPUT',
      /characters|digit/,
    ],
    [
      'a wrong check character',
      (h) => void (h.members[1].idNumber = wrongCheck(h.members[1].idNumber as string)),
      'households[0].members[1].idNumber',
      'BAD_USER_INPUT',
      /check character is \d but should be/,
    ],
    [
      'a birth date that disagrees with the ID',
      (h) => void (h.members[0].birthDate = '1970-01-02'),
      'households[0].members[0].birthDate',
      'BAD_USER_INPUT',
      /disagrees with the ID number \(1970-01-01\)/,
    ],
    ['a sex that disagrees with the ID', (h) => void (h.members[0].sex = 'FEMALE'), 'households[0].members[0].sex', 'BAD_USER_INPUT', /disagrees/],
    [
      'a registry number of another province',
      (h) => void (h.registryNo = `53${(h.registryNo as string).slice(2)}`),
      'households[0].registryNo',
      'FORBIDDEN',
      /province code 52/,
    ],
    ['a village code of another province', (h) => void (h.villageCode = '530102001001'), 'households[0].villageCode', 'FORBIDDEN', /province code 52/],
    ['a village code that is not 12 digits', (h) => void (h.villageCode = '52010200100'), 'households[0].villageCode', 'BAD_USER_INPUT', /12 digits/],
    ['no head', (h) => void (h.members[0].relationship = 'OTHER'), 'households[0].members', 'BAD_USER_INPUT', /no head/],
    ['two heads', (h) => void (h.members[1].relationship = 'HEAD'), 'households[0].members', 'BAD_USER_INPUT', /2 heads/],
    [
      'an exit year before the identification year',
      (h) => Object.assign(h, { status: 'EXITED', exitYear: 2014 }),
      'households[0].exitYear',
      'BAD_USER_INPUT',
      /before the identification year 2015/,
    ],
    [
      'an exit year in the future',
      (h) => Object.assign(h, { status: 'EXITED', exitYear: new Date().getUTCFullYear() + 1 }),
      'households[0].exitYear',
      'BAD_USER_INPUT',
      /future/,
    ],
    ['negative income', (h) => void (h.annualIncomePerCapita = -1), 'households[0].annualIncomePerCapita', 'BAD_USER_INPUT', /negative/],
    [
      'an income no column can hold',
      (h) => void (h.annualIncomePerCapita = 1e308),
      'households[0].annualIncomePerCapita',
      'BAD_USER_INPUT',
      /below 100,000,000/,
    ],
    [
      'a person listed twice',
      (h) => void h.members.push({ ...h.members[2], relationship: 'OTHER' }),
      'households[0].members[3].idNumber',
      'DUPLICATE_ID_NUMBER',
      /listed twice/,
    ],
    [
      'a disability level out of range',
      (h) => Object.assign(h.members[1], { health: 'DISABLED', disabilityLevel: 5 }),
      'households[0].members[1].disabilityLevel',
      'BAD_USER_INPUT',
      /1 \(most severe\) to 4/,
    ],
  ])('refuses %s with its path and code', async (_name, mutate, path, code, message) => {
    const errors = await rejected(mutate);
    expect(errors).toContainEqual(expect.objectContaining({ path, code, message: expect.stringMatching(message) }));
  });

  it('refuses a person active in another household with DUPLICATE_ID_NUMBER, naming only the province', async () => {
    const other = householdInput('53', 1);
    const errors = await rejected((h) => void (h.members[2] = { ...other.members[2] }));
    expect(errors).toEqual([{ path: 'households[0].members[2].idNumber', code: 'DUPLICATE_ID_NUMBER', message: expect.stringMatching(/in province 53$/) }]);
    expect(JSON.stringify(errors)).not.toContain(other.registryNo as string);
  });

  it('refuses an unknown enum value for the whole call with BAD_USER_INPUT naming the path', async () => {
    const h = householdInput('52', 999);
    h.members[0].relationship = 'COUSIN';
    const res = await hub.gql('P52', PUSH, { key: 'enum', households: [h] });
    expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'households[0].members[0].relationship' }] });
  });

  it('refuses text PostgreSQL cannot store for the whole call, naming the first such value in reading order', async () => {
    const [a, b] = [householdInput('52', 997), householdInput('52', 998)];
    b.members[2].name = 'x\u0000y';
    b.members[1].ethnicity = '\u0000';
    const res = await hub.gql('P52', PUSH, { key: 'nul', households: [a, b] });
    expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'households[1].members[1].ethnicity' }] });
    const key = await hub.gql('P52', PUSH, { key: 'nul\u0000', households: [a] });
    expect(key.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'key' }] });
  });
});
