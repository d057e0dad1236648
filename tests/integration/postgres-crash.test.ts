import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type PostgresProcess, startPostgresProcess } from '../support/postgres-process';
import { PUSH, householdInput } from '../support/push-fixtures';
import { startTestHub, type TestHub } from '../support/test-hub';
import { waitFor } from '../support/wait-for';

/**
 * PostgreSQL stopped the hard way (immediate shutdown, as a crash) in the
 * middle of a push. This file has a PostgreSQL server of its own, so the
 * stop touches no other test.
 */
describe('PostgreSQL crashes mid-push', () => {
  // Below Linux's ephemeral range (32768-60999): a port in it can be taken by one of the suite's own client connections.
  const port = 25900 + (process.pid % 50);
  const dir = path.resolve(__dirname, `../../.data/test/pg-crash-${port}`);
  let pg: PostgresProcess;
  let hub: TestHub;
  const sql = <T = Record<string, unknown>>(q: string) => hub.db.orm.em.fork().getConnection().execute<T[]>(q);

  beforeAll(async () => {
    pg = await startPostgresProcess(dir, port);
    hub = await startTestHub({ adminDatabaseUrl: pg.url, production: true });
  }, 60_000);
  afterAll(async () => {
    await hub.close();
    await pg.stop();
  });

  /** SIGQUIT to the postmaster: PostgreSQL's immediate shutdown, no checkpoint, crash recovery on the next start. */
  const crash = () => process.kill(Number(readFileSync(path.join(dir, 'postmaster.pid'), 'utf8').split('\n')[0]), 'SIGQUIT');

  it('fails the push cleanly, recovers when PostgreSQL is back, and leaves the push all there or not there at all', async () => {
    const households = Array.from({ length: 300 }, (_, i) => householdInput('52', i + 1));
    const pushing = hub.gql('P52', PUSH, { key: 'during-crash', households });
    await new Promise((r) => setTimeout(r, 60));
    crash();
    const res = await pushing;
    const data = res.body.data as { pushHouseholds?: { created: number } } | undefined;
    // Either PostgreSQL committed before it died, or the client got a masked error: never a stack or SQL.
    if (res.body.errors) {
      expect(res.body.errors[0].extensions).toMatchObject({ code: 'INTERNAL', requestId: expect.any(String) });
      expect(JSON.stringify(res.body)).not.toMatch(/insert into|ECONNRESET|terminating connection/i);
    } else {
      expect(data?.pushHouseholds?.created).toBe(300);
    }

    await pg.stop();
    pg = await startPostgresProcess(dir, port);
    const page = await waitFor(
      'the hub to answer again',
      async () => {
        const r = await hub.gql<{ households: { edges: unknown[] } }>('P52', '{ households(first: 1) { edges { node { registryNo } } } }');
        return r.body.data ? r : undefined;
      },
      30_000,
    );
    expect(page.status).toBe(200);

    const [counts] = await sql<{ households: number; members: number; events: number; audits: number }>(
      `select (select count(*)::int from households) as households, (select count(*)::int from members) as members,
         (select count(*)::int from household_events) as events, (select count(*)::int from audit_log where operation = 'pushHouseholds') as audits`,
    );
    expect([
      { households: 0, members: 0, events: 0, audits: 0 },
      { households: 300, members: 900, events: 300, audits: 1 },
    ]).toContainEqual(counts);

    // The same key again: done once whatever happened before.
    const again = await hub.gql<{ pushHouseholds: { created: number; unchanged: number } }>('P52', PUSH, { key: 'during-crash', households });
    expect(again.body.errors).toBeUndefined();
    const [after] = await sql<{ households: number; members: number }>(
      `select (select count(*)::int from households) as households, (select count(*)::int from members) as members`,
    );
    expect(after).toEqual({ households: 300, members: 900 });
  }, 90_000);
});
