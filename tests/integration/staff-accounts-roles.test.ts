import { parseUserArgs, runUserCommand } from '../../src/cli/user.command';
import { loadConfig } from '../../src/config/config';
import { runSql, sql } from '../../src/db/sql';
import { firstBrokenLink } from '../../src/modules/audit/audit-chain.repository';
import { sealAuditChain } from '../../src/modules/audit/audit-chain.repository';
import { StaffRole } from '../../src/modules/staff-accounts/staff-account.enums';
import { plantRegistry, submitAndRun } from '../support/reconcile-fixtures';
import { StaffBrowser, createStaffUser } from '../support/staff-session';
import { startTestHub, type TestHub } from '../support/test-hub';

type Person = { idNumber: string; name: string };
const LIST = `{ discrepancies(first: 50) { edges { node { id kind status } } } }`;
const RESOLVE = `mutation($id: ID!) { resolveDiscrepancy(id: $id, resolution: CONFIRMED) { id status resolvedBy } }`;
const AUDIT = `query { auditLog(filter: { operation: "resolveDiscrepancy" }, first: 10) { edges { node { tenantCode staffUsername operation idNumbers } } } }`;

/** What a person may do is their tenant's role cut by their own; the audit names them (console-interface.md). */
describe('staff accounts: roles over GraphQL, the audit names the person, the CLI', () => {
  let hub: TestHub;
  let reg: Awaited<ReturnType<typeof plantRegistry>>;
  beforeAll(async () => {
    hub = await startTestHub();
    reg = await plantRegistry(hub);
    await createStaffUser(hub.db.orm, 'P52', 'gz.clerk', StaffRole.CLERK);
    await createStaffUser(hub.db.orm, 'P52', 'gz.viewer', StaffRole.VIEWER);
    await createStaffUser(hub.db.orm, 'MOE', 'moe.analyst', StaffRole.VIEWER);
    await createStaffUser(hub.db.orm, 'LGOP', 'lgop.admin', StaffRole.ADMIN);
    const h1 = reg.h1.members as unknown as Person[];
    await submitAndRun(hub, 'NHFPC', 'HEALTH', [{ idNumber: h1[0].idNumber, name: h1[0].name, attributes: { insured: false, seriousIllness: true } }]);
  });
  afterAll(() => hub.close());

  const as = async (tenant: string, username: string) => {
    const b = new StaffBrowser(hub.url);
    expect((await b.login(tenant, username)).status).toBe(200);
    return b;
  };
  const openCase = async (b: StaffBrowser) =>
    (await b.gql<{ discrepancies: { edges: Array<{ node: { id: string; status: string } }> } }>(LIST)).body.data!.discrepancies.edges.find(
      (e) => e.node.status === 'OPEN',
    )!.node;

  it('lets a viewer read but not mutate (FORBIDDEN before anything runs)', async () => {
    const viewer = await as('P52', 'gz.viewer');
    const c = await openCase(viewer);
    const res = await viewer.gql(RESOLVE, { id: c.id });
    expect(res.status).toBe(403);
    expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'STAFF_ROLE' });
    expect(res.body.data).toBeUndefined();
    expect((await openCase(viewer)).id).toBe(c.id);
  });

  it('lets a clerk resolve a case with the cookie, and the audit log names the clerk as well as the tenant (the chain still verifies)', async () => {
    const clerk = await as('P52', 'gz.clerk');
    const c = await openCase(clerk);
    const res = await clerk.gql<{ resolveDiscrepancy: { status: string; resolvedBy: string } }>(RESOLVE, { id: c.id });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data?.resolveDiscrepancy).toMatchObject({ status: 'CONFIRMED', resolvedBy: 'P52' });
    const audit = await hub.gql<{ auditLog: { edges: Array<{ node: Record<string, unknown> }> } }>('LGOP', AUDIT);
    expect(audit.body.data?.auditLog.edges.map((e) => e.node)).toEqual([
      { tenantCode: 'P52', staffUsername: 'gz.clerk', operation: 'resolveDiscrepancy', idNumbers: [(reg.h1.members as unknown as Person[])[0].idNumber] },
    ]);
    // The clerk's reads are audited under their name too; a machine token's under none.
    await hub.gql('P52', LIST);
    const em = hub.db.orm.em.fork();
    const reads = await runSql<{ who: string | null }>(em, sql`select staff_username as who from audit_log where operation = 'discrepancies' order by id`);
    expect(reads.map((r) => r.who)).toEqual(expect.arrayContaining(['gz.viewer', 'gz.clerk', null]));
    // The person is part of the chained row (audit_row_text): rows with and without one seal and verify.
    await sealAuditChain(em);
    expect(await firstBrokenLink(em)).toBeUndefined();
  });

  it('refuses a clerk the mutations that need an admin', async () => {
    const clerk = await as('P52', 'gz.clerk');
    const res = await clerk.gql(`mutation { recordExit(registryNo: "520000", year: 2020, expectedVersion: 1) { registryNo } }`);
    expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'STAFF_ROLE' });
  });

  it('gives a ministry user the same FORBIDDEN on an LGOP query as a ministry token', async () => {
    const analyst = await as('MOE', 'moe.analyst');
    const query = `{ auditLog { edges { node { id } } } }`;
    const byCookie = await analyst.gql(query);
    const byToken = await hub.gql('MOE', query);
    expect(byCookie.status).toBe(byToken.status);
    expect(byCookie.body).toEqual(byToken.body);
    expect(byCookie.body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'LGOP_ONLY' });
  });

  it('adds a user through the command npm run user runs, who can then log in; lists users without hashes', async () => {
    const config = loadConfig({ ...process.env, DATABASE_URL: hub.db.url, REDIS_URL: 'redis://127.0.0.1:1' });
    const out: string[] = [];
    const add = parseUserArgs(['add', '--tenant', 'p53', '--username', 'YN.Clerk', '--role', 'clerk', '--name', '云南业务员']);
    expect(
      await runUserCommand(
        add,
        config,
        async () => 'a password read from stdin',
        (t) => out.push(t),
      ),
    ).toBe(0);
    expect(out.join('')).toBe('added yn.clerk (CLERK) to P53\n');
    const b = new StaffBrowser(hub.url);
    const login = await b.login('P53', 'yn.clerk', 'a password read from stdin');
    expect(login.status).toBe(200);
    expect(login.body.user).toMatchObject({ username: 'yn.clerk', displayName: '云南业务员', role: 'CLERK', tenant: { code: 'P53', kind: 'PROVINCE' } });
    // The same username again is refused, not overwritten; a short password too.
    expect(
      await runUserCommand(
        add,
        config,
        async () => 'another long password',
        () => undefined,
      ),
    ).toBe(1);
    const weak = parseUserArgs(['add', '--tenant', 'P53', '--username', 'yn.other', '--role', 'viewer', '--password', 'short']);
    expect(
      await runUserCommand(
        weak,
        config,
        async () => '',
        () => undefined,
      ),
    ).toBe(1);
    const listed: string[] = [];
    expect(
      await runUserCommand(
        parseUserArgs(['list']),
        config,
        async () => '',
        (t) => listed.push(t),
      ),
    ).toBe(0);
    expect(listed.join('')).toContain('P53\tyn.clerk\tCLERK\t云南业务员\tactive');
    expect(listed.join('')).not.toMatch(/argon2/);
    expect(() => parseUserArgs(['add', '--tenant', 'P53', '--username', 'x', '--role', 'boss'])).toThrow(/--role/);
  });
});
