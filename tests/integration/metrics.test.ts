import type { AddressInfo } from 'node:net';
import express from 'express';
import { Client } from 'pg';
import { Registry } from 'prom-client';
import { DbRole } from '../../src/db/db-roles';
import { runSql, sql } from '../../src/db/sql';
import { metricsRoute } from '../../src/http/metrics.routes';
import { PUSH, householdInput } from '../support/push-fixtures';
import { BATCH, SUBMIT, plantRegistry } from '../support/reconcile-fixtures';
import { roleClient } from '../support/role-clients';
import { parseSamples, samplesOf, valueOf } from '../support/prometheus-text';
import { startTestHub, type TestHub } from '../support/test-hub';
import { waitFor } from '../support/wait-for';
import { type WorkerProcess, startWorkerProcess } from '../support/worker-process';

/** A word standing alone in the scrape (a label value or text), not inside another token. */
const standalone = (word: string) => new RegExp(`(^|[^A-Za-z0-9])${word}([^A-Za-z0-9]|$)`, 'm');

describe('metrics of the API (GET /metrics after real traffic)', () => {
  let hub: TestHub;
  const households = [householdInput('52', 1), householdInput('52', 2)];

  beforeAll(async () => {
    hub = await startTestHub({ rateLimitPerMinute: 6 });
    await waitFor('Redis', async () => (await fetch(`${hub.url}/readyz`)).status === 200);
  });
  afterAll(() => hub.close());

  async function scrape(): Promise<string> {
    const res = await fetch(`${hub.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    return res.text();
  }

  it('counts requests, operations, errors and refusals by bounded labels, and holds no personal data or tenant code', async () => {
    const push = await hub.gql('P52', `mutation PushSome${PUSH.slice('mutation'.length)}`, { key: 'metrics-push', households });
    expect(push.body.errors).toBeUndefined();
    const read = await hub.gql('P52', 'query ListHouseholds { households(first: 5) { edges { node { registryNo members { name idNumber } } } } }');
    expect(read.status).toBe(200);
    expect(read.body.errors).toBeUndefined();
    const bad = await hub.gql('P52', 'query Broken { noSuchField }');
    expect(bad.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    // An operation named after an ID number must not become a label.
    const idNumber = households[0].members[0].idNumber as string;
    expect((await hub.gql('P52', `query q${idNumber} { me { code } }`)).status).toBe(200);
    expect((await hub.gql({ auth: 'Bearer nonsense' }, '{ me { code } }')).status).toBe(401);
    let limited = 0;
    for (let i = 0; i < 8; i++) if ((await hub.gql('MCA', '{ me { code } }')).status === 429) limited++;
    expect(limited).toBe(2);

    const text = await scrape();
    const samples = parseSamples(text);
    const http = 'hub_http_request_duration_seconds_count';
    expect(valueOf(samples, http, { method: 'POST', route: '/graphql', status_class: '2xx' })).toBeGreaterThanOrEqual(9);
    expect(valueOf(samples, http, { method: 'POST', route: '/graphql', status_class: '4xx' })).toBeGreaterThanOrEqual(3);
    expect(valueOf(samples, http, { method: 'GET', route: '/readyz', status_class: '2xx' })).toBeGreaterThanOrEqual(1);
    const ops = 'hub_graphql_operation_duration_seconds_count';
    expect(valueOf(samples, ops, { operation: 'PushSome', type: 'mutation', tenant_kind: 'PROVINCE' })).toBe(1);
    expect(valueOf(samples, ops, { operation: 'ListHouseholds', type: 'query', tenant_kind: 'PROVINCE' })).toBe(1);
    expect(valueOf(samples, ops, { operation: 'anonymous', type: 'query', tenant_kind: 'MINISTRY' })).toBe(6);
    expect(valueOf(samples, ops, { operation: 'other', tenant_kind: 'PROVINCE' })).toBe(1);
    expect(valueOf(samples, 'hub_graphql_operation_duration_seconds_sum', { operation: 'ListHouseholds' })).toBeGreaterThan(0);
    expect(valueOf(samples, 'hub_graphql_errors_total', { code: 'BAD_USER_INPUT', tenant_kind: 'PROVINCE' })).toBe(1);
    expect(valueOf(samples, 'hub_rate_limited_requests_total', { tenant_kind: 'MINISTRY' })).toBe(2);
    const httpErrors = 'hub_http_errors_total';
    expect(valueOf(samples, httpErrors, { code: 'RATE_LIMITED', route: '/graphql', tenant_kind: 'MINISTRY' })).toBe(2);
    expect(valueOf(samples, httpErrors, { code: 'UNAUTHENTICATED', route: '/graphql', tenant_kind: 'none' })).toBe(1);
    // The validation error was answered by GraphQL: counted there, not twice.
    expect(valueOf(samples, httpErrors, { code: 'BAD_USER_INPUT' })).toBe(0);
    expect(valueOf(samples, 'hub_db_pool_max_connections')).toBe(5);
    expect(
      samplesOf(samples, 'hub_db_pool_connections')
        .map((s) => s.labels.state)
        .sort(),
    ).toEqual(['free', 'pending', 'used']);
    expect(valueOf(samples, 'hub_db_pool_connections', { state: 'free' }) + valueOf(samples, 'hub_db_pool_connections', { state: 'used' })).toBeGreaterThan(0);
    expect(valueOf(samples, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(samplesOf(samples, 'nodejs_heap_size_used_bytes')).toHaveLength(1);

    // Nothing personal and no tenant: ID numbers, names, registry numbers, tenant codes, the raw operation name.
    for (const h of households) {
      expect(text).not.toContain(h.registryNo as string);
      for (const m of h.members) {
        expect(text).not.toContain(m.idNumber as string);
        expect(text).not.toContain(m.name as string);
      }
    }
    for (const code of ['P52', 'MCA', 'LGOP']) expect(text).not.toMatch(standalone(code));
  });

  it('labels requests by route pattern, not by the raw URL', async () => {
    await fetch(`${hub.url}/batches/4b1c7c1e-2a4f-4d55-9a55-0d4f0b6e2a11/records`, { method: 'PUT' });
    await fetch(`${hub.url}/no/such/path/520102197001010013`);
    const text = await scrape();
    expect(text).not.toContain('4b1c7c1e');
    expect(text).not.toContain('520102197001010013');
    const routes = samplesOf(parseSamples(text), 'hub_http_request_duration_seconds_count').map((s) => s.labels.route);
    expect(routes).toContain('/batches/:id/records');
    expect(routes).toContain('unmatched');
  });
});

describe('GET /metrics with METRICS_TOKEN', () => {
  it('asks for the bearer token when one is configured', async () => {
    const app = express().use(metricsRoute(new Registry(), 'scrape-token-0123456789'));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
    try {
      expect((await fetch(url)).status).toBe(401);
      expect((await fetch(url, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
      expect((await fetch(url, { headers: { authorization: 'Bearer scrape-token-0123456789' } })).status).toBe(200);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});

describe('metrics of the worker (its own /metrics, /healthz, /readyz)', () => {
  let hub: TestHub;
  let worker: WorkerProcess;
  let workerUrl: string;
  let lock: Client | undefined;

  beforeAll(async () => {
    hub = await startTestHub();
    await plantRegistry(hub);
    worker = startWorkerProcess({ databaseUrl: hub.db.url, redisUrl: hub.redisUrl, queuePrefix: hub.queuePrefix });
    const port = await worker
      .ready()
      .then(() => /"msg":"worker HTTP listening"[^\n]*"port":(\d+)|"port":(\d+)[^\n]*"msg":"worker HTTP listening"/.exec(worker.output()));
    workerUrl = `http://127.0.0.1:${port?.[1] ?? port?.[2]}`;
  });
  afterAll(async () => {
    await lock?.end().catch(() => undefined);
    await worker?.kill('SIGTERM');
    await hub.close();
  });

  const scrape = async () => {
    const res = await fetch(`${workerUrl}/metrics`);
    expect(res.status).toBe(200);
    return parseSamples(await res.text());
  };

  it('answers /healthz and /readyz', async () => {
    expect((await fetch(`${workerUrl}/healthz`)).status).toBe(200);
    const ready = await fetch(`${workerUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', database: 'ok', redis: 'ok' });
  });

  it('times a reconciled batch and its records per second, and counts the queue’s jobs by state', async () => {
    const members = [householdInput('52', 1), householdInput('52', 3)].flatMap((h) => h.members);
    const records = members.map((m) => ({ idNumber: m.idNumber, name: m.name, attributes: { enrolled: true } }));
    const submitted = await hub.gql<{ submitSectorBatch: { id: string } }>('MOE', SUBMIT, {
      key: 'metrics-batch',
      sector: 'EDUCATION',
      period: '2020',
      records,
    });
    const id = submitted.body.data!.submitSectorBatch.id;
    await waitFor('the batch to be reconciled', async () => {
      const batch = await hub.gql<{ sectorBatch: { status: string } }>('MOE', BATCH, { id });
      return batch.body.data?.sectorBatch.status === 'COMPLETED';
    });
    const samples = await waitFor('the records of the batch to be counted', async () => {
      const s = await scrape();
      return valueOf(s, 'hub_job_records_total', { job: 'reconciliation' }) > 0 && s;
    });
    expect(valueOf(samples, 'hub_job_records_total', { job: 'reconciliation' })).toBe(records.length);
    expect(valueOf(samples, 'hub_job_duration_seconds_count', { job: 'reconciliation', outcome: 'completed' })).toBe(1);
    expect(valueOf(samples, 'hub_job_duration_seconds_sum', { job: 'reconciliation', outcome: 'completed' })).toBeGreaterThan(0);
    expect(valueOf(samples, 'hub_job_records_per_second_count', { job: 'reconciliation' })).toBe(1);
    expect(valueOf(samples, 'hub_queue_jobs', { queue: 'reconciliation', state: 'completed' })).toBe(1);
    expect(valueOf(samples, 'hub_queue_jobs', { queue: 'reconciliation', state: 'waiting' })).toBe(0);
    const queues = new Set(samplesOf(samples, 'hub_queue_jobs').map((s) => s.labels.queue));
    expect([...queues].sort()).toEqual(['data-quality', 'fund-supervision', 'maintenance', 'reconciliation', 'webhook-delivery']);
    expect(valueOf(samples, 'hub_db_pool_max_connections')).toBe(4);
    expect(valueOf(samples, 'hub_metrics_collect_failures_total')).toBe(0);
    expect(samplesOf(samples, 'process_resident_memory_bytes')).toHaveLength(1);
  });

  it('times a data-quality run over the households of its scope', async () => {
    const run = await hub.gql<{ runDataQualityCheck: { id: string } }>('P52', 'mutation { runDataQualityCheck { id } }');
    expect(run.body.errors).toBeUndefined();
    const samples = await waitFor('the data-quality run to be counted', async () => {
      const s = await scrape();
      return valueOf(s, 'hub_job_records_total', { job: 'data_quality' }) > 0 && s;
    });
    // plantRegistry's three households of P52, the run's province, for each run (the hourly scheduled check may add one).
    const runs = valueOf(samples, 'hub_job_duration_seconds_count', { job: 'data_quality', outcome: 'completed' });
    expect(runs).toBeGreaterThanOrEqual(1);
    expect(valueOf(samples, 'hub_job_records_total', { job: 'data_quality' })).toBe(3 * runs);
  });

  it('reports the outbox backlog and the audit chain’s link lag, and their ages', async () => {
    // A message of a topic no relay publishes, and an audit row written an hour ago while the seal is held off.
    await runSql(hub.db.orm.em.fork(), sql`insert into outbox (topic, aggregate_id, created_at) values ('metrics-test', 'x', now() - interval '10 minutes')`);
    lock = new Client({ connectionString: hub.db.url });
    await lock.connect();
    await lock.query('begin');
    await lock.query(`select pg_advisory_xact_lock(hashtextextended('audit-chain', 0))`);
    await runSql(
      hub.db.orm.em.fork(),
      sql`insert into audit_log (tenant_code, operation, created_at) values ('P52', 'metrics-test', now() - interval '1 hour')`,
    );
    const held = await scrape();
    expect(valueOf(held, 'hub_outbox_pending_rows')).toBe(1);
    expect(valueOf(held, 'hub_outbox_oldest_pending_age_seconds')).toBeGreaterThanOrEqual(600);
    expect(valueOf(held, 'hub_audit_chain_pending_rows')).toBeGreaterThanOrEqual(1);
    expect(valueOf(held, 'hub_audit_chain_oldest_pending_age_seconds')).toBeGreaterThanOrEqual(3600);
    await lock.query('commit');
    // The worker's seal (every 2 s) links the tail once the lock is free.
    await waitFor('the audit chain to be sealed', async () => valueOf(await scrape(), 'hub_audit_chain_pending_rows') === 0 || null);
    const sealed = await scrape();
    expect(valueOf(sealed, 'hub_audit_chain_oldest_pending_age_seconds')).toBe(0);
    // The lag is the worker's to read (through the owner's function); the API's role may not call it.
    const api = roleClient(hub.db.url, DbRole.API);
    await api.connect();
    await expect(api.query('select * from audit_chain_lag()')).rejects.toThrow(/permission denied/);
    await api.end();
    const worker = roleClient(hub.db.url, DbRole.WORKER);
    await worker.connect();
    expect((await worker.query('select unlinked::int from audit_chain_lag()')).rows).toEqual([{ unlinked: 0 }]);
    await worker.end();
    // Nothing of the registry or the tenants in the worker's scrape either.
    const text = await (await fetch(`${workerUrl}/metrics`)).text();
    for (const m of householdInput('52', 1).members) expect(text).not.toContain(m.idNumber as string);
    for (const code of ['P52', 'MOE', 'LGOP']) expect(text).not.toMatch(standalone(code));
  });
});
