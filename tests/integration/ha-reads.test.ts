import type { HaCluster } from '../../src/embedded/ha/ha-cluster';
import { Client } from 'pg';
import { type ApiProcess, startApiProcess } from '../support/api-process';
import { HA_SLOT, haSkipReason, onNode, startTestPair } from '../support/ha-pair';
import { PUSH, householdInput } from '../support/push-fixtures';
import { TEST_SECRET } from '../support/test-hub';
import { TokenService } from '../../src/auth/token.service';
import { waitFor } from '../support/wait-for';

const skip = haSkipReason();
if (skip) console.warn(skip);
const describeHa = skip ? describe.skip : describe;

interface Readyz {
  status: string;
  standby?: string;
  nodes?: {
    database: Array<{ node: string; role: string; state: string; lagSeconds: number | null }>;
    redis: Array<{ node: string; role: string; state: string }>;
    sentinels: string;
  };
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
// The API's READ_YOUR_WRITES_MS (its default): after it, a tenant's reads follow the standby's state alone.
const READ_YOUR_WRITES_MS = 5_000;

/** Queries on the standby of a Patroni pair, their audit on the primary, and the fallback when the standby is down. */
describeHa('reads on the standby of the HA pair', () => {
  let cluster: HaCluster;
  let api: ApiProcess;
  const tokens = new TokenService({ tokenSecret: TEST_SECRET, tokenTtlSeconds: 600 });
  const gql = async (tenant: string, query: string, variables?: Record<string, unknown>) => {
    const res = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokens.sign(tenant)}` },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as { data?: Record<string, unknown>; errors?: Array<{ extensions?: { code?: string } }> };
  };
  const readyz = async () => (await (await fetch(`${api.url}/readyz`)).json()) as Readyz;
  const ports = () => cluster.nodes.map((n) => n.pgPort);
  const standbyPort = async () => ((await cluster.primary()) === cluster.nodes[0] ? ports()[1] : ports()[0]);
  // Scans of the households table on one node: only the registry's reads touch it (not the router's lag checks).
  const scansOn = async (port: number) =>
    Number(
      (
        await onNode<{ n: string }>(
          port,
          `select (coalesce(seq_scan, 0) + coalesce(idx_scan, 0))::text as n from pg_stat_user_tables where relname = 'households'`,
        )
      )[0].n,
    );

  beforeAll(async () => {
    cluster = await startTestPair(HA_SLOT.reads);
    api = await startApiProcess({
      databaseUrl: cluster.databaseUrl,
      redisUrl: `redis-sentinel://${cluster.sentinels}/${cluster.sentinelName}`,
      queuePrefix: 'ha-reads',
      extra: { DATABASE_READ_URL: cluster.readUrl },
    });
    await waitFor('the standby to serve reads', async () => (await readyz()).standby === 'up', 20_000);
  }, 240_000);
  afterAll(async () => {
    await api?.stop('SIGTERM');
    await cluster?.stop();
  }, 120_000);

  it('answers queries from the standby, reads a tenant its own write at once, and audits the read on the primary', async () => {
    const pushed = await gql('P52', PUSH, { key: 'ha-read-1', households: [householdInput('52', 1)] });
    expect(pushed.errors).toBeUndefined();
    const standby = await standbyPort();
    const before = await scansOn(standby);
    const page = await gql('P52', `{ households(first: 5) { edges { node { registryNo members { name } } } } }`);
    expect(page.errors).toBeUndefined();
    expect(JSON.stringify(page.data)).toContain(householdInput('52', 1).registryNo as string);
    for (let i = 0; i < 5; i++) await gql('P52', `{ households(first: 5) { edges { node { registryNo } } } }`);
    // A node's statistics count its own scans (flushed within a second or so): the pages were read on the standby.
    await waitFor('the standby to count the pages’ scans', async () => (await scansOn(standby)) - before >= 6, 15_000);
    const primary = (await cluster.primary())!.pgPort;
    const audited = await onNode<{ n: string }>(primary, `select count(*)::text as n from audit_log where operation = 'households' and tenant_code = 'P52'`);
    expect(Number(audited[0].n)).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it('keeps row-level security on the standby: a province sees none of another province’s households', async () => {
    const page = await gql('P53', `{ households(first: 50) { edges { node { registryNo } } } }`);
    expect(page.errors).toBeUndefined();
    expect(JSON.stringify(page.data)).not.toContain(householdInput('52', 1).registryNo as string);
  }, 30_000);

  it('sends reads to the primary while the standby lags past READ_LAG_MAX_SECONDS (5 s), and back to the standby once it caught up', async () => {
    const standby = await standbyPort();
    const household = householdInput('52', 2);
    const registryNo = household.registryNo as string;
    const page = async () => JSON.stringify((await gql('P52', `{ households(first: 50) { edges { node { registryNo } } } }`)).data);
    // Patroni resumes a paused replay within seconds, so the standby is held back as a busy one is: a query of
    // its own holds a lock that the primary's ACCESS EXCLUSIVE lock must take there, and replay waits behind it
    // (up to max_standby_streaming_delay, 30 s).
    const primary = (await cluster.primary())!.pgPort;
    await onNode(primary, 'create table if not exists ha_lag_probe (x int)');
    await waitFor(
      'the probe table on the standby',
      async () => (await onNode<{ t: string | null }>(standby, `select to_regclass('ha_lag_probe')::text as t`))[0].t !== null,
      10_000,
    );
    const reader = new Client({ connectionString: `postgres://postgres:postgres@127.0.0.1:${standby}/hub` });
    await reader.connect();
    try {
      await reader.query('begin; select count(*) from ha_lag_probe');
      await onNode(primary, 'begin; lock table ha_lag_probe in access exclusive mode; commit');
      // Acknowledged: synchronous replication waits for the standby's flush, not its replay.
      expect((await gql('P52', PUSH, { key: 'ha-read-lag', households: [household] })).errors).toBeUndefined();
      const wrote = Date.now();
      await waitFor('readyz to report the standby lagging', async () => (await readyz()).standby === 'lagging', 20_000);
      expect((await readyz()).status).toBe('ready');
      // Past read-your-writes, only the lag sends P52's reads to the primary; the standby has not replayed the push.
      await sleep(Math.max(0, wrote + READ_YOUR_WRITES_MS + 500 - Date.now()));
      expect(await onNode(standby, `select 1 from households where registry_no = '${registryNo}'`)).toHaveLength(0);
      for (let i = 0; i < 3; i++) expect(await page()).toContain(registryNo);
    } finally {
      await reader.end();
    }
    await waitFor('readyz to report the standby caught up', async () => (await readyz()).standby === 'up', 30_000);
    const before = await scansOn(standby);
    for (let i = 0; i < 3; i++) expect(await page()).toContain(registryNo);
    await waitFor('the standby to count the pages’ scans again', async () => (await scansOn(standby)) - before >= 3, 15_000);
  }, 90_000);

  it('sends reads to the primary while the standby is down, and /readyz says so', async () => {
    const primaryNode = (await cluster.primary())!;
    const standbyNode = primaryNode === cluster.nodes[0] ? cluster.nodes[1] : cluster.nodes[0];
    const at = (port: number) => `127.0.0.1:${port}`;
    const [redisMaster, redisReplica] = cluster.redis.servers;
    expect((await readyz()).nodes).toEqual({
      database: expect.arrayContaining([
        { node: at(primaryNode.pgPort), role: 'primary', state: 'up', lagSeconds: null },
        { node: at(standbyNode.pgPort), role: 'standby', state: 'up', lagSeconds: expect.any(Number) },
      ]),
      redis: [
        { node: at(redisMaster.port), role: 'master', state: 'up' },
        { node: at(redisReplica.port), role: 'replica', state: 'up' },
      ],
      sentinels: 'up',
    });
    await standbyNode.stop();
    redisReplica.child!.kill('SIGKILL');
    await waitFor('readyz to report the standby down', async () => (await readyz()).standby === 'down', 20_000);
    // Sentinel holds a server down after its down-after-milliseconds (2 s).
    await waitFor('readyz to list the killed nodes down', async () => (await readyz()).nodes?.redis[1]?.state === 'down', 20_000);
    const ready = await readyz();
    expect(ready.status).toBe('ready');
    expect(ready.nodes?.database).toEqual(
      expect.arrayContaining([
        { node: at(primaryNode.pgPort), role: 'primary', state: 'up', lagSeconds: null },
        { node: at(standbyNode.pgPort), role: 'standby', state: 'down', lagSeconds: null },
      ]),
    );
    expect(ready.nodes?.redis).toEqual([
      { node: at(redisMaster.port), role: 'master', state: 'up' },
      { node: at(redisReplica.port), role: 'replica', state: 'down' },
    ]);
    // Where the nodes listen and what they are: no user, password or URL.
    expect(JSON.stringify(ready)).not.toMatch(/@|postgres:|password/i);
    redisReplica.run();
    const page = await gql('P52', `{ households(first: 5) { edges { node { registryNo } } } }`);
    expect(page.errors).toBeUndefined();
    expect(JSON.stringify(page.data)).toContain(householdInput('52', 1).registryNo as string);
    standbyNode.start();
    await waitFor('the standby back', async () => (await readyz()).standby === 'up', 90_000);
  }, 150_000);
});
