import { Worker } from 'bullmq';
import pino from 'pino';
import { createDataQualityProcessor } from '../../src/modules/data-quality/data-quality.jobs';
import { createReconcileProcessor } from '../../src/modules/reconciliation/reconciliation.jobs';
import type { ProgressTopic } from '../../src/queues/progress-channels';
import { ProgressPublisher, type ProgressSignal } from '../../src/queues/progress.publisher';
import { QueueName } from '../../src/queues/queue-names';
import { createRedis } from '../../src/queues/redis.connection';
import { BATCH, SUBMIT, plantRegistry } from '../support/reconcile-fixtures';
import { sseSubscribe } from '../support/sse-client';
import { startTestHub, type TestHub } from '../support/test-hub';

const BATCH_PROGRESS = `subscription($id: ID!) { batchProgress(id: $id) {
  id status phase totalRecords processedRecords matched probable unmatched invalid discrepancies recordsPerSecond etaSeconds error finishedAt } }`;
const RUN_PROGRESS = `subscription($id: ID!) { qualityRunProgress(id: $id) { id status rulesTotal doneRules failedRules share found } }`;
const RUN_CHECK = `mutation { runDataQualityCheck(provinceCode: "52") { id status } }`;

type Progress = { batchProgress: Record<string, unknown> & { status: string; phase: string; processedRecords: number; totalRecords: number } };
type RunProgress = { qualityRunProgress: { status: string; rulesTotal: number; doneRules: string[]; share: number | null } };

const silent = pino({ level: 'silent' });

describe('live progress over SSE (graphql-sse at /graphql/stream)', () => {
  let hub: TestHub;
  let reg: Awaited<ReturnType<typeof plantRegistry>>;
  const redis = () => createRedis(hub.redisUrl, 'worker');
  const closers: Array<() => Promise<unknown>> = [];
  const auth = async (code: string) => `Bearer ${await hub.token(code)}`;

  beforeAll(async () => {
    hub = await startTestHub();
    reg = await plantRegistry(hub);
  });
  afterAll(async () => {
    for (const close of closers.reverse()) await close();
    await hub.close();
  });

  /** A real reconciliation worker whose publisher also counts what it is told, and which can be held between chunks. */
  function startReconcileWorker(hold: { on: boolean }) {
    const connection = redis();
    const producer = createRedis(hub.redisUrl, 'producer');
    const publisher = new ProgressPublisher(producer, hub.queuePrefix, silent);
    let changes = 0;
    const progress: ProgressSignal = {
      changed: (t: ProgressTopic, id: string) => void (changes++, publisher.changed(t, id)),
      ended: (t: ProgressTopic, id: string) => publisher.ended(t, id),
    };
    // Held after its first chunk (the start is the first change, that chunk the second): the batch stays RUNNING part-way.
    const processor = createReconcileProcessor(hub.db.orm, silent, { chunkSize: 4, exactConnections: 1, stopping: () => hold.on && changes >= 2, progress });
    const worker = new Worker(QueueName.RECONCILIATION, processor, { connection, prefix: hub.queuePrefix, concurrency: 1 });
    closers.push(async () => {
      await worker.close();
      publisher.stop();
      await connection.quit();
      producer.disconnect();
    });
  }

  it('sends a real batch’s current state, its progress while a worker reconciles it, and COMPLETED, then completes', async () => {
    const members = [reg.h1, reg.h2, reg.h3].flatMap((h) => h.members as Array<{ idNumber: string; name: string }>);
    const records = [
      ...members.map((m) => ({ idNumber: m.idNumber, name: m.name })),
      ...Array.from({ length: 30 }, (_, i) => ({ idNumber: `bad-${i}`, name: '某' })),
    ];
    const submitted = await hub.gql<{ submitSectorBatch: { id: string } }>('MOE', SUBMIT, { key: 'live-1', sector: 'EDUCATION', period: '2020', records });
    const id = submitted.body.data!.submitSectorBatch.id;

    const sub = sseSubscribe<Progress>(hub.url, await auth('MOE'), BATCH_PROGRESS, { id });
    const first = await sub.until(() => true);
    expect(first.data?.batchProgress).toMatchObject({
      id,
      status: 'QUEUED',
      phase: 'QUEUED',
      processedRecords: 0,
      totalRecords: records.length,
      etaSeconds: null,
    });

    const hold = { on: true };
    startReconcileWorker(hold);
    const partWay = await sub.until((r) => {
      const p = r.data?.batchProgress;
      return !!p && p.status === 'RUNNING' && p.processedRecords > 0 && p.processedRecords < p.totalRecords;
    });
    expect(partWay.data!.batchProgress).toMatchObject({ phase: 'RULES' });
    expect(partWay.data!.batchProgress.recordsPerSecond).toBeGreaterThan(0);
    expect(partWay.data!.batchProgress.etaSeconds).toEqual(expect.any(Number));
    hold.on = false;

    await sub.done;
    const states = sub.results.map((r) => r.data!.batchProgress);
    const last = states[states.length - 1];
    const queried = (await hub.gql<{ sectorBatch: Record<string, unknown> }>('MOE', BATCH, { id })).body.data!.sectorBatch;
    expect(last).toMatchObject({ status: 'COMPLETED', phase: 'DONE', etaSeconds: 0, processedRecords: records.length });
    for (const k of ['matched', 'probable', 'unmatched', 'invalid', 'discrepancies', 'totalRecords']) expect(last[k]).toBe(queried[k]);
    expect(sub.results.every((r) => !r.errors)).toBe(true);
    // One state per change, in order: the counts never go back, and COMPLETED is the last word.
    const processed = states.map((s) => s.processedRecords);
    expect(processed).toEqual([...processed].sort((a, b) => a - b));
    expect(states.filter((s) => s.status === 'COMPLETED')).toHaveLength(1);
  });

  it('refuses another ministry’s batch with NOT_FOUND and nothing of the batch, as sectorBatch answers it null; LGOP may follow it', async () => {
    const submitted = await hub.gql<{ submitSectorBatch: { id: string } }>('MOE', SUBMIT, {
      key: 'live-2',
      sector: 'EDUCATION',
      period: '2020',
      records: [{ idNumber: 'bad-1', name: '某' }],
    });
    const id = submitted.body.data!.submitSectorBatch.id;
    const other = sseSubscribe<Progress>(hub.url, await auth('MCA'), BATCH_PROGRESS, { id });
    await other.done;
    expect(other.results).toHaveLength(1);
    expect(other.results[0].data ?? null).toBeNull();
    expect(other.results[0].errors).toEqual([
      expect.objectContaining({ message: 'No such batch of yours', extensions: expect.objectContaining({ code: 'NOT_FOUND' }) }),
    ]);
    expect((await hub.gql<{ sectorBatch: unknown }>('MCA', BATCH, { id })).body.data!.sectorBatch).toBeNull();

    const notAnId = sseSubscribe<Progress>(hub.url, await auth('MOE'), BATCH_PROGRESS, { id: 'nope' });
    await notAnId.done;
    expect(notAnId.results[0].errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND' });

    const lgop = sseSubscribe<Progress>(hub.url, await auth('LGOP'), BATCH_PROGRESS, { id });
    expect((await lgop.until(() => true)).data?.batchProgress).toMatchObject({ id, totalRecords: 1 });
    lgop.dispose();
  });

  it('refuses a stream without a valid token (401) and a query sent to the stream (BAD_USER_INPUT)', async () => {
    const anonymous = await fetch(`${hub.url}/graphql/stream`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: BATCH_PROGRESS, variables: { id: '00000000-0000-4000-8000-000000000000' } }),
    });
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });

    const query = sseSubscribe(hub.url, await auth('MOE'), `{ __typename }`);
    await query.done;
    expect(query.results[0].errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('qualityRunProgress follows a data-quality run to COMPLETED', async () => {
    const run = await hub.gql<{ runDataQualityCheck: { id: string; status: string } }>('P52', RUN_CHECK);
    const id = run.body.data!.runDataQualityCheck.id;
    const sub = sseSubscribe<RunProgress>(hub.url, await auth('P52'), RUN_PROGRESS, { id });
    expect((await sub.until(() => true)).data?.qualityRunProgress).toMatchObject({ id, status: 'QUEUED', doneRules: [] });

    const connection = redis();
    const producer = createRedis(hub.redisUrl, 'producer');
    const progress = new ProgressPublisher(producer, hub.queuePrefix, silent);
    const worker = new Worker(QueueName.DATA_QUALITY, createDataQualityProcessor(hub.db.orm, silent, { progress }), { connection, prefix: hub.queuePrefix });
    closers.push(async () => {
      await worker.close();
      progress.stop();
      await connection.quit();
      producer.disconnect();
    });
    await sub.done;
    const last = sub.results[sub.results.length - 1].data!.qualityRunProgress;
    expect(last).toMatchObject({ status: 'COMPLETED', share: 1 });
    expect(last.doneRules).toHaveLength(last.rulesTotal);

    const otherProvince = sseSubscribe<RunProgress>(hub.url, await auth('P53'), RUN_PROGRESS, { id });
    await otherProvince.done;
    expect(otherProvince.results[0].errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND' });
  });
});
