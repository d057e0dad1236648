import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { spawnNode } from '../support/node-process';
import { type ApiProcess, startApiProcess } from '../support/api-process';
import { type CollectedSpan, type OtlpCollector, startOtlpCollector } from '../support/otlp-collector';
import { PUSH, householdInput } from '../support/push-fixtures';
import { filledBatch } from '../support/big-batch';
import { BATCH } from '../support/reconcile-fixtures';
import { startTestHub, type TestHub } from '../support/test-hub';
import { waitFor } from '../support/wait-for';
import { startWorkerProcess, type WorkerProcess } from '../support/worker-process';

const SERVER = 2;
const CONSUMER = 5;

const PAGE = `query TracedPage { households(first: 5) { edges { node { registryNo members { name idNumber } } } } }`;

/**
 * Traces of the real API and worker processes (instrumentation patches modules as Node's own
 * require loads them, which jest's module registry bypasses, so the hub cannot be traced inside
 * jest), exported over OTLP/HTTP to a stand-in collector, as in a deployment.
 */
describe('OpenTelemetry traces', () => {
  let hub: TestHub;
  let collector: OtlpCollector;
  let api: ApiProcess;
  let worker: WorkerProcess;
  const households = [householdInput('52', 1), householdInput('52', 2)];
  const idNumbers = households.flatMap((h) => h.members.map((m) => String(m.idNumber)));
  const personal = [...idNumbers, ...households.flatMap((h) => h.members.map((m) => String(m.name)))];

  beforeAll(async () => {
    hub = await startTestHub();
    collector = await startOtlpCollector();
    // OTEL_BSP_SCHEDULE_DELAY is read by the SDK itself: export every 100 ms rather than 5 s.
    const extra = { OTEL_EXPORTER_OTLP_ENDPOINT: collector.endpoint, OTEL_BSP_SCHEDULE_DELAY: '100' };
    const servers = { databaseUrl: hub.db.url, redisUrl: hub.redisUrl, queuePrefix: hub.queuePrefix, extra };
    api = await startApiProcess(servers);
    worker = startWorkerProcess(servers);
    await worker.ready();
    const pushed = await gql('P52', PUSH, { key: 'traced-push', households });
    expect(pushed.data).toMatchObject({ pushHouseholds: { created: 2 } });
  });
  afterAll(async () => {
    await worker?.kill('SIGKILL');
    await api?.stop('SIGKILL');
    await collector?.close();
    await hub?.close();
  });

  /** A GraphQL request to the traced API process. */
  async function gql(tenant: string, query: string, variables?: Record<string, unknown>) {
    const res = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await hub.token(tenant)}`,
        'x-request-id': `trace-${randomBytes(4).toString('hex')}`,
      },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
  }

  /** The spans of the trace whose GraphQL operation is `operation`, once its server span and SQL have arrived. */
  const traceOf = (operation: string) =>
    waitFor(`the spans of ${operation}`, async () => {
      const all = collector.spans();
      const named = all.find((s) => s.attributes['graphql.operation.name'] === operation);
      const spans = named ? all.filter((s) => s.traceId === named.traceId) : [];
      return spans.some((s) => s.kind === SERVER) && spans.some(isSql) && spans;
    });

  it('follows one GraphQL request from the HTTP server span through GraphQL down to its SQL, in one trace', async () => {
    expect((await gql('P52', PAGE)).data).toBeDefined();
    const spans = await traceOf('TracedPage');
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    const server = spans.find((s) => s.kind === SERVER && !s.parentSpanId)!;
    expect(server).toMatchObject({ service: 'hub-api', attributes: expect.objectContaining({ 'http.request.method': 'POST', 'url.path': '/graphql' }) });
    expect(spans.map((s) => s.name)).toEqual(expect.arrayContaining(['graphql.parse', 'graphql.validate', 'query TracedPage']));
    // The chain of parents of the page's statement climbs through its resolver and the operation to the server span.
    const chain = (s: CollectedSpan | undefined): CollectedSpan[] => (s ? [s, ...chain(byId.get(s.parentSpanId))] : []);
    const select = spans.find((s) => isSql(s) && /households/.test(String(s.attributes['db.statement'] ?? s.attributes['db.query.text'])))!;
    const names = chain(select).map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(['graphql.resolve households', 'query TracedPage', 'POST /graphql']));
    expect(chain(select).at(-1)).toBe(server);
  });

  it('links the reconciliation job span to the request that sealed the batch', async () => {
    const batchId = await filledBatch(hub, idNumbers, 30);
    const sealed = await gql('MCA', `mutation TracedSeal($id: ID!) { sealSectorBatch(id: $id) { status } }`, { id: batchId });
    expect(sealed.data).toEqual({ sealSectorBatch: { status: 'QUEUED' } });
    const request = await traceOf('TracedSeal');
    const job = await waitFor('the job span', async () =>
      collector.spans().find((s) => s.kind === CONSUMER && s.attributes['messaging.message.id'] === batchId && s.links.length),
    );
    expect(job).toMatchObject({ service: 'hub-worker', name: 'reconciliation process', parentSpanId: '' });
    expect(job.links.map((l) => l.traceId)).toEqual([request[0]!.traceId]);
    expect(request.map((s) => s.spanId)).toContain(job.links[0]!.spanId);
    await waitFor(
      'the batch to complete',
      async () => (await hub.gql<{ sectorBatch: { status: string } }>('MCA', BATCH, { id: batchId })).body.data?.sectorBatch.status === 'COMPLETED',
    );
    // The job's own statements are spans of its trace.
    await waitFor('the job statements', async () => collector.spans().some((s) => s.traceId === job.traceId && isSql(s)));
  });

  it('exports no ID number or name, whether sent in variables, in the query text or in a query string', async () => {
    const [idNumber] = idNumbers;
    await gql('P52', `query TracedLookup { lookupPersons(idNumbers: ["${idNumber}"]) { registered } }`);
    await fetch(`${api.url}/graphql?idNumber=${idNumber}&query=%7B__typename%7D`, { headers: { authorization: `Bearer ${await hub.token('P52')}` } });
    await traceOf('TracedLookup');
    const get = await waitFor('the GET span', async () => collector.spans().find((s) => s.kind === SERVER && s.attributes['http.request.method'] === 'GET'));
    expect(get.attributes).toMatchObject({ 'url.path': '/graphql', 'url.query': '' });
    expect(collector.spans().filter((s) => s.attributes['graphql.source']).length).toBeGreaterThan(0);
    const exported = collector.rawBodies().join('\n');
    expect(personal.filter((value) => exported.includes(value))).toEqual([]);
  });
});

/**
 * Tracing off costs nothing by construction: the API's preload, then the modules the instrumentations
 * would patch, loaded in a fresh Node; with no endpoint no OpenTelemetry module is loaded and pg's
 * query is the driver's own, with one it is wrapped.
 */
describe('tracing off', () => {
  const root = path.resolve(__dirname, '../..');
  const PROBE = `require('./dist/src/tracing/api.preload.js'); const pg = require('pg'); require('graphql'); require('express'); require('ioredis');
    const otel = Object.keys(require.cache).filter((file) => file.includes('@opentelemetry')).length;
    console.log(JSON.stringify({ otel, wrapped: Boolean(pg.Client.prototype.query.__wrapped) })); process.exit(0);`;
  const probe = (env: Record<string, string>) =>
    spawnNode(['-e', PROBE], env, { cwd: root, script: path.join(root, 'dist/src/tracing/api.preload.js') }).whenOutput(
      'the probe',
      (out) => /^\{.*\}$/m.exec(out)?.[0],
    );

  it('loads no OpenTelemetry module and patches nothing without OTEL_EXPORTER_OTLP_ENDPOINT', async () => {
    expect(JSON.parse(await probe({}))).toEqual({ otel: 0, wrapped: false });
    const on = JSON.parse(await probe({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' })) as { otel: number; wrapped: boolean };
    expect(on.wrapped).toBe(true);
    expect(on.otel).toBeGreaterThan(0);
  });
});

function isSql(s: CollectedSpan): boolean {
  return s.attributes['db.system'] === 'postgresql' || s.attributes['db.system.name'] === 'postgresql';
}
