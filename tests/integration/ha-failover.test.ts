import type { HaCluster } from '../../src/embedded/ha/ha-cluster';
import { TokenService } from '../../src/auth/token.service';
import { type ApiProcess, startApiProcess } from '../support/api-process';
import { haSkipReason, onNode, startTestPair } from '../support/ha-pair';
import { PUSH, householdInput } from '../support/push-fixtures';
import { TEST_SECRET } from '../support/test-hub';
import { waitFor } from '../support/wait-for';

const skip = haSkipReason();
if (skip) console.warn(skip);
const describeHa = skip ? describe.skip : describe;

/** kill -9 of the primary node (PostgreSQL and its Patroni) during pushes from three provinces. */
describeHa('failover of the PostgreSQL primary', () => {
  let cluster: HaCluster;
  let api: ApiProcess;
  const tokens = new TokenService({ tokenSecret: TEST_SECRET, tokenTtlSeconds: 600 });
  const gql = async (tenant: string, query: string, variables?: Record<string, unknown>) => {
    const res = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokens.sign(tenant)}` },
      body: JSON.stringify({ query, variables }),
    }).catch(() => null);
    return res ? ((await res.json()) as { data?: { pushHouseholds?: { created: number } }; errors?: Array<{ extensions?: { code?: string } }> }) : null;
  };

  beforeAll(async () => {
    cluster = await startTestPair();
    api = await startApiProcess({
      databaseUrl: cluster.databaseUrl,
      redisUrl: `redis-sentinel://${cluster.sentinels}/${cluster.sentinelName}`,
      queuePrefix: 'ha-failover',
    });
  }, 240_000);
  afterAll(async () => {
    await api?.stop('SIGTERM');
    await cluster?.stop();
  }, 120_000);

  it('keeps every acknowledged push, half-writes none, and answers again within 30 s', async () => {
    const acknowledged = new Map<string, number>();
    const codes = new Set<string>();
    let killedAt = 0;
    let stop = false;
    const pushes = async (p: string) => {
      for (let n = 1; !stop; n++) {
        const households = Array.from({ length: 20 }, (_, i) => householdInput(p, n * 20 + i));
        const res = await gql(`P${p}`, PUSH, { key: `ha-${p}-${n}`, households });
        if (res?.data?.pushHouseholds) for (const h of households) acknowledged.set(h.registryNo as string, h.members.length);
        for (const e of res?.errors ?? []) codes.add(e.extensions?.code ?? 'none');
        if (!res?.data) await new Promise((r) => setTimeout(r, 200));
      }
    };
    const running = ['52', '53', '45'].map(pushes);
    await new Promise((r) => setTimeout(r, 3_000));
    const old = (await cluster.primary())!;
    await old.kill();
    killedAt = Date.now();
    await waitFor(
      'a push to succeed on the new primary',
      async () => (await gql('P52', PUSH, { key: `ha-after-${Date.now()}`, households: [householdInput('52', 9999)] }))?.data?.pushHouseholds,
      60_000,
    );
    const window = Date.now() - killedAt;
    stop = true;
    await Promise.all(running);
    expect(window).toBeLessThan(30_000);
    const primary = (await cluster.primary())!;
    expect(primary).not.toBe(old);
    // Failed requests carry a contract code, never a stack: INTERNAL while the pair fails over.
    expect([...codes].every((c) => ['INTERNAL'].includes(c))).toBe(true);
    const rows = await onNode<{ registry_no: string; members: string }>(
      primary.pgPort,
      `select h.registry_no, count(m.id)::text as members from households h left join members m on m.household_id = h.id group by h.registry_no`,
    );
    const onPrimary = new Map(rows.map((r) => [r.registry_no, Number(r.members)]));
    for (const [registryNo, members] of acknowledged) expect(onPrimary.get(registryNo)).toBe(members);
    // None half-written: every household there has all of its members.
    for (const [, members] of onPrimary) expect(members).toBe(3);
    expect(acknowledged.size).toBeGreaterThan(0);
  }, 180_000);
});
