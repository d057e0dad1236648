import type { HaCluster } from '../../src/embedded/ha/ha-cluster';
import { type ApiProcess, startApiProcess } from '../support/api-process';
import { haSkipReason, onNode, startTestPair } from '../support/ha-pair';
import { PUSH, householdInput } from '../support/push-fixtures';
import { TEST_SECRET } from '../support/test-hub';
import { TokenService } from '../../src/auth/token.service';
import { waitFor } from '../support/wait-for';
import { byHeader, csvRows } from '../support/export-client';
import { PUSH_PROJECTS, projectInput, projectNo } from '../support/project-fixtures';
import { SUBMIT } from '../support/reconcile-fixtures';
import { MATCHED } from '../support/sharing-fixtures';
import { openOrm } from '../../src/db/orm';
import { ReconciliationRunner } from '../../src/modules/reconciliation/reconciliation.runner';
import pino from 'pino';

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
    cluster = await startTestPair();
    api = await startApiProcess({
      databaseUrl: cluster.databaseUrl,
      redisUrl: `redis-sentinel://${cluster.sentinels}/${cluster.sentinelName}`,
      queuePrefix: 'ha-reads',
      // A standby whose replay the test pauses stays `up` (not lagging) meanwhile: what it serves is then the standby's own.
      extra: { DATABASE_READ_URL: cluster.readUrl, READ_LAG_MAX_SECONDS: '600' },
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

  const exportCsv = async (tenant: string, path: string) => {
    const res = await fetch(`${api.url}${path}`, { headers: { authorization: `Bearer ${await tokens.sign(tenant)}` } });
    const bytes = Buffer.from(await res.arrayBuffer());
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${bytes.toString('utf8')}`);
    return byHeader(csvRows(bytes));
  };
  const auditRows = async (tenant: string, operation: string) =>
    onNode<{ registry_nos: string[]; detail: Record<string, unknown> }>(
      (await cluster.primary())!.pgPort,
      `select registry_nos, detail from audit_log where tenant_code = '${tenant}' and operation = '${operation}' order by id`,
    );
  /** MOE's EDUCATION batch matching the children of `households`, reconciled here on the primary (no worker in this test). */
  const matchBatch = async (period: string, households: Array<ReturnType<typeof householdInput>>) => {
    const records = households.map((h) => ({ idNumber: h.members[2].idNumber, name: h.members[2].name, attributes: { enrolled: true } }));
    const res = await gql('MOE', SUBMIT, { key: `ha-moe-${period}`, sector: 'EDUCATION', period, records });
    expect(res.errors).toBeUndefined();
    const id = (res.data as { submitSectorBatch: { id: string } }).submitSectorBatch.id;
    return { id, run: () => reconcile(id) };
  };
  const reconcile = async (id: string) => {
    const orm = await openOrm({ databaseUrl: cluster.databaseUrl, dbPoolMax: 2, statementTimeoutMs: 60_000, sqlDebug: false });
    try {
      expect(await new ReconciliationRunner(orm, pino({ level: 'silent' })).run(id, { chunkSize: 3 })).toBe('completed');
    } finally {
      await orm.close(true);
    }
  };
  const onStandby = async (sql: string) => onNode<Record<string, unknown>>(await standbyPort(), sql);
  /** Patroni's maintenance mode, seen by the standby's Patroni: outside it, Patroni resumes a paused WAL replay within a loop. */
  const maintenance = async (pause: boolean) => {
    const res = await fetch(`${cluster.nodes[0].restUrl}/config`, { method: 'PATCH', body: JSON.stringify({ pause }) });
    expect(res.status).toBe(200);
    const standby = (await cluster.primary()) === cluster.nodes[0] ? cluster.nodes[1] : cluster.nodes[0];
    const seen = async () => ((await (await fetch(`${standby.restUrl}/patroni`)).json()) as { pause?: boolean }).pause === true;
    await waitFor(`the standby's Patroni to see maintenance ${pause ? 'on' : 'off'}`, async () => (await seen()) === pause, 15_000);
  };

  it('while the standby’s replay is paused: pages and exports show the standby’s rows, audited on the primary; a tenant that just wrote exports it', async () => {
    const [h1, h2, h3] = [11, 12, 13].map((n) => householdInput('52', n));
    expect((await gql('P52', PUSH, { key: 'ha-read-matches', households: [h1, h2, h3] })).errors).toBeUndefined();
    const first = await matchBatch('2020', [h1, h2]);
    await first.run();
    // The second batch is submitted (and replayed) before the pause and completes on the primary only.
    const second = await matchBatch('2021', [h3]);
    // Everything written so far (MOE's submit included, whose read-your-writes position is the primary's WAL after it) replayed first.
    const [{ lsn }] = await onNode<{ lsn: string }>((await cluster.primary())!.pgPort, 'select pg_current_wal_lsn()::text as lsn');
    const replayed = async () => (await onStandby(`select 1 where pg_last_wal_replay_lsn() >= '${lsn}'::pg_lsn`)).length === 1;
    await waitFor('the standby to replay the primary’s writes', replayed, 15_000);
    await maintenance(true);
    await onStandby('select pg_wal_replay_pause()');
    try {
      await second.run();
      const onPrimary = await onNode<{ n: string }>(
        (await cluster.primary())!.pgPort,
        `select count(*)::text as n from batch_matches where batch_id = '${second.id}'`,
      );
      expect(onPrimary[0].n).toBe('1');
      const standbyHas = [h1.registryNo, h2.registryNo].sort();

      // MOE's policy hides registry numbers: its page (the standby's: two households, not three) answers none, yet the primary's audit row names both.
      const page = await gql('MOE', MATCHED, { sector: 'EDUCATION', first: 50 });
      expect(page.errors).toBeUndefined();
      const edges = (page.data as { matchedHouseholds: { edges: Array<{ node: { household: { registryNo: string | null } } }> } }).matchedHouseholds.edges;
      expect(edges.map((e) => e.node.household.registryNo)).toEqual([null, null]);
      const moeAudit = await auditRows('MOE', 'matchedHouseholds');
      expect(moeAudit).toHaveLength(1);
      expect([...moeAudit[0].registry_nos].sort()).toEqual(standbyHas);

      // LGOP's export streams the standby's rows (its scans), and its audit row on the primary names exactly those households.
      const standby = await standbyPort();
      const before = await scansOn(standby);
      const file = await exportCsv('LGOP', '/exports/matched-households?sector=EDUCATION');
      expect([...new Set(file.map((r) => r.registryNo))].sort()).toEqual(standbyHas);
      await waitFor('the standby to count the export’s scans', async () => (await scansOn(standby)) > before, 15_000);
      const exported = (await auditRows('LGOP', 'matchedHouseholds')).filter((a) => a.detail.export === 'csv');
      expect(exported).toHaveLength(1);
      expect([...exported[0].registry_nos].sort()).toEqual(standbyHas);

      // Read-your-writes: P53's project is not on the paused standby, yet P53's export right after its push has it; LGOP's does not yet.
      const pushed = await gql('P53', PUSH_PROJECTS, { key: 'ha-read-project', projects: [projectInput('53', 1)] });
      expect(pushed.errors).toBeUndefined();
      expect((await exportCsv('P53', '/exports/projects')).map((r) => r.projectNo)).toContain(projectNo('53', 1));
      expect((await exportCsv('LGOP', '/exports/projects')).map((r) => r.projectNo)).not.toContain(projectNo('53', 1));
    } finally {
      await onStandby('select pg_wal_replay_resume()');
      await maintenance(false);
    }
    // Once replayed, the standby serves the third household and the project too.
    await waitFor(
      'the standby to serve the new project',
      async () => (await exportCsv('LGOP', '/exports/projects')).some((r) => r.projectNo === projectNo('53', 1)),
      15_000,
    );
    expect((await exportCsv('LGOP', '/exports/matched-households?sector=EDUCATION')).map((r) => r.registryNo)).toContain(h3.registryNo);
  }, 90_000);

  it('sends reads to the primary while the standby is down, and /readyz says so', async () => {
    const standbyNode = (await cluster.primary()) === cluster.nodes[0] ? cluster.nodes[1] : cluster.nodes[0];
    await standbyNode.stop();
    await waitFor('readyz to report the standby down', async () => (await readyz()).standby === 'down', 20_000);
    const ready = await readyz();
    expect(ready.status).toBe('ready');
    const page = await gql('P52', `{ households(first: 5) { edges { node { registryNo } } } }`);
    expect(page.errors).toBeUndefined();
    expect(JSON.stringify(page.data)).toContain(householdInput('52', 1).registryNo as string);
    // An export too: from the primary, whole.
    expect((await exportCsv('LGOP', '/exports/matched-households?sector=EDUCATION')).map((r) => r.registryNo)).toContain(householdInput('52', 13).registryNo);
    standbyNode.start();
    await waitFor('the standby back', async () => (await readyz()).standby === 'up', 90_000);
  }, 150_000);
});
