import pino from 'pino';
import { ReconciliationRunner } from '../../src/modules/reconciliation/reconciliation.runner';
import { PUSH, householdInput } from './push-fixtures';
import type { TestHub } from './test-hub';

export const SUBMIT = `mutation($key: String!, $sector: Sector!, $period: String!, $records: [SectorRecordInput!]!) {
  submitSectorBatch(idempotencyKey: $key, sector: $sector, period: $period, records: $records) { id status totalRecords } }`;

export const BATCH = `query($id: ID!) { sectorBatch(id: $id) { id sector status totalRecords processedRecords matched probable unmatched invalid discrepancies error } }`;

export const RECORDS = `query($id: ID!, $outcome: MatchOutcome) { batchRecords(batchId: $id, outcome: $outcome, first: 500) {
  edges { node { rowNo idNumber outcome reason discrepancyKinds member { idNumber name } suggestion { idNumber name } } } } }`;

export type RecordNode = {
  rowNo: number;
  idNumber: string;
  outcome: string;
  reason: string | null;
  discrepancyKinds: string[];
  member: { idNumber: string; name: string } | null;
  suggestion: { idNumber: string; name: string } | null;
};

/**
 * A small registry in P52: household 1 (safe housing, a head with no insurance
 * problems, a child in school), household 2 (unsafe housing), household 3 (a
 * member DISABLED at level 3).
 */
export async function plantRegistry(hub: TestHub) {
  const h1 = householdInput('52', 1);
  const h2 = { ...householdInput('52', 2), housingSafe: false };
  const h3 = householdInput('52', 3);
  h1.members[0] = { ...h1.members[0], medicalInsured: true, receivesDibao: false };
  h3.members[1] = { ...h3.members[1], health: 'DISABLED', disabilityLevel: 3 };
  const res = await hub.gql('P52', PUSH, { key: 'plant', households: [h1, h2, h3] });
  if ((res.body.data as { pushHouseholds: { created: number } } | undefined)?.pushHouseholds.created !== 3) throw new Error(JSON.stringify(res.body));
  return { h1, h2, h3 };
}

/** Submits inline and reconciles in this process with the real runner; returns the batch id. */
export async function submitAndRun(hub: TestHub, ministry: string, sector: string, records: unknown[], period = '2020') {
  const res = await hub.gql<{ submitSectorBatch: { id: string } }>(ministry, SUBMIT, { key: `${sector}-${Math.random()}`, sector, period, records });
  if (!res.body.data) throw new Error(JSON.stringify(res.body.errors));
  const id = res.body.data.submitSectorBatch.id;
  await new ReconciliationRunner(hub.db.orm, pino({ level: 'silent' })).run(id, { chunkSize: 3 });
  return id;
}

export async function recordsOf(hub: TestHub, ministry: string, id: string): Promise<RecordNode[]> {
  const res = await hub.gql<{ batchRecords: { edges: Array<{ node: RecordNode }> } }>(ministry, RECORDS, { id });
  if (!res.body.data?.batchRecords) throw new Error(JSON.stringify(res.body));
  return res.body.data.batchRecords.edges.map((e) => e.node);
}
