import { startTestHub, type TestHub } from '../support/test-hub';

type ErrorBody = { errors: Array<{ extensions: { code: string } }> };

describe('health and error masking', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ production: true });
  });
  afterAll(() => hub.close());

  it('reports liveness and readiness', async () => {
    expect((await fetch(`${hub.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${hub.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', database: 'ok', redis: 'ok' });
  });

  it('answers /readyz 503 when Redis is unreachable', async () => {
    hub.redis.disconnect();
    const res = await fetch(`${hub.url}/readyz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: 'unavailable', redis: 'down', database: 'ok' });
    await hub.redis.connect();
    expect((await fetch(`${hub.url}/readyz`)).status).toBe(200);
  });

  it('masks an unexpected failure as INTERNAL with a request id, no SQL, no stack', async () => {
    // Break the database under the API: the query fails with a PostgreSQL error mentioning the table.
    await hub.db.orm.em.getConnection().execute('alter table households rename to households_gone');
    try {
      const res = await hub.gql('LGOP', '{ households(first: 1) { edges { cursor } } }');
      const err = res.body.errors![0];
      expect(err.extensions?.code).toBe('INTERNAL');
      expect(err.extensions?.requestId).toMatch(/^test-/);
      const text = JSON.stringify(res.body);
      expect(text).not.toMatch(/households_gone|select|relation|stacktrace|at /i);
    } finally {
      await hub.db.orm.em.getConnection().execute('alter table households_gone rename to households');
    }
  });

  it('hides the schema in production: no introspection, no suggestions', async () => {
    const intro = await hub.gql('LGOP', '{ __schema { types { name } } }');
    expect(intro.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const typo = await hub.gql('LGOP', '{ houshold(registryNo: "1") { registryNo } }');
    expect(typo.body.errors?.[0].message).not.toMatch(/Did you mean/);
  });

  it('answers a malformed body with BAD_USER_INPUT, and an oversized one with PAYLOAD_TOO_LARGE', async () => {
    const auth = { authorization: `Bearer ${await hub.token('LGOP')}`, 'content-type': 'application/json' };
    const bad = await fetch(`${hub.url}/graphql`, { method: 'POST', headers: auth, body: '{"query": ' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ErrorBody).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const big = await fetch(`${hub.url}/graphql`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ query: '{ me { code } }', variables: { pad: 'x'.repeat(11 * 1024 * 1024) } }),
    });
    expect(big.status).toBe(413);
    expect(((await big.json()) as ErrorBody).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });
});
