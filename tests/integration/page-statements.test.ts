import pino from 'pino';
import { sql } from '../../src/db/sql';
import { createRun } from '../../src/modules/data-quality/data-quality.jobs';
import { RunMode } from '../../src/modules/data-quality/data-quality.enums';
import type { DataQualityRule } from '../../src/modules/data-quality/data-quality.rule';
import { DATA_QUALITY_RULES } from '../../src/modules/data-quality/data-quality.rules';
import { DataQualityRunner } from '../../src/modules/data-quality/data-quality.runner';
import { computeCheckCharacter } from '../../src/modules/id-number/id-number';
import { ReconciliationRunner } from '../../src/modules/reconciliation/reconciliation.runner';
import { insertHouseholds, makeHouseholds } from '../support/registry-fixtures';
import { SUBMIT } from '../support/reconcile-fixtures';
import { MASKED } from '../support/sharing-fixtures';
import { TRANSACTION_FRAMING, startTestHub, type TestHub } from '../support/test-hub';

const MEMBER = `idNumber name sex birthDate relationship health medicalInsured status`;
const RECORDS = `query($id: ID!, $first: Int) { batchRecords(batchId: $id, first: $first) {
  edges { node { rowNo outcome member { ${MEMBER} } suggestion { ${MEMBER} } } } } }`;
const CASES = `query($first: Int) { discrepancies(first: $first) { edges { node { id kind idNumber registryNo evidence } } } }`;
const ISSUES = `query($first: Int) { dataQualityIssues(first: $first) { edges { node { id ruleCode registryNo idNumber memberName detail } } } }`;
const LOOKUP = `query($ids: [String!]!) { lookupPersons(idNumbers: $ids) { input registered householdStatus provinceCode registryNo } }`;

type Person = { idNumber: string | null; name: string | null };
type Records = { batchRecords: { edges: Array<{ node: { rowNo: number; outcome: string; member: Person | null; suggestion: Person | null } }> } };
type Edges = Record<string, { edges: unknown[] } | unknown[]>;

/** An ID number whose check character alone is wrong: reconciliation suggests the member it most likely means. */
const typo = (id: string) => id.slice(0, 17) + (computeCheckCharacter(id.slice(0, 17)) === '1' ? '2' : '1');

/**
 * Issue 14: a page of personal data costs the same statements at 5 rows as at
 * 50 (plain rows, relations loaded set-based), read by each kind of tenant
 * through the real schema, protections on.
 */
describe('pages of personal data: statements constant in the page size', () => {
  let hub: TestHub;
  let batchId: string;
  const households = makeHouseholds('52', 60);
  const heads = households.map((h) => h.members[0]);
  const children = households.map((h) => h.members[2]);

  beforeAll(async () => {
    hub = await startTestHub();
    await insertHouseholds(hub.db.orm, households);
    // Per household: its head exactly (MATCHED, with a stale-health discrepancy), its child with a check-character typo (a suggestion).
    const records = households.flatMap((_, i) => [
      { idNumber: heads[i].idNumber, name: heads[i].name, attributes: { insured: false, seriousIllness: true } },
      { idNumber: typo(children[i].idNumber), name: children[i].name },
    ]);
    const res = await hub.gql<{ submitSectorBatch: { id: string } }>('NHFPC', SUBMIT, { key: 'pages', sector: 'HEALTH', period: '2021', records });
    batchId = res.body.data!.submitSectorBatch.id;
    await new ReconciliationRunner(hub.db.orm, pino({ level: 'silent' })).run(batchId, { chunkSize: 500 });
    // A rule that finds every member: one positioned issue each, written by the real runner.
    const everyMember: DataQualityRule = {
      ...DATA_QUALITY_RULES[0],
      code: 'EVERY_MEMBER',
      sql: () => sql`select m.household_id, m.id as member_id, null::int as related_member_id, m.name as detail from members m`,
    };
    const runId = await createRun(hub.db.orm.em.fork(), 'LGOP', null, RunMode.FULL);
    await new DataQualityRunner(hub.db.orm, pino({ level: 'silent' }), { rules: [everyMember] }).run(runId);
  });
  afterAll(() => hub.close());

  /** Statements of `read`, right after an uncounted one (the tenant lookup is cached for 30 s per process). */
  async function countWarm(read: () => Promise<unknown>): Promise<number> {
    await read();
    return hub.countStatements(read);
  }

  /** Statements of a read at 5 and at 50 rows. */
  async function counted(who: string, query: string, vars: (n: number) => Record<string, unknown>, rowsOf: (data: Edges) => number) {
    const read = (n: number) => async () => {
      const res = await hub.gql<Edges>(who, query, vars(n));
      if (!res.body.data) throw new Error(JSON.stringify(res.body.errors));
      expect(rowsOf(res.body.data)).toBe(n);
    };
    return [await countWarm(read(5)), await countWarm(read(50))];
  }
  const edges = (field: string) => (data: Edges) => (data[field] as { edges: unknown[] }).edges.length;

  it.each([
    // The batch, its page, every matched member and suggestion in one statement, the audit row (a ministry: and its policy).
    ['LGOP', 4],
    ['NHFPC', 5],
  ])('batchRecords with matched members and suggestions, read by %s', async (who, most) => {
    const [five, fifty] = await counted(who, RECORDS, (first) => ({ id: batchId, first }), edges('batchRecords'));
    expect(fifty).toBe(five);
    expect(fifty).toBeLessThanOrEqual(most + TRANSACTION_FRAMING);
    const page = (await hub.gql<Records>(who, RECORDS, { id: batchId, first: 50 })).body.data!.batchRecords.edges.map((e) => e.node);
    expect(page.filter((r) => r.outcome === 'MATCHED').map((r) => r.member?.name)).toEqual(heads.slice(0, 25).map((m) => m.name));
    expect(page.filter((r) => r.outcome === 'INVALID').map((r) => r.suggestion?.name)).toEqual(children.slice(0, 25).map((m) => m.name));
    // The ministry sent the heads' numbers itself, not the children's: those stay masked.
    const childNumbers = page.flatMap((r) => (r.suggestion ? [r.suggestion.idNumber] : []));
    if (who === 'NHFPC') expect(childNumbers.every((n) => MASKED.test(n ?? ''))).toBe(true);
    else expect(childNumbers).toEqual(children.slice(0, 25).map((m) => m.idNumber));
  });

  it.each([
    // The cases with their household and member in one statement, the audit row (a ministry: and its policy).
    ['LGOP', 2],
    ['P52', 2],
    ['NHFPC', 3],
  ])('discrepancies, read by %s', async (who, most) => {
    const [five, fifty] = await counted(who, CASES, (first) => ({ first }), edges('discrepancies'));
    expect(fifty).toBe(five);
    expect(fifty).toBeLessThanOrEqual(most + TRANSACTION_FRAMING);
  });

  it.each([
    ['LGOP', 2],
    ['P52', 2],
  ])('dataQualityIssues, read by %s', async (who, most) => {
    const [five, fifty] = await counted(who, ISSUES, (first) => ({ first }), edges('dataQualityIssues'));
    expect(fifty).toBe(five);
    expect(fifty).toBeLessThanOrEqual(most + TRANSACTION_FRAMING);
  });

  it.each([
    // One lookup statement for all the numbers, the audit row (a ministry: and its policy).
    ['P52', 2],
    ['MOE', 3],
  ])('lookupPersons of 1 and of 100 ID numbers, by %s', async (who, most) => {
    const ids = (n: number) =>
      heads
        .concat(children)
        .slice(0, n)
        .map((m) => m.idNumber);
    const read = (n: number) => async () => {
      const answers = (await hub.gql<{ lookupPersons: Array<{ registered: boolean }> }>(who, LOOKUP, { ids: ids(n) })).body.data!.lookupPersons;
      expect(answers.filter((a) => a.registered)).toHaveLength(n);
    };
    const [one, hundred] = [await countWarm(read(1)), await countWarm(read(100))];
    expect(hundred).toBe(one);
    expect(hundred).toBeLessThanOrEqual(most + TRANSACTION_FRAMING);
  });
});
