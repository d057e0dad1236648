import pino from 'pino';
import { OutboxRelay } from '../../src/queues/outbox.relay';
import { SUBMIT, plantRegistry, submitAndRun } from '../support/reconcile-fixtures';
import { startTestHub, type TestHub } from '../support/test-hub';
import { waitFor } from '../support/wait-for';

const CREATE = `mutation($k: String!) { createSectorBatch(idempotencyKey: $k, sector: EDUCATION, period: "2020") { id status } }`;
const SEAL = `mutation($id: ID!) { sealSectorBatch(id: $id) { id status } }`;
const RETRY = `mutation($id: ID!) { retryBatch(id: $id) { id status } }`;
const CANCEL = `mutation($id: ID!) { cancelBatch(id: $id) { id status } }`;

/** Long enough that no test here is ever helped by the relay's timer: whatever gets queued was kicked after its commit. */
const NEVER_MS = 3_600_000;
/** A generous deadline for what should happen at once; no timing is asserted below it. */
const SOON_MS = 10_000;

type GqlError = { message: string; extensions?: Record<string, unknown> };

describe('the batch lifecycle', () => {
  let hub: TestHub;
  let reg: Awaited<ReturnType<typeof plantRegistry>>;
  const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => hub.db.orm.em.getConnection().execute<T[]>(q, p);

  beforeAll(async () => {
    hub = await startTestHub({ relayIntervalMs: NEVER_MS });
    reg = await plantRegistry(hub);
  });
  afterAll(() => hub.close());

  const record = (i = 0) => {
    const m = reg.h1.members[i] as { idNumber: string; name: string };
    return { idNumber: m.idNumber, name: m.name };
  };
  let keys = 0;
  const submit = async () => {
    const res = await hub.gql<{ submitSectorBatch: { id: string } }>('MOE', SUBMIT, {
      key: `lc-${keys++}`,
      sector: 'EDUCATION',
      period: '2020',
      records: [record()],
    });
    if (!res.body.data) throw new Error(JSON.stringify(res.body.errors));
    return res.body.data.submitSectorBatch.id;
  };
  const create = async () => {
    const res = await hub.gql<{ createSectorBatch: { id: string } }>('MOE', CREATE, { k: `lc-${keys++}` });
    if (!res.body.data) throw new Error(JSON.stringify(res.body.errors));
    return res.body.data.createSectorBatch.id;
  };
  /** Everything a transition could have written about the batch. */
  const footprint = async (id: string) => ({
    batch: await sql(`select * from sector_batches where id = ?::uuid`, [id]),
    outbox: await sql(`select id, topic, published_at from outbox where aggregate_id = ? order by id`, [id]),
    audit: await sql(`select id, operation from audit_log where detail->>'batchId' = ? order by id`, [id]),
  });
  const audited = async (id: string) =>
    sql<{ tenant_code: string; operation: string }>(`select tenant_code, operation from audit_log where detail->>'batchId' = ? order by id`, [id]);

  describe('refuses an illegal transition with the contract error, and changes nothing', () => {
    const expectWrongStatus = (errors: GqlError[] | undefined, message: string) => {
      expect(errors).toHaveLength(1);
      expect(errors![0].message).toBe(message);
      expect(errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'WRONG_STATUS', fields: [{ path: 'id', message }] });
    };

    it('retry or cancel of a COMPLETED batch', async () => {
      const id = await submitAndRun(hub, 'MOE', 'EDUCATION', [record()]);
      const before = await footprint(id);
      expect(before.batch[0]).toMatchObject({ status: 'COMPLETED' });

      const retried = await hub.gql('LGOP', RETRY, { id });
      expectWrongStatus(retried.body.errors, 'The batch is COMPLETED; only a FAILED or CANCELLED batch can be retried');
      expect(retried.body.data).toBeNull();
      const cancelled = await hub.gql('LGOP', CANCEL, { id });
      expectWrongStatus(cancelled.body.errors, 'The batch is COMPLETED; only a RECEIVING, QUEUED or RUNNING batch can be cancelled');
      expect(await footprint(id)).toEqual(before);
    });

    it('seal of a CANCELLED batch', async () => {
      const id = await create();
      expect((await hub.gql('LGOP', CANCEL, { id })).body.errors).toBeUndefined();
      const before = await footprint(id);
      expectWrongStatus((await hub.gql('MOE', SEAL, { id })).body.errors, 'The batch was cancelled; only a RECEIVING batch can be sealed');
      expect(await footprint(id)).toEqual(before);
    });

    it('but sealing a sealed batch is no error, and writes nothing', async () => {
      const id = await submit();
      // Its outbox row is published (after the submission's commit) before the footprint is taken.
      await waitFor('the batch on the queue', async () => hub.reconciliation.getJob(id), SOON_MS);
      await waitFor('its outbox row published', async () => (await footprint(id)).outbox.every((o) => o.published_at !== null), SOON_MS);
      const before = await footprint(id);
      const again = await hub.gql<{ sealSectorBatch: { status: string } }>('MOE', SEAL, { id });
      expect(again.body.errors).toBeUndefined();
      expect(again.body.data?.sealSectorBatch.status).toBe('QUEUED');
      expect(await footprint(id)).toEqual(before);
    });
  });

  it('writes the audit row of each caller-initiated transition with it: creation, seal, cancel, retry', async () => {
    const id = await create();
    expect(await audited(id)).toEqual([{ tenant_code: 'MOE', operation: 'createSectorBatch' }]);
    expect((await hub.gql('MOE', SEAL, { id })).body.errors).toBeUndefined();
    expect((await hub.gql('LGOP', CANCEL, { id })).body.errors).toBeUndefined();
    expect((await hub.gql('LGOP', RETRY, { id })).body.errors).toBeUndefined();
    expect(await audited(id)).toEqual([
      { tenant_code: 'MOE', operation: 'createSectorBatch' },
      { tenant_code: 'MOE', operation: 'sealSectorBatch' },
      { tenant_code: 'LGOP', operation: 'cancelBatch' },
      { tenant_code: 'LGOP', operation: 'retryBatch' },
    ]);
    // Seal and retry queue the batch (one outbox row each); cancel does not.
    expect(await sql(`select count(*)::int as n from outbox where aggregate_id = ?`, [id])).toEqual([{ n: 2 }]);

    const submitted = await submit();
    expect(await audited(submitted)).toEqual([{ tenant_code: 'MOE', operation: 'submitSectorBatch' }]);
  });

  describe('queues a batch once its transition has committed, without waiting for the relay timer', () => {
    const queued = (id: string) => waitFor(`batch ${id} on the queue`, async () => hub.reconciliation.getJob(id), SOON_MS);

    it('submitted', async () => {
      const id = await submit();
      expect((await queued(id)).data).toEqual({ batchId: id });
    });

    it('sealed, and retried after a cancel', async () => {
      const id = await create();
      await hub.gql('MOE', SEAL, { id });
      await queued(id);
      await hub.gql('LGOP', CANCEL, { id });
      expect(await hub.reconciliation.getJob(id)).toBeUndefined();
      await hub.gql('LGOP', RETRY, { id });
      await queued(id);
    });
  });

  it('runs another relay pass for a kick that comes during a pass', async () => {
    const topic = `lifecycle-test-${Date.now()}`;
    const published: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const publish = async (id: string) => {
      published.push(id);
      if (id === 'first') await gate;
    };
    const relay = new OutboxRelay(hub.db.apiOrm, { topic, publish }, pino({ level: 'silent' }));
    const add = (id: string) => sql(`insert into outbox (topic, aggregate_id) values (?, ?)`, [topic, id]);
    await add('first');
    const firstPass = relay.kick();
    await waitFor('the first pass to take its row', async () => published.includes('first'), SOON_MS);
    // Committed while the first pass (which has read the outbox already) is still publishing.
    await add('second');
    const secondPass = relay.kick();
    release();
    expect(await firstPass).toBe(1);
    expect(await secondPass).toBe(1);
    expect(published).toEqual(['first', 'second']);
    await relay.stop();
  });
});
