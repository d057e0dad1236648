import path from 'node:path';
import pino from 'pino';
import { startEmbeddedRedis, type RunningRedis } from '../../src/embedded/embedded-redis.server';
import { SUBMIT, plantRegistry } from '../support/reconcile-fixtures';
import { freePort } from '../support/free-port';
import { startTestHub, type TestHub } from '../support/test-hub';
import { waitFor } from '../support/wait-for';

describe('a batch submitted while Redis is down', () => {
  let hub: TestHub;
  let redis: RunningRedis | undefined;
  let port: number;
  const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => hub.db.orm.em.getConnection().execute<T[]>(q, p);

  beforeAll(async () => {
    port = await freePort();
    hub = await startTestHub({ redisUrl: `redis://127.0.0.1:${port}`, lookupDailyBudget: 3 });
    await plantRegistry(hub);
  });
  afterAll(async () => {
    await hub.close();
    await redis?.stop();
  });

  const ready = async () => (await fetch(`${hub.url}/readyz`)).status;

  it('keeps answering reads and lookups, and says it is not ready', async () => {
    expect(await ready()).toBe(503);
    const page = await hub.gql<{ households: { edges: unknown[] } }>('P52', `{ households(first: 10) { edges { node { registryNo } } } }`);
    expect(page.body.data?.households.edges).toHaveLength(3);
    const lookup = await hub.gql<{ lookupPersons: Array<{ registered: boolean }> }>(
      'MCA',
      `{ lookupPersons(idNumbers: ["11010519491231002X"]) { registered } }`,
    );
    expect(lookup.body.data?.lookupPersons).toEqual([{ registered: false }]);
  });

  it('counts lookups against the daily budget in the process meanwhile', async () => {
    const lookup = (ids: string[]) => hub.gql('MOE', `query($ids: [String!]!) { lookupPersons(idNumbers: $ids) { registered } }`, { ids });
    expect((await lookup(['11010519491231002X', '110105194912310029', '11010519491231003X'])).body.errors).toBeUndefined();
    const refused = await lookup(['11010519491231002X']);
    expect([refused.status, refused.body.errors?.[0].extensions?.code]).toEqual([429, 'RATE_LIMITED']);
  });

  it('is accepted, waits in the outbox and is queued once Redis is back', async () => {
    const records = [{ idNumber: '11010519491231002X', name: '王某' }];
    const res = await hub.gql<{ submitSectorBatch: { id: string; status: string } }>('MCA', SUBMIT, {
      key: 'while-down',
      sector: 'MINIMUM_LIVING',
      period: '2020',
      records,
    });
    expect(res.body.errors).toBeUndefined();
    const id = res.body.data!.submitSectorBatch.id;
    expect(res.body.data!.submitSectorBatch.status).toBe('QUEUED');
    // Several relay rounds fail meanwhile; the row stays pending.
    await new Promise((r) => setTimeout(r, 700));
    const pending = await sql<{ published_at: Date | null }>(`select published_at from outbox where aggregate_id = ?`, [id]);
    expect(pending).toEqual([{ published_at: null }]);

    redis = await startEmbeddedRedis({ dir: path.resolve(__dirname, `../../.data/test/redis-outbox-${port}`), port, log: pino({ level: 'silent' }) });
    const job = await waitFor('the relay to queue the batch', async () => hub.reconciliation.getJob(id).catch(() => undefined), 30_000);
    expect(job.data).toEqual({ batchId: id });
    // The relay queues the job inside its transaction and marks the row when that commits, just after.
    const outboxRow = async () =>
      (
        await sql<{ published: boolean; attempts: number }>(`select published_at is not null as published, attempts from outbox where aggregate_id = ?`, [id])
      )[0];
    const row = await waitFor('the relay to mark the row published', async () => ((await outboxRow()).published ? outboxRow() : undefined), 10_000);
    expect(row).toEqual({ published: true, attempts: 1 });
    expect(await hub.reconciliation.getJobCounts('waiting')).toEqual({ waiting: 1 });
    await waitFor('readiness', async () => (await ready()) === 200);
  });
});
