import { request } from 'node:http';
import { insertHouseholds, makeHouseholds } from '../support/registry-fixtures';
import { type ApiProcess, startApiProcess } from '../support/api-process';
import { startTestHub, type TestHub } from '../support/test-hub';

const PAGE = `{ households(first: 200) { edges { node { registryNo members { name idNumber birthDate } } } } }`;

describe('the API process stopped with SIGTERM under load', () => {
  let hub: TestHub;
  let api: ApiProcess | undefined;
  beforeAll(async () => {
    hub = await startTestHub();
    await insertHouseholds(hub.db.orm, makeHouseholds('52', 800));
  });
  afterAll(async () => {
    await api?.stop('SIGKILL');
    await hub.close();
  });

  it('finishes every request in flight, then exits 0', async () => {
    api = await startApiProcess({ databaseUrl: hub.db.url, redisUrl: hub.redisUrl, queuePrefix: hub.queuePrefix, dbPoolMax: 1 });
    const token = await hub.token('P52');
    // Plain http.request, one connection each, written at once: the requests are on the server's side
    // of the wire when the signal comes (a client-side pool could still be holding some back). With one
    // database connection they queue inside the process, so most are still in flight when the drain begins.
    const send = () =>
      new Promise<{ status: number; households: number | undefined }>((resolve, reject) => {
        const req = request(
          `${api!.url}/graphql`,
          { method: 'POST', agent: false, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` } },
          (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (d: string) => (text += d));
            res.on('end', () =>
              resolve({
                status: res.statusCode ?? 0,
                households: (JSON.parse(text) as { data?: { households: { edges: unknown[] } } }).data?.households.edges.length,
              }),
            );
          },
        );
        req.on('error', reject);
        req.end(JSON.stringify({ query: PAGE }));
      });
    const inFlight = Array.from({ length: 36 }, send);
    await new Promise((r) => setTimeout(r, 150));
    const exited = api.stop('SIGTERM');
    const answers = await Promise.all(inFlight);
    expect(answers).toEqual(Array.from({ length: 36 }, () => ({ status: 200, households: 200 })));
    expect(await exited).toBe(0);
    expect(api.output()).toMatch(/"signal":"SIGTERM","msg":"stopping"/);
  });
});
