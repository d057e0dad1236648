import type { AddressInfo } from 'node:net';
import express from 'express';
import { Registry } from 'prom-client';
import { metricsRoute } from '../../src/http/metrics.routes';
import { PUSH, householdInput } from '../support/push-fixtures';
import { parseSamples, samplesOf, valueOf } from '../support/prometheus-text';
import { startTestHub, type TestHub } from '../support/test-hub';
import { waitFor } from '../support/wait-for';

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
