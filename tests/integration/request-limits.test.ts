import { connect } from 'node:net';
import { plantRegistry } from '../support/reconcile-fixtures';
import { startTestHub, type TestHub } from '../support/test-hub';
import { waitFor } from '../support/wait-for';

const PAGE = `query($first: Int!) { households(first: $first) { edges { node { registryNo members { name idNumber } } } } }`;

async function post(hub: TestHub, body: unknown, who = 'LGOP') {
  const res = await fetch(`${hub.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await hub.token(who)}` },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return {
    status: res.status,
    headers: res.headers,
    body: (await res.json()) as { data?: unknown; errors?: Array<{ message: string; extensions: Record<string, unknown> }> },
  };
}

/**
 * Sends a request's head and only the first part of the body it announces, and
 * reads what comes back until the hub closes the connection.
 */
async function headOnly(
  hub: TestHub,
  head: string,
  firstPart: string,
): Promise<{ status: number; head: string; body: { errors?: Array<{ extensions: Record<string, unknown> }> } }> {
  const { hostname, port } = new URL(hub.url);
  const socket = connect(Number(port), hostname);
  let text = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (text += chunk));
  socket.write(head + firstPart);
  await new Promise<void>((resolve, reject) => {
    socket.once('end', resolve);
    socket.once('error', reject);
  });
  socket.destroy();
  const [responseHead, responseBody] = text.split('\r\n\r\n');
  return { status: Number(responseHead.split(' ')[1]), head: responseHead.toLowerCase(), body: JSON.parse(responseBody) as never };
}

const refusal = (r: Awaited<ReturnType<typeof post>>) => ({
  code: r.body.errors?.[0]?.extensions.code,
  limit: r.body.errors?.[0]?.extensions.limit,
  data: r.body.data,
});

describe('request limits, before execution', () => {
  let hub: TestHub;
  /** A hub whose cost limit ten aliased pages of 500 households cross. */
  let lowCost: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ production: true });
    lowCost = await startTestHub({ production: true, limits: { maxCost: 10_000 } });
    await plantRegistry(hub);
  });
  afterAll(() => Promise.all([hub.close(), lowCost.close()]));

  it('answers a normal page, and refuses more than 15 aliases with QUERY_TOO_COMPLEX', async () => {
    expect((await post(hub, { query: PAGE, variables: { first: 50 } })).body.errors).toBeUndefined();
    const aliases = Array.from({ length: 16 }, (_, i) => `a${i}: me { code }`).join(' ');
    expect(refusal(await post(hub, { query: `{ ${aliases} }` }))).toEqual({ code: 'QUERY_TOO_COMPLEX', limit: 'aliases', data: undefined });
    const fifteen = Array.from({ length: 15 }, (_, i) => `a${i}: me { code }`).join(' ');
    expect((await post(hub, { query: `{ ${fifteen} }` })).body.errors).toBeUndefined();
  });

  it('refuses more than 50 directives, 2,000 tokens and 15,000 characters', async () => {
    const directives = Array.from({ length: 51 }, () => '@include(if: true)').join(' ');
    expect(refusal(await post(hub, { query: `{ me ${directives} { code } }` }))).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'directives' });
    const tokens = `{ ${Array.from({ length: 700 }, () => 'me { code }').join(' ')} }`;
    expect(refusal(await post(hub, { query: tokens }))).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'tokens' });
    const long = await post(hub, { query: `{ me { code } } # ${'x'.repeat(15_000)}` });
    expect([long.status, refusal(long)]).toEqual([400, { code: 'QUERY_TOO_COMPLEX', limit: 'queryLength', data: undefined }]);
  });

  it('prices lists by their page size: 500 households with members pass, the same under 15 aliases does not', async () => {
    expect((await post(hub, { query: PAGE, variables: { first: 500 } })).body.errors).toBeUndefined();
    const heavy = Array.from(
      { length: 15 },
      (_, i) => `p${i}: households(first: 500) { edges { node { registryNo members { name idNumber sex birthDate } events { type } } } }`,
    ).join(' ');
    const r = await post(hub, { query: `{ ${heavy} }` });
    expect([r.status, refusal(r)]).toEqual([400, { code: 'QUERY_TOO_COMPLEX', limit: 'cost', data: undefined }]);
    expect(r.body.errors?.[0].message).toMatch(/would cost \d+; the limit is 100000/);
  });

  it('refuses ten aliased pages of 500 over a lower cost limit with HTTP 400, not 500', async () => {
    const pages = Array.from({ length: 10 }, (_, i) => `p${i}: households(first: 500) { edges { node { registryNo } } }`).join(' ');
    const r = await post(lowCost, { query: `{ ${pages} }` });
    expect([r.status, refusal(r)]).toEqual([400, { code: 'QUERY_TOO_COMPLEX', limit: 'cost', data: undefined }]);
  });

  it('refuses variables nested 20,000 deep with HTTP 400 BAD_USER_INPUT, used or not', async () => {
    const deep = (open: string, close: string) => open.repeat(20_000) + '1' + close.repeat(20_000);
    const unused = `{"query":"{ me { code } }","variables":{"deep":${deep('[', ']')}}}`;
    const json =
      `{"query":"mutation($r: [SectorRecordInput!]!) { submitSectorBatch(idempotencyKey: \\"k\\", sector: EDUCATION, period: \\"2020\\", records: $r) { id } }",` +
      `"variables":{"r":[{"idNumber":"11010519491231002X","name":"x","attributes":${deep('{"a":', '}')}}]}}`;
    for (const body of [unused, json]) {
      const r = await post(hub, body, 'MOE');
      expect([r.status, refusal(r).code, r.body.data]).toEqual([400, 'BAD_USER_INPUT', undefined]);
    }
  });

  it('refuses batched operations and bodies over 10 MB', async () => {
    const batch = await post(hub, [{ query: '{ me { code } }' }, { query: '{ me { code } }' }]);
    expect([batch.status, refusal(batch).code, refusal(batch).limit]).toEqual([400, 'QUERY_TOO_COMPLEX', 'batch']);
    const big = await post(hub, JSON.stringify({ query: '{ me { code } }', variables: { x: 'y'.repeat(10 * 1024 * 1024) } }));
    expect([big.status, refusal(big).code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
  });

  it('answers an anonymous /graphql request 401 before its 10 MB body is sent, and closes the connection', async () => {
    const head = `POST /graphql HTTP/1.1\r\nHost: hub\r\nContent-Type: application/json\r\nContent-Length: ${10 * 1024 * 1024}\r\n\r\n`;
    for (const auth of ['', 'Authorization: Bearer not-a-token\r\n']) {
      const r = await headOnly(
        hub,
        head.replace('Host: hub\r\n', `Host: hub\r\n${auth}`),
        `{"query":"{ me { code } }","variables":{"pad":"${'x'.repeat(1000)}`,
      );
      expect([r.status, r.body.errors?.[0].extensions.code]).toEqual([401, 'UNAUTHENTICATED']);
      expect(r.head).toMatch(/\r\nconnection: close\r\n/);
    }
  });

  it('answers an anonymous upload 401 before its body is sent, and closes the connection', async () => {
    const head = `PUT /batches/3f1c2b8e-0000-4000-8000-000000000000/records HTTP/1.1\r\nHost: hub\r\nContent-Type: application/x-ndjson\r\nContent-Length: ${100 * 1024 * 1024}\r\n\r\n`;
    const r = await headOnly(hub, head, '{"idNumber":"ID1","name":"a"}\n');
    expect([r.status, r.body.errors?.[0].extensions.code]).toEqual([401, 'UNAUTHENTICATED']);
    expect(r.head).toMatch(/\r\nconnection: close\r\n/);
  });

  it('gives no field suggestions and no introspection in production', async () => {
    const typo = await post(hub, { query: '{ househlds(first: 1) { edges { node { registryNo } } } }' });
    expect(typo.body.errors?.[0].message).not.toMatch(/Did you mean/);
    const intro = await post(hub, { query: '{ __schema { types { name } } }' });
    expect(intro.body.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});

describe('a lower depth limit from the config', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ limits: { maxDepth: 4 } });
  });
  afterAll(() => hub.close());

  it('refuses a query one level deeper than the limit, with its depth', async () => {
    expect((await post(hub, { query: '{ households(first: 1) { edges { node { registryNo } } } }' })).body.errors).toBeUndefined();
    const r = await post(hub, { query: '{ households(first: 1) { edges { node { members { name } } } } }' });
    expect(refusal(r)).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'depth' });
    expect(r.body.errors?.[0].message).toMatch(/depth limit of 4 exceeded, found 5/);
  });
});

describe('per-tenant rate limit', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ rateLimitPerMinute: 5 });
    // Counted in Redis once its connection is up; before that the in-process stand-in counts.
    await waitFor('Redis', async () => (await fetch(`${hub.url}/readyz`)).status === 200);
  });
  afterAll(() => hub.close());

  it('answers RATE_LIMITED with a retry time after the budget, and counts each tenant apart', async () => {
    for (let i = 0; i < 5; i++) expect((await post(hub, { query: '{ me { code } }' }, 'P52')).status).toBe(200);
    const limited = await post(hub, { query: '{ me { code } }' }, 'P52');
    expect(limited.status).toBe(429);
    expect(limited.body.errors?.[0].extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await post(hub, { query: '{ me { code } }' }, 'P53')).status).toBe(200);
  });
});
