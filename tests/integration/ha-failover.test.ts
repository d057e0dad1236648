import type { HaCluster } from '../../src/embedded/ha/ha-cluster';
import type { PatroniNode } from '../../src/embedded/ha/patroni.server';
import { type MikroORM, openOrm } from '../../src/db/orm';
import { type ApiProcess, startApiProcess } from '../support/api-process';
import { HA_SLOT, haSkipReason, onNode, startTestPair } from '../support/ha-pair';
import { batchCounts, haGql, type PushLog, pushStream, pushedOn, sealedBatch } from '../support/ha-traffic';
import { insertHouseholds, makeHouseholds } from '../support/registry-fixtures';
import { waitFor } from '../support/wait-for';
import { startWorkerProcess, type WorkerProcess } from '../support/worker-process';

const skip = haSkipReason();
if (skip) console.warn(skip);
const describeHa = skip ? describe.skip : describe;

/**
 * The issue sizes its reconciliation at 200k records; in the suite (two shared cores) the
 * batch is 20k so the file stays within a few minutes; `npm run bench -- ha` keeps 200k.
 */
const RECORDS = 20_000;
const PROVINCES = ['52', '53', '45'];

/** kill -9 of the primary's postmaster during pushes from three provinces and a reconciliation. */
describeHa('failover of the PostgreSQL primary', () => {
  let cluster: HaCluster;
  let api: ApiProcess;
  let worker: WorkerProcess;
  let orm: MikroORM;
  let members: string[];
  const gql = (tenant: string, query: string, variables?: Record<string, unknown>) => haGql(api.url, tenant, query, variables);
  const onPrimary = async <T>(text: string) => onNode<T>((await cluster.primary())!.pgPort, text);
  const progress = async (id: string) =>
    (await onPrimary<{ processed_records: number; status: string }>(`select processed_records, status from sector_batches where id = '${id}'`))[0];
  const counts = async (id: string) => batchCounts((await cluster.primary())!.pgPort, id);

  const sealed = () => sealedBatch(api.url, orm, members, RECORDS);
  const completed = (id: string, ms: number) =>
    waitFor('the batch to complete', async () => (await progress(id).catch(() => null))?.status === 'COMPLETED', ms);

  beforeAll(async () => {
    cluster = await startTestPair(HA_SLOT.failover);
    orm = await openOrm({ databaseUrl: cluster.databaseUrl, dbPoolMax: 2, statementTimeoutMs: 120_000, sqlDebug: false });
    const households = makeHouseholds('52', 60);
    await insertHouseholds(orm, households);
    members = households.flatMap((h) => h.members.map((m) => m.idNumber));
    const redisUrl = `redis-sentinel://${cluster.sentinels}/${cluster.sentinelName}`;
    const queuePrefix = 'ha-failover';
    api = await startApiProcess({ databaseUrl: cluster.databaseUrl, redisUrl, queuePrefix, extra: { DATABASE_READ_URL: cluster.readUrl } });
    worker = startWorkerProcess({ databaseUrl: cluster.databaseUrl, redisUrl, queuePrefix, chunkSize: 500 });
    await worker.ready();
  }, 300_000);
  afterAll(async () => {
    await orm?.close(true);
    await worker?.kill('SIGTERM');
    await api?.stop('SIGTERM');
    await cluster?.stop();
  }, 180_000);

  it('keeps every acknowledged push whole, completes the batch as a clean run does, reads again within 30 s, and the old primary rejoins as a standby', async () => {
    // The clean run: the same records reconciled with both nodes up.
    const clean = await sealed();
    await completed(clean, 240_000);
    const reference = await counts(clean);
    expect(reference).toMatchObject({ status: 'COMPLETED', processed_records: RECORDS });

    const log: PushLog = { acknowledged: new Set(), codes: new Set(), retried: 0, pushes: 0 };
    let stopped = false;
    const streams = PROVINCES.map((p) => pushStream(api.url, p, log, () => stopped));
    const id = await sealed();
    await waitFor('the batch to be part-way', async () => (await progress(id)).processed_records >= RECORDS / 10, 120_000);
    const acknowledgedBefore = log.acknowledged.size;
    const old = (await cluster.primary())!;
    const standby = cluster.nodes.find((n) => n !== old) as PatroniNode;
    old.killPostgres();
    const killedAt = Date.now();
    expect((await progress(id).catch(() => null))?.status).not.toBe('COMPLETED');

    // The first read that answers after the kill (the API's read pool may still point at the dead node).
    await waitFor(
      'a read to answer',
      async () => ((await gql('P52', `{ households(first: 1) { edges { node { registryNo } } } }`))?.data?.households ? true : false),
      60_000,
    );
    const readsBackMs = Date.now() - killedAt;
    await waitFor('Patroni to promote the standby', () => standby.answers('primary'), 60_000);
    await completed(id, 300_000);
    const pushesAfter = log.pushes;
    await waitFor('pushes to be acknowledged by the new primary', async () => log.pushes >= pushesAfter + PROVINCES.length, 60_000);
    stopped = true;
    await Promise.all(streams);

    expect(readsBackMs).toBeLessThan(30_000);
    expect(await cluster.primary()).toBe(standby);
    expect(log.acknowledged.size).toBeGreaterThan(acknowledgedBefore);
    expect(log.retried).toBeGreaterThan(0);
    // Failed requests carried a contract code (or a dropped connection), never a half answer.
    expect([...log.codes].filter((c) => !['INTERNAL', 'SERVICE_UNAVAILABLE', 'connection'].includes(c))).toEqual([]);
    // Count and compare: every acknowledged household is on the new primary, whole, and nothing else is.
    const held = await pushedOn(standby.pgPort, PROVINCES);
    expect([...held.keys()].sort()).toEqual([...log.acknowledged].sort());
    expect([...held.values()].filter((m) => m !== 3)).toEqual([]);
    expect(await counts(id)).toEqual(reference);

    await waitFor('the old primary to rejoin as a standby', () => old.answers('replica'), 120_000);
    await waitFor('the old primary to hold every push', async () => (await pushedOn(old.pgPort, PROVINCES).catch(() => null))?.size === held.size, 60_000);
  }, 900_000);
});
