import pino from 'pino';
import { loadConfig } from '../../src/config/config';
import { seedDemo } from '../../src/demo/demo-seed.service';
import { FUNDS_FAULTS, type PlantedFault } from '../../src/demo/project-faults';
import { createFundRun } from '../../src/modules/fund-supervision/fund-supervision.jobs';
import { FUND_SUPERVISION_RULES } from '../../src/modules/fund-supervision/fund-supervision.rules';
import { FundSupervisionRunner } from '../../src/modules/fund-supervision/fund-supervision.runner';
import { type TestDatabase, createTestDatabase } from '../support/test-database';

/**
 * `npm start`'s demo data as the launcher seeds it (DEMO_HOUSEHOLDS and DEMO_PROJECTS at their defaults, the
 * demo seed), then a full supervision run over it as of today, as the worker's nightly run does: every rule
 * finds exactly the faults the generator planted, on the projects it planted them on, and nothing else.
 */
describe('the demo projects under fund supervision', () => {
  let db: TestDatabase;
  let planted: PlantedFault[];
  let found: Array<{ rule_code: string; project_no: string }>;
  const config = loadConfig();

  beforeAll(async () => {
    db = await createTestDatabase();
    const silent = pino({ level: 'silent' });
    const seeded = await seedDemo(db.orm, { households: config.demoHouseholds, projects: config.demoProjects }, silent);
    planted = seeded.projects!.planted;
    const runId = await createFundRun(db.orm.em.fork(), 'LGOP', null);
    expect(await new FundSupervisionRunner(db.orm, silent, { rules: FUND_SUPERVISION_RULES }).run(runId)).toBe('COMPLETED');
    found = await db.orm.em
      .getConnection()
      .execute(`select rule_code, project_no from fund_supervision_issues where status = 'OPEN' order by rule_code, project_no`);
  }, 180_000);
  afterAll(() => db?.drop());

  it('plants each of the twelve faults on two projects (LOW_TARGETING ones also carry BENEFICIARY_NOT_POOR)', () => {
    const projectsOf = (rule: string) => new Set(planted.filter((p) => p.rule === rule).map((p) => p.projectNo));
    const lowTargeting = projectsOf('LOW_TARGETING');
    for (const rule of FUNDS_FAULTS) {
      const own = [...projectsOf(rule)].filter((p) => rule === 'LOW_TARGETING' || !lowTargeting.has(p));
      expect({ rule, projects: own.length }).toEqual({ rule, projects: 2 });
    }
  });

  it.each(FUNDS_FAULTS)('finds %s as often as it was planted, on the planted projects', (rule) => {
    const mine = found.filter((f) => f.rule_code === rule);
    const plantedHere = planted.filter((p) => p.rule === rule);
    expect({ rule, found: mine.length }).toEqual({ rule, found: plantedHere.length });
    expect([...new Set(mine.map((f) => f.project_no))].sort()).toEqual([...new Set(plantedHere.map((p) => p.projectNo))].sort());
  });

  it('finds nothing beside the planted faults', () => {
    expect(found).toHaveLength(planted.length);
  });
});
