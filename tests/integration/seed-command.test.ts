import { runSeed } from '../../src/cli/seed.command';
import { loadConfig } from '../../src/config/config';
import { parseSeedArgs } from '../../src/config/seed-args';
import { type TestDatabase, createTestDatabase } from '../support/test-database';

describe('npm run seed --projects', () => {
  let db: TestDatabase;
  const count = async (query: string) => Number((await db.orm.em.getConnection().execute<Array<{ n: string }>>(query))[0].n);

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db?.drop());

  it('adds households, then projects with ledgers and benefits, through the command the CLI runs, and says what it planted', async () => {
    const config = loadConfig({ ...process.env, DATABASE_URL: db.url, REDIS_URL: 'redis://127.0.0.1:1' });
    const out: string[] = [];
    await runSeed(parseSeedArgs(['--households', '1500', '--projects', '120', '--seed', '5']), config, (t) => out.push(t));
    const text = out.join('');
    expect(await count('select count(*) as n from households')).toBe(1500);
    expect(await count('select count(*) as n from projects')).toBe(120);
    const transactions = await count('select count(*) as n from fund_transactions');
    const benefits = await count('select count(*) as n from benefits');
    expect(transactions).toBeGreaterThan(0);
    expect(benefits).toBeGreaterThan(0);
    expect(text).toContain('added 1,500 households');
    expect(text).toContain(`added 120 projects`);
    expect(text).toContain(`${transactions.toLocaleString('en-US')} fund transactions`);
    expect(text).toContain(`${benefits.toLocaleString('en-US')} benefits`);
    expect(text).toMatch(/planted supervision faults: ALLOCATED_OVER_BUDGET 1,.*LOW_TARGETING 1/);

    // Appending: more projects later get new numbers, and the earlier ones are untouched.
    await runSeed(parseSeedArgs(['--projects', '30', '--seed', '6']), config, () => undefined);
    expect(await count('select count(*) as n from projects')).toBe(150);
    expect(await count('select count(distinct project_no) as n from projects')).toBe(150);
    expect(await count('select count(*) as n from households')).toBe(1500);
  });
});
