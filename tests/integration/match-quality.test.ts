import pino from 'pino';
import { ReconciliationRunner } from '../../src/modules/reconciliation/reconciliation.runner';
import { baselineOutcomes } from '../../bench/match-baseline';
import { CaseKind, type KindQuality, evaluate, insertEvalMembers, makeEvalSet, outcomeRows } from '../../bench/match-eval';
import { SUBMIT } from '../support/reconcile-fixtures';
import { startTestHub, type TestHub } from '../support/test-hub';

const PROBABLE_KINDS = [CaseKind.SAME_NAME_NEW_ID, CaseKind.TRADITIONAL_NEW_ID, CaseKind.HOMOPHONE_NEW_ID, CaseKind.MINORITY_NEW_ID];
const SUGGESTION_KINDS = [CaseKind.SWAPPED_DIGITS, CaseKind.ONE_DIGIT_WRONG, CaseKind.CHECK_CHARACTER_WRONG];

const EVIDENCE = `query($id: ID!, $after: String) { batchRecords(batchId: $id, outcome: PROBABLE, orderBy: MATCH_SCORE, first: 7, after: $after) {
  edges { cursor node { rowNo matchScore matchEvidence { countyAgrees birthDateAgrees sexAgrees nameComparison weight tiedCandidates } } }
  pageInfo { hasNextPage endCursor } } }`;
const SUGGESTIONS = `query($id: ID!) { batchRecords(batchId: $id, outcome: INVALID, first: 500) { edges { node { rowNo suggestionRepair suggestion { idNumber } } } } }`;

type EvidenceNode = { rowNo: number; matchScore: number; matchEvidence: { nameComparison: string; weight: number; tiedCandidates: number } };

describe('matching quality on the labelled evaluation set (issue 16)', () => {
  let hub: TestHub;
  let batchId: string;
  let quality: Map<CaseKind, KindQuality>;
  const set = makeEvalSet(20);
  beforeAll(async () => {
    hub = await startTestHub();
    await insertEvalMembers(hub.db.orm, set.members);
    const res = await hub.gql<{ submitSectorBatch: { id: string } }>('NHFPC', SUBMIT, {
      key: 'match-eval',
      sector: 'HEALTH',
      period: '2020',
      records: set.records.map((r) => r.record),
    });
    if (!res.body.data) throw new Error(JSON.stringify(res.body.errors));
    batchId = res.body.data.submitSectorBatch.id;
    await new ReconciliationRunner(hub.db.orm, pino({ level: 'silent' })).run(batchId, { chunkSize: 50 });
    quality = new Map(evaluate(set.records, await outcomeRows(hub.db.orm, batchId)).map((q) => [q.kind, q]));
  });
  afterAll(() => hub.close());

  it.each(PROBABLE_KINDS)('%s: PROBABLE precision and recall at least 0.95', (kind) => {
    const q = quality.get(kind) as KindQuality;
    expect(q.probable.precision).toBeGreaterThanOrEqual(0.95);
    expect(q.probable.recall).toBeGreaterThanOrEqual(0.95);
  });

  it('scores no different-sound decoy at the threshold: none is PROBABLE', () => {
    expect(quality.get(CaseKind.DECOY_OTHER_SOUND)).toMatchObject({ records: 20, probable: { precision: null }, maxScore: null });
  });

  it('folds traditional characters before NAME_MISMATCH, and still raises it for another person', () => {
    expect(quality.get(CaseKind.SAME_ID_TRADITIONAL)?.nameMismatch.precision).toBeNull();
    expect(quality.get(CaseKind.SAME_ID_OTHER_PERSON)?.nameMismatch).toEqual({ precision: 1, recall: 1 });
  });

  it("the bench's baseline (the rules before issue 16) fails as the issue reports, on the same batch", async () => {
    const base = new Map(evaluate(set.records, await baselineOutcomes(hub.db.orm, batchId)).map((q) => [q.kind, q]));
    expect(base.get(CaseKind.DECOY_OTHER_SOUND)?.probable.precision).toBe(0);
    expect(base.get(CaseKind.HOMOPHONE_NEW_ID)?.probable).toEqual({ precision: 1, recall: 1 });
    expect(base.get(CaseKind.SAME_ID_TRADITIONAL)?.nameMismatch.precision).toBe(0);
    expect(base.get(CaseKind.SWAPPED_DIGITS)?.suggestion).toEqual({ precision: null, recall: 0 });
    expect(base.get(CaseKind.CHECK_CHARACTER_WRONG)?.suggestion).toEqual({ precision: 1, recall: 1 });
  });

  it.each(SUGGESTION_KINDS)('%s: suggestion recall at least 0.95, precision 1', (kind) => {
    const q = quality.get(kind) as KindQuality;
    expect(q.suggestion.precision).toBe(1);
    expect(q.suggestion.recall).toBeGreaterThanOrEqual(0.95);
  });

  it('makes no suggestion when two members fit', () => {
    expect(quality.get(CaseKind.TWO_MEMBERS_FIT)).toMatchObject({ records: 20, suggestion: { precision: null } });
  });

  it('says which repair each suggestion made', async () => {
    const res = await hub.gql<{ batchRecords: { edges: Array<{ node: { rowNo: number; suggestionRepair: string | null } }> } }>('NHFPC', SUGGESTIONS, {
      id: batchId,
    });
    const repairs = new Map(res.body.data?.batchRecords.edges.map((e) => [e.node.rowNo, e.node.suggestionRepair]));
    const want = { [CaseKind.SWAPPED_DIGITS]: 'ADJACENT_SWAP', [CaseKind.ONE_DIGIT_WRONG]: 'ONE_DIGIT', [CaseKind.CHECK_CHARACTER_WRONG]: 'CHECK_CHARACTER' };
    set.records.forEach((r, i) => {
      if (r.kind in want) expect([r.kind, repairs.get(i + 1)]).toEqual([r.kind, want[r.kind as keyof typeof want]]);
    });
  });

  it('pages PROBABLE records by score, highest first, each with its evidence', async () => {
    const nodes: EvidenceNode[] = [];
    let after: string | null = null;
    do {
      const res: { body: { data?: { batchRecords: { edges: Array<{ node: EvidenceNode }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } } } =
        await hub.gql('NHFPC', EVIDENCE, { id: batchId, after });
      const page = res.body.data?.batchRecords;
      if (!page) throw new Error(JSON.stringify(res.body));
      nodes.push(...page.edges.map((e) => e.node));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(nodes).toHaveLength(80);
    const scores = nodes.map((n) => n.matchScore);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(new Set(nodes.map((n) => n.rowNo)).size).toBe(80);
    const byRow = new Map(nodes.map((n) => [n.rowNo, n]));
    const kindOf = (n: EvidenceNode) => set.records[n.rowNo - 1].kind;
    const comparison = { SAME_NAME_NEW_ID: 'SAME', TRADITIONAL_NEW_ID: 'SAME_FOLDED', HOMOPHONE_NEW_ID: 'HOMOPHONE', MINORITY_NEW_ID: 'HOMOPHONE' };
    for (const n of byRow.values()) expect([kindOf(n), n.matchEvidence.nameComparison]).toEqual([kindOf(n), comparison[kindOf(n) as keyof typeof comparison]]);
    expect(nodes[0].matchEvidence).toMatchObject({ countyAgrees: true, birthDateAgrees: true, sexAgrees: true, tiedCandidates: 0 });
  });
});
