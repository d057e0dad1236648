import type { HaCluster } from '../../src/embedded/ha/ha-cluster';
import { type MikroORM, openOrm } from '../../src/db/orm';
import { type ApiProcess, startApiProcess } from '../support/api-process';
import { HA_SLOT, haSkipReason, onNode, startTestPair } from '../support/ha-pair';
import { batchCounts, sealedBatch } from '../support/ha-traffic';
import { insertHouseholds, makeHouseholds } from '../support/registry-fixtures';
import { waitFor } from '../support/wait-for';
import { startWorkerProcess, type WorkerProcess } from '../support/worker-process';

const skip = haSkipReason();
if (skip) console.warn(skip);
const describeHa = skip ? describe.skip : describe;

const RECORDS = 20_000;

/** kill -9 of the Redis master mid-reconciliation: Sentinel promotes the replica, BullMQ follows it through ioredis. */
describeHa('failover of the Redis master', () => {
  let cluster: HaCluster;
  let api: ApiProcess;
  let worker: WorkerProcess;
  let orm: MikroORM;
  let members: string[];
  const primaryPort = async () => (await cluster.primary())!.pgPort;
  const progress = async (id: string) =>
    (
      await onNode<{ processed_records: number; status: string }>(
        await primaryPort(),
        `select processed_records, status from sector_batches where id = '${id}'`,
      )
    )[0];
  // A batch that never completes says what the worker saw (its log's tail) rather than only the timeout.
  const completed = (id: string, ms: number) =>
    waitFor('the batch to complete', async () => (await progress(id)).status === 'COMPLETED', ms).catch((err: Error) => {
      throw new Error(`${err.message}; the worker's log ends: ${worker.output().slice(-6000)}`);
    });

  beforeAll(async () => {
    cluster = await startTestPair(HA_SLOT.redisFailover);
    orm = await openOrm({ databaseUrl: cluster.databaseUrl, dbPoolMax: 2, statementTimeoutMs: 120_000, sqlDebug: false });
    const households = makeHouseholds('52', 60);
    await insertHouseholds(orm, households);
    members = households.flatMap((h) => h.members.map((m) => m.idNumber));
    const redisUrl = `redis-sentinel://${cluster.sentinels}/${cluster.sentinelName}`;
    api = await startApiProcess({ databaseUrl: cluster.databaseUrl, redisUrl, queuePrefix: 'ha-redis' });
    worker = startWorkerProcess({ databaseUrl: cluster.databaseUrl, redisUrl, queuePrefix: 'ha-redis', chunkSize: 500 });
    await worker.ready();
  }, 300_000);
  afterAll(async () => {
    await orm?.close(true);
    await worker?.kill('SIGTERM');
    await api?.stop('SIGTERM');
    await cluster?.stop();
  }, 180_000);

  it('completes a batch whose Redis master was killed mid-run exactly like a clean run: no job lost, none doubled', async () => {
    const clean = await sealedBatch(api.url, orm, members, RECORDS);
    await completed(clean, 240_000);
    const reference = await batchCounts(await primaryPort(), clean);
    expect(reference).toMatchObject({ status: 'COMPLETED', processed_records: RECORDS, outcome_rows: RECORDS });

    const id = await sealedBatch(api.url, orm, members, RECORDS);
    await waitFor('the batch to be part-way', async () => (await progress(id)).processed_records >= RECORDS / 10, 120_000);
    const oldMaster = await cluster.redis.masterPort();
    const master = cluster.redis.servers.find((s) => s.port === oldMaster)!;
    master.child!.kill('SIGKILL');
    expect((await progress(id)).status).not.toBe('COMPLETED');

    const promoted = await waitFor(
      'Sentinel to promote the replica',
      async () => {
        const port = await cluster.redis.masterPort().catch(() => oldMaster);
        return port !== oldMaster && port;
      },
      60_000,
    );
    expect(promoted).toBe(cluster.redis.servers[1].port);
    await completed(id, 300_000);
    // Same counts and as many outcome rows as the clean run: no chunk lost, none applied twice.
    expect(await batchCounts(await primaryPort(), id)).toEqual(reference);
    // The API still queues through the new master: a new batch reaches the worker and completes.
    const after = await sealedBatch(api.url, orm, members, 1_000);
    await completed(after, 120_000);
  }, 900_000);
});
