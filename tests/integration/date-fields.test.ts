import { type GraphQLObjectType, type GraphQLSchema, getNamedType, isAbstractType, isObjectType } from 'graphql';
import pino from 'pino';
import { createRun } from '../../src/modules/data-quality/data-quality.jobs';
import { RunMode } from '../../src/modules/data-quality/data-quality.enums';
import { DATA_QUALITY_RULES } from '../../src/modules/data-quality/data-quality.rules';
import { DataQualityRunner } from '../../src/modules/data-quality/data-quality.runner';
import { buildHubSchema } from '../../src/graphql/schema';
import { PUSH_PROJECTS, RECORD_BENEFITS, RECORD_TRANSACTIONS, projectInput, projectNo, transaction } from '../support/project-fixtures';
import { plantRegistry, submitAndRun } from '../support/reconcile-fixtures';
import { startTestHub, type TestHub } from '../support/test-hub';

/**
 * Every DateTime and Date field of every output type, read through real data: the list of fields comes from
 * the served schema, so a new date field fails here until a read below selects it with a value.
 */
const DATE_SCALARS = new Set(['DateTime', 'Date']);
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const CALENDAR_DAY = /^\d{4}-\d{2}-\d{2}$/;

type Read = { who: string; query: string; variables?: Record<string, unknown> };
type Found = { field: string; scalar: string; value: unknown };

/** `Type.field` of each output field whose named type is DateTime or Date. */
function dateFieldsOf(schema: GraphQLSchema): string[] {
  const out: string[] = [];
  // Subscription payloads come over SSE, not /graphql: live-progress.test reads them from a real batch and run.
  const streamed = new Set(Object.values(schema.getSubscriptionType()?.getFields() ?? {}).map((f) => getNamedType(f.type).name));
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__') || streamed.has(type.name)) continue;
    for (const field of Object.values(type.getFields())) if (DATE_SCALARS.has(getNamedType(field.type).name)) out.push(`${type.name}.${field.name}`);
  }
  return out.sort();
}

/** Walks a response beside the schema (no aliases in the reads) and collects each date value with its `Type.field`. */
function collectDates(schema: GraphQLSchema, type: GraphQLObjectType, data: unknown, out: Found[]): void {
  if (Array.isArray(data)) return data.forEach((d) => collectDates(schema, type, d, out));
  if (data === null || typeof data !== 'object') return;
  for (const [key, value] of Object.entries(data)) {
    if (key === '__typename') continue;
    const field = type.getFields()[key];
    if (!field) throw new Error(`${type.name}.${key} is not a field (an alias?)`);
    const named = getNamedType(field.type);
    if (DATE_SCALARS.has(named.name)) out.push({ field: `${type.name}.${key}`, scalar: named.name, value });
    else if (isObjectType(named)) collectDates(schema, named, value, out);
    else if (isAbstractType(named)) throw new Error(`${type.name}.${key}: add __typename handling for abstract types`);
  }
}

function isValidDate(scalar: string, value: unknown): boolean {
  if (typeof value !== 'string') return false;
  if (scalar === 'Date') return CALENDAR_DAY.test(value) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);
  return RFC3339.test(value) && !Number.isNaN(Date.parse(value));
}

describe('every DateTime and Date field of the schema, read through real data', () => {
  let hub: TestHub;
  let schema: GraphQLSchema;
  let reads: Read[];
  const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => hub.db.orm.em.fork().getConnection().execute<T[]>(q, p);

  beforeAll(async () => {
    hub = await startTestHub({ webhookAllowHosts: ['127.0.0.1'] });
    schema = await buildHubSchema();
    reads = await plantHistory(hub, sql);
  });
  afterAll(() => hub.close());

  const answers = () => Promise.all(reads.map(async (r) => ({ read: r, res: await hub.gql(r.who, r.query, r.variables) })));

  it('answers each read without an error, every date a valid RFC 3339 date-time or YYYY-MM-DD day', async () => {
    for (const { read, res } of await answers()) {
      expect({ query: read.query, errors: res.body.errors }).toEqual({ query: read.query, errors: undefined });
      const found: Found[] = [];
      collectDates(schema, schema.getQueryType()!, res.body.data, found);
      const bad = found.filter((f) => f.value !== null && !isValidDate(f.scalar, f.value));
      expect(bad).toEqual([]);
    }
  });

  it('gives each DateTime and Date field of the schema a value in at least one read', async () => {
    const found: Found[] = [];
    for (const { res } of await answers()) collectDates(schema, schema.getQueryType()!, res.body.data, found);
    const covered = new Set(found.filter((f) => f.value !== null && f.value !== undefined).map((f) => f.field));
    const fields = dateFieldsOf(schema);
    expect(fields.length).toBeGreaterThan(10);
    expect(fields.filter((f) => !covered.has(f))).toEqual([]);
  });

  it('reads the instant the database holds (raw reads and entity reads alike)', async () => {
    // floor: a JavaScript Date keeps milliseconds of PostgreSQL's microseconds, dropping the rest.
    const instantOf = async (table: string, column: string, id: string) =>
      (
        await sql<{ iso: string }>(
          `select to_char(date_trunc('milliseconds', ${column}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as iso from ${table} where id = ?::bigint`,
          [id],
        )
      )[0].iso;
    const log = await hub.gql<{ auditLog: { edges: Array<{ node: { id: string; createdAt: string } }> } }>(
      'LGOP',
      `{ auditLog(first: 1) { edges { node { id createdAt } } } }`,
    );
    const entry = log.body.data!.auditLog.edges[0].node;
    expect(entry.createdAt).toBe(await instantOf('audit_log', 'created_at', entry.id));
    const cases = await hub.gql<{ discrepancies: { edges: Array<{ node: { id: string; openedAt: string } }> } }>(
      'LGOP',
      `{ discrepancies(first: 1) { edges { node { id openedAt } } } }`,
    );
    const opened = cases.body.data!.discrepancies.edges[0].node;
    expect(opened.openedAt).toBe(await instantOf('discrepancy_cases', 'opened_at', opened.id));
  });
});

type Sql = <T = Record<string, unknown>>(q: string, p?: unknown[]) => Promise<T[]>;

/**
 * A registry with a history that sets every date: a removed member, a reconciled batch with a resolved
 * discrepancy case, a data-quality issue found and then fixed by a changed-only check, audit rows, and a
 * ministry policy widened to household timestamps (no seeded policy grants them).
 */
async function plantHistory(hub: TestHub, sql: Sql): Promise<Read[]> {
  const reg = await plantRegistry(hub);
  const head = reg.h1.members[0] as { idNumber: string; name: string };
  const child = reg.h1.members[2] as { idNumber: string };
  const removed = await hub.gql('P52', `mutation($id: String!) { removeMember(idNumber: $id, reason: MOVED_OUT, date: "2020-05-01") { version } }`, {
    id: child.idNumber,
  });
  if (removed.body.errors) throw new Error(JSON.stringify(removed.body.errors));
  const batchId = await submitAndRun(hub, 'NHFPC', 'HEALTH', [
    { idNumber: head.idNumber, name: head.name, attributes: { insured: false, seriousIllness: true } },
  ]);
  const [open] = await sql<{ id: string }>(`select id::text as id from discrepancy_cases order by id limit 1`);
  const resolved = await hub.gql(
    'P52',
    `mutation($id: ID!) { resolveDiscrepancy(id: $id, resolution: DISMISSED, dismissalReason: OTHER, note: "checked") { id } }`,
    { id: open.id },
  );
  if (resolved.body.errors) throw new Error(JSON.stringify(resolved.body.errors));
  const runs = await checkFixAndRecheck(hub, sql, reg.h3.registryNo as string);
  await sql(
    `update sharing_policies set household_fields = household_fields || '{createdAt,updatedAt}', member_fields = member_fields || '{statusDate}' where tenant_code = 'NHFPC'`,
  );
  await plantProject(hub, reg.h1.registryNo as string);
  const webhookId = await plantWebhook(hub, sql);
  const dates = 'birthDate statusDate';
  const projectDates = 'approvedOn plannedStart plannedEnd completedOn createdAt updatedAt announcement { publishedOn }';
  return [
    {
      who: 'P52',
      query: `{ projects(first: 10) { edges { node { ${projectDates} transactions { edges { node { date recordedAt } } }
        beneficiaries { edges { node { benefits { date } } } } } } } }`,
    },
    {
      who: 'P52',
      query: `query($r: String!) { household(registryNo: $r) { createdAt updatedAt events { createdAt } members { ${dates} } } }`,
      variables: { r: reg.h1.registryNo },
    },
    { who: 'P52', query: `{ households(first: 10) { edges { node { createdAt updatedAt members { ${dates} } } } } }` },
    {
      who: 'NHFPC',
      query: `{ matchedHouseholds(sector: HEALTH, first: 10) { edges { node { household { createdAt updatedAt members { ${dates} } } matches { member { ${dates} } } } } } }`,
    },
    { who: 'NHFPC', query: `query($id: ID!) { sectorBatch(id: $id) { createdAt queuedAt startedAt finishedAt } }`, variables: { id: batchId } },
    { who: 'NHFPC', query: `{ sectorBatches(first: 10) { edges { node { createdAt queuedAt startedAt finishedAt } } } }` },
    { who: 'LGOP', query: `{ reconciliationJobs(first: 10) { edges { node { batch { createdAt queuedAt startedAt finishedAt } } } } }` },
    { who: 'LGOP', query: `{ discrepancies(first: 50) { edges { node { openedAt lastRaisedAt resolvedAt } } } }` },
    { who: 'LGOP', query: `{ auditLog(first: 50) { edges { node { createdAt } } } }` },
    {
      who: 'LGOP',
      query: `query($id: String!) { accessHistory(idNumber: $id, first: 50) { edges { node { createdAt } } } }`,
      variables: { id: head.idNumber },
    },
    ...runs.map((id) => ({ who: 'LGOP', query: `query($id: ID!) { dataQualityRun(id: $id) { createdAt startedAt finishedAt since } }`, variables: { id } })),
    { who: 'LGOP', query: `{ dataQualityIssues(first: 50, filter: { status: FIXED }) { edges { node { detectedAt lastSeenAt fixedAt } } } }` },
    { who: 'P52', query: `{ webhooks(first: 10) { edges { node { createdAt disabledAt } } } }` },
    {
      who: 'P52',
      query: `query($id: ID!) { webhookDeliveries(webhookId: $id, first: 10) { edges { node { createdAt deliveredAt nextAttemptAt attempts { startedAt nextAttemptAt } } } } }`,
      variables: { id: webhookId },
    },
  ];
}

/** A webhook of P52's, later disabled, with one delivery that failed once and then arrived: every webhook date set. */
async function plantWebhook(hub: TestHub, sql: Sql): Promise<string> {
  const made = await hub.gql<{ createWebhook: { id: string } }>(
    'P52',
    `mutation { createWebhook(url: "http://127.0.0.1:9/hooks", events: ["batch.completed"]) { id } }`,
  );
  if (made.body.errors) throw new Error(JSON.stringify(made.body.errors));
  const id = made.body.data!.createWebhook.id;
  const [event] = await sql<{ id: string }>(
    `insert into webhook_events (type, audience, data) values ('batch.completed', '{P52}', '{}') returning id::text as id`,
  );
  const [delivery] = await sql<{ id: string }>(
    `insert into webhook_deliveries (webhook_id, tenant_code, event_id, status, attempts, next_attempt_at, last_response_code, delivered_at)
     values (?, 'P52', ?, 'DELIVERED', 2, now() + interval '1 minute', 204, now()) returning id::text as id`,
    [id, event.id],
  );
  await sql(
    `insert into webhook_attempts (delivery_id, attempt_no, tenant_code, started_at, duration_ms, succeeded, response_code, next_attempt_at)
     values (?, 1, 'P52', now() - interval '1 minute', 12, false, 500, now()), (?, 2, 'P52', now(), 9, true, 204, null)`,
    [delivery.id, delivery.id],
  );
  await sql(`update webhooks set enabled = false, disabled_reason = 'planted', disabled_at = now() where id = ?`, [id]);
  return id;
}

/** A completed, announced project with a ledger row and a benefit to `registryNo`: every project date set. */
async function plantProject(hub: TestHub, registryNo: string): Promise<void> {
  const writes: Array<[string, Record<string, unknown>]> = [
    [PUSH_PROJECTS, { key: 'dates-p', projects: [projectInput('52', 1, { status: 'COMPLETED', completedOn: '2016-10-20' })] }],
    [RECORD_TRANSACTIONS, { key: 'dates-t', transactions: [transaction('52', 1, 'A1')] }],
    [RECORD_BENEFITS, { key: 'dates-b', projectNo: projectNo('52', 1), benefits: [{ registryNo, type: 'SUBSIDY', amount: '10.00', date: '2016-08-01' }] }],
  ];
  for (const [query, variables] of writes) {
    const res = await hub.gql<Record<string, { rejected: number; results: unknown[] }>>('P52', query, variables);
    if (!res.body.data || Object.values(res.body.data)[0].rejected) throw new Error(JSON.stringify(res.body));
  }
}

/** A full check that finds a missing income, then a changed-only check (with `since`) after the fix. */
async function checkFixAndRecheck(hub: TestHub, sql: Sql, registryNo: string): Promise<string[]> {
  const runner = new DataQualityRunner(hub.db.orm, pino({ level: 'silent' }), { rules: DATA_QUALITY_RULES });
  await sql(`update households set annual_income_per_capita = null, updated_at = now() where registry_no = ?`, [registryNo]);
  const full = await createRun(hub.db.orm.em.fork(), 'LGOP', null, RunMode.FULL);
  await runner.run(full);
  await sql(`update households set annual_income_per_capita = 3000, updated_at = now() where registry_no = ?`, [registryNo]);
  const changed = await createRun(hub.db.orm.em.fork(), 'LGOP', null, RunMode.CHANGED);
  await runner.run(changed);
  return [full, changed];
}
