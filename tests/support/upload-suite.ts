import pino from 'pino';
import { ReconciliationRunner } from '../../src/modules/reconciliation/reconciliation.runner';
import { plantRegistry, recordsOf } from './reconcile-fixtures';
import { startTestHub, type TestHub } from './test-hub';

const CREATE = `mutation($k: String!) { createSectorBatch(idempotencyKey: $k, sector: EDUCATION, period: "2020") { id } }`;
const SEAL = `mutation($id: ID!) { sealSectorBatch(id: $id) { status } }`;

export type ErrorBody = { errors: Array<{ message: string; extensions: { code: string } }> };

/** What a file of upload tests shares: its hub, set up before and closed after all. */
export interface UploadSuite {
  hub: TestHub;
  /** Member `i` of the planted registry's first household. */
  member(i: number): { idNumber: string; name: string };
  /** A new, empty EDUCATION batch of MOE's. */
  newBatch(): Promise<string>;
  /** PUTs a body into a batch as MOE: the status and the JSON answer. */
  put(id: string, body: Buffer, type?: string): Promise<{ status: number; body: Record<string, unknown> & Partial<ErrorBody> }>;
  /** Seals and reconciles a batch: each record's [rowNo, outcome]. */
  reconcile(id: string): Promise<Array<[number, string]>>;
}

/** A hub over a planted registry for one test file of uploads (`keyPrefix` names its batches, `defaultType` its bodies). */
export function uploadSuite(keyPrefix: string, defaultType: string): UploadSuite {
  let reg: Awaited<ReturnType<typeof plantRegistry>>;
  let batches = 0;
  const suite: UploadSuite = {
    hub: undefined as unknown as TestHub,
    member: (i) => reg.h1.members[i] as { idNumber: string; name: string },
    newBatch: async () => {
      const res = await suite.hub.gql<{ createSectorBatch: { id: string } }>('MOE', CREATE, { k: `${keyPrefix}-${++batches}` });
      return res.body.data!.createSectorBatch.id;
    },
    put: async (id, body, type = defaultType) => {
      const headers = { 'content-type': type, authorization: `Bearer ${await suite.hub.token('MOE')}` };
      const res = await fetch(`${suite.hub.url}/batches/${id}/records`, { method: 'PUT', headers, body });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> & Partial<ErrorBody> };
    },
    reconcile: async (id) => {
      const sealed = await suite.hub.gql<{ sealSectorBatch: { status: string } }>('MOE', SEAL, { id });
      if (sealed.body.data?.sealSectorBatch.status !== 'QUEUED') throw new Error(`seal answered ${JSON.stringify(sealed.body)}`);
      await new ReconciliationRunner(suite.hub.db.orm, pino({ level: 'silent' })).run(id, { chunkSize: 2 });
      return (await recordsOf(suite.hub, 'MOE', id)).map((r) => [r.rowNo, r.outcome] as [number, string]);
    },
  };
  beforeAll(async () => {
    suite.hub = await startTestHub();
    reg = await plantRegistry(suite.hub);
  });
  afterAll(() => suite.hub.close());
  return suite;
}
