import { settingsBoundText } from '../../src/db/copy-out';
import { runSql, sql } from '../../src/db/sql';
import { buildIdNumber } from '../../src/modules/id-number/id-number.generator';
import { byHeader, csvRows, getExport, xlsxRows } from '../support/export-client';
import { type RecordNode, plantRegistry, recordsOf, submitAndRun } from '../support/reconcile-fixtures';
import { startTestHub, type TestHub } from '../support/test-hub';
import { waitFor } from '../support/wait-for';

type Person = { idNumber: string; name: string };

/** A record of the GraphQL twin as the export's CSV writes it. */
const asCells = (r: RecordNode) => ({
  rowNo: String(r.rowNo),
  idNumber: r.idNumber,
  outcome: r.outcome,
  reason: r.reason ?? '',
  discrepancyKinds: r.discrepancyKinds.join(';'),
});

describe('exports: a batch’s records (GET /exports/batches/{id}/records)', () => {
  let hub: TestHub;
  let batchId: string;
  let matchedId: string;
  beforeAll(async () => {
    hub = await startTestHub();
    const reg = await plantRegistry(hub);
    const h1 = reg.h1.members as unknown as Person[];
    matchedId = h1[2].idNumber;
    batchId = await submitAndRun(hub, 'MOE', 'EDUCATION', [
      { idNumber: matchedId, name: h1[2].name, attributes: { enrolled: true } },
      { idNumber: buildIdNumber('530102', '1960-01-01', 5), name: 'Zhang, "the elder"' },
      { idNumber: '12345', name: '无效' },
    ]);
  });
  afterAll(() => hub.close());

  it('CSV: BOM, the twin’s columns, and exactly the twin’s rows, for the owner and for LGOP', async () => {
    const twin = (await recordsOf(hub, 'MOE', batchId)).map(asCells);
    expect(twin.map((r) => r.outcome)).toEqual(['MATCHED', 'UNMATCHED', 'INVALID']);
    for (const who of ['MOE', 'LGOP']) {
      const res = await getExport(hub, who, `/exports/batches/${batchId}/records`);
      expect(res.status).toBe(200);
      expect(res.contentType).toBe('text/csv; charset=utf-8');
      const table = csvRows(res.bytes);
      expect(table.header).toEqual(['rowNo', 'idNumber', 'outcome', 'reason', 'discrepancyKinds']);
      expect(byHeader(table)).toEqual(twin);
    }
  });

  it('XLSX: the same rows and columns, the row number a number', async () => {
    const twin = (await recordsOf(hub, 'MOE', batchId)).map(asCells);
    const res = await getExport(hub, 'MOE', `/exports/batches/${batchId}/records?format=xlsx`);
    expect(res.status).toBe(200);
    expect(res.contentType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const table = await xlsxRows(res.bytes);
    expect(table.header).toEqual(['rowNo', 'idNumber', 'outcome', 'reason', 'discrepancyKinds']);
    expect(byHeader(table)).toEqual(twin);
  });

  it('the outcome filter as the twin’s argument', async () => {
    const res = await getExport(hub, 'MOE', `/exports/batches/${batchId}/records?outcome=UNMATCHED`);
    expect(byHeader(csvRows(res.bytes)).map((r) => r.rowNo)).toEqual(['2']);
  });

  it('401 without a token; 404 for another tenant’s batch, a province, or no batch; 400 with paths for bad parameters', async () => {
    expect((await getExport(hub, null, `/exports/batches/${batchId}/records`)).status).toBe(401);
    for (const [who, id] of [
      ['MCA', batchId],
      ['P52', batchId],
      ['MOE', '00000000-0000-0000-0000-000000000000'],
      ['MOE', 'not-a-batch'],
    ]) {
      const res = await getExport(hub, who, `/exports/batches/${id}/records`);
      expect(res.status).toBe(404);
      expect(res.errors?.[0].extensions.code).toBe('NOT_FOUND');
    }
    const bad = await getExport(hub, 'MOE', `/exports/batches/${batchId}/records?outcome=GOOD&format=pdf&sort=rowNo`);
    expect(bad.status).toBe(400);
    expect(bad.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0].extensions.fields?.map((f) => f.path).sort()).toEqual(['format', 'outcome', 'sort']);
  });

  it('one audit row per export, listing the ID numbers of matched records as the twin does, written before the file', async () => {
    const before = await auditRows(hub);
    await getExport(hub, 'MOE', `/exports/batches/${batchId}/records?format=xlsx`);
    const after = await auditRows(hub);
    expect(after.length).toBe(before.length + 1);
    expect(after[0]).toMatchObject({ tenant_code: 'MOE', operation: 'batchRecords', id_numbers: [matchedId], registry_nos: [] });
    expect(after[0].detail).toMatchObject({ read: true, export: 'xlsx', filters: { batchId, outcome: null } });
    // A file that hands out no matched person (only the unmatched row) writes none, as the twin's read.
    await getExport(hub, 'MOE', `/exports/batches/${batchId}/records?outcome=UNMATCHED`);
    expect((await auditRows(hub)).length).toBe(after.length);
  });

  it('values reach COPY bound to settings, never as its text: quotes, backslashes, negative numbers, arrays and nulls keep their meaning', async () => {
    const nasty = `it's a \\ "test"; drop table x; --`;
    const statement = sql`select ${nasty}::text as v, ${['a"b', 'c\\d', null]}::text[] as a, 1 - ${-1}::int as n, ${true}::boolean as b, ${null}::text as z`;
    const row = await hub.db.orm.em.fork().transactional(async (tem) => {
      const text = await settingsBoundText(tem, statement);
      expect(text).not.toContain('drop table');
      expect(text).not.toContain('c\\d');
      const [r] = await runSql<Record<string, unknown>>(tem, sql`select * from (${rawText(text)}) t`);
      return r;
    });
    expect(row).toEqual({ v: nasty, a: ['a"b', 'c\\d', null], n: 2, b: true, z: null });
  });

  it('a client that goes away mid-file: the COPY ends, its connection is not reused, the audit row stays, and exports go on', async () => {
    const big = await outcomeRows(hub, batchId, 150_000);
    const audits = (await auditRows(hub)).length;
    for (let i = 0; i < 6; i++) {
      const ctrl = new AbortController();
      const res = await fetch(`${hub.url.replace(/\/graphql$/, '')}/exports/batches/${big}/records`, {
        headers: { authorization: `Bearer ${await hub.token('MCA')}` },
        signal: ctrl.signal,
      });
      expect(res.status).toBe(200);
      const reader = res.body!.getReader();
      await reader.read();
      ctrl.abort();
    }
    await waitFor('the abandoned COPYs to end', async () => (await copiesRunning(hub)) === 0);
    expect((await auditRows(hub)).length).toBe(audits + 6);
    // More exports than the API's pool has connections: none was lost to an abandoned COPY.
    for (let i = 0; i < 6; i++) {
      const res = await getExport(hub, 'MOE', `/exports/batches/${batchId}/records`);
      expect(res.status).toBe(200);
    }
    const whole = await getExport(hub, 'MCA', `/exports/batches/${big}/records`);
    expect(csvRows(whole.bytes).rows).toHaveLength(150_000);
  }, 120_000);
});

function rawText(text: string) {
  // The test's own statement around rendered text: the Sql tag keeps text written in code as is.
  return sql([text] as unknown as TemplateStringsArray);
}

type AuditRow = { tenant_code: string; operation: string; registry_nos: string[]; id_numbers: string[]; detail: Record<string, unknown> };

function auditRows(hub: TestHub): Promise<AuditRow[]> {
  return runSql<AuditRow>(
    hub.db.orm.em.fork(),
    sql`select tenant_code, operation, registry_nos, id_numbers, detail from audit_log where detail->>'export' is not null order by id desc`,
  );
}

async function copiesRunning(hub: TestHub): Promise<number> {
  const [row] = await runSql<{ n: number }>(
    hub.db.orm.em.fork(),
    sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and query like 'copy (%' and state <> 'idle'`,
  );
  return row.n;
}

/**
 * A batch of MCA's with `n` outcome rows written straight into its partition (reconciling that many
 * would take minutes): the first ten name the member MOE's batch matched, so that the file is audited.
 */
async function outcomeRows(hub: TestHub, matchedBatch: string, n: number): Promise<string> {
  const res = await hub.gql<{ createSectorBatch: { id: string } }>(
    'MCA',
    `mutation($k: String!) { createSectorBatch(idempotencyKey: $k, sector: MINIMUM_LIVING, period: "2020") { id } }`,
    { k: `k${Math.random()}` },
  );
  const id = res.body.data!.createSectorBatch.id;
  const em = hub.db.orm.em.fork();
  const [{ t }] = await runSql<{ t: string }>(em, sql`select open_batch_records(${id}::uuid) as t`);
  await runSql(
    em,
    sql`insert into ${sql.ident(t)} (batch_id, row_no, id_number, outcome, member_id)
        select ${id}::uuid, g, lpad(g::text, 18, '0'), case when g <= 10 then 'MATCHED' else 'UNMATCHED' end,
          case when g <= 10 then (select member_id from batch_records where batch_id = ${matchedBatch}::uuid and row_no = 1) end
        from generate_series(1, ${n}::int) g`,
  );
  await runSql(em, sql`select attach_batch_records(${id}::uuid)`);
  return id;
}
