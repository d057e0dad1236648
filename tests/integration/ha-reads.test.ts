import type { HaCluster } from '../../src/embedded/ha/ha-cluster';
import { type ApiProcess, startApiProcess } from '../support/api-process';
import { HA_SLOT, haSkipReason, onNode, startTestPair } from '../support/ha-pair';
import { PUSH, householdInput } from '../support/push-fixtures';
import { TEST_SECRET } from '../support/test-hub';
import { TokenService } from '../../src/auth/token.service';
import { waitFor } from '../support/wait-for';

const skip = haSkipReason();
if (skip) console.warn(skip);
const describeHa = skip ? describe.skip : describe;

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
  const readyz = async () => (await (await fetch(`${api.url}/readyz`)).json()) as { status: string; standby?: string };
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

  it('sends reads to the primary while the standby is down, and /readyz says so', async () => {
    const standbyNode = (await cluster.primary()) === cluster.nodes[0] ? cluster.nodes[1] : cluster.nodes[0];
    await standbyNode.stop();
    await waitFor('readyz to report the standby down', async () => (await readyz()).standby === 'down', 20_000);
    const ready = await readyz();
    expect(ready.status).toBe('ready');
    const page = await gql('P52', `{ households(first: 5) { edges { node { registryNo } } } }`);
    expect(page.errors).toBeUndefined();
    expect(JSON.stringify(page.data)).toContain(householdInput('52', 1).registryNo as string);
    standbyNode.start();
    await waitFor('the standby back', async () => (await readyz()).standby === 'up', 90_000);
  }, 150_000);
});
