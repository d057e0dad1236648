import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { ID_CHECK_CHARACTERS, ID_CHECK_WEIGHTS } from '../../src/modules/id-number/id-number';
import { startTestHub, type TestHub } from '../support/test-hub';

const CREATE = `mutation($k: String!, $sector: Sector!) { createSectorBatch(idempotencyKey: $k, sector: $sector, period: "2020") { id } }`;
const SEAL = `mutation($id: ID!) { sealSectorBatch(id: $id) { id status } }`;
const VALIDATE = `query($sector: Sector!, $records: [SectorRecordInput!]!) {
  validateSectorRecords(sector: $sector, records: $records) {
    records valid invalid problemsTruncated
    invalidByReason { code count firstLine example }
    problems { line code reason }
  }
}`;
const MAX_PROBLEMS = 3;

interface Check {
  records: number;
  valid: number;
  invalid: number;
  problemsTruncated: boolean;
  invalidByReason: Array<{ code: string; count: number; firstLine: number; example: string }>;
  problems: Array<{ line: number; code: string; reason: string }>;
}

/** A valid-looking, fictitious ID number: region 110101, born 1990-01-01, sequence `seq`, check character computed. */
function idNumber(seq: number): string {
  const first17 = `11010119900101${String(seq).padStart(3, '0')}`;
  const sum = ID_CHECK_WEIGHTS.reduce((s, w, i) => s + w * (first17.charCodeAt(i) - 48), 0);
  return first17 + ID_CHECK_CHARACTERS[sum % 11];
}

/** The same ID number with a wrong check character. */
function badCheck(seq: number): string {
  const id = idNumber(seq);
  return id.slice(0, 17) + (id[17] === '1' ? '2' : '1');
}

// Line 1 the header; the quoted school of line 3 spans two lines, so the record after it starts on line 5.
const CSV = [
  'idNumber,name,enrolled,school,grade',
  `${idNumber(1)},测试甲,true,示例小学,3`,
  `${idNumber(2)},测试乙,false,"示例小学`,
  `二分校",4`,
  `${badCheck(3)},测试丙,true,,`,
  `${idNumber(4)},,true,,`,
  '',
  `${idNumber(5)},测试丁,maybe,,`,
  `${idNumber(6)},测试戊,true`,
  `${badCheck(7)},测试己,true,,`,
].join('\r\n');

describe('dry runs: PUT /batches/{id}/records?dryRun=true and validateSectorRecords', () => {
  let hub: TestHub;
  const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => hub.db.orm.em.getConnection().execute<T[]>(q, p);
  const put = async (id: string, body: string | Buffer, type = 'text/csv', query = '?dryRun=true', as = 'MOE') =>
    fetch(`${hub.url}/batches/${id}/records${query}`, {
      method: 'PUT',
      headers: { 'content-type': type, authorization: `Bearer ${await hub.token(as)}` },
      body,
    });
  const newBatch = async (key: string) =>
    (await hub.gql<{ createSectorBatch: { id: string } }>('MOE', CREATE, { k: key, sector: 'EDUCATION' })).body.data!.createSectorBatch.id;
  /** Everything a dry run must leave as it was. */
  const state = async (batchId: string) => ({
    batch: await sql('select * from sector_batches where id = ?', [batchId]),
    records: await sql('select count(*)::int as n from sector_records where batch_id = ?', [batchId]),
    audit: await sql('select count(*)::int as n from audit_log'),
    outbox: await sql('select count(*)::int as n from outbox'),
  });

  beforeAll(async () => {
    // Encoded on the request's thread, so the test needs no build of the encoder worker.
    hub = await startTestHub({ uploads: { encoderThreads: 0, dryRunMaxProblems: MAX_PROBLEMS } });
  });
  afterAll(() => hub.close());

  it('counts a CSV by reason and lists the first problems with their lines, writing nothing', async () => {
    const id = await newBatch('dry-csv');
    const before = await state(id);
    const res = await put(id, CSV);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Check & { batchId: string; dryRun: boolean };
    expect(body).toMatchObject({ batchId: id, dryRun: true, records: 7, valid: 2, invalid: 5, problemsTruncated: true });
    expect(body.problems.map((p) => [p.line, p.code])).toEqual([
      [5, 'ID_NUMBER_BAD_CHECK_CHARACTER'],
      [6, 'NAME_MISSING'],
      [8, 'ATTRIBUTE_INVALID'],
    ]);
    expect(body.problems[2].reason).toBe('attribute "enrolled" must be true or false');
    expect(body.invalidByReason).toEqual([
      { code: 'ID_NUMBER_BAD_CHECK_CHARACTER', count: 2, firstLine: 5, example: expect.stringMatching(/^ID number check character is/) },
      { code: 'NAME_MISSING', count: 1, firstLine: 6, example: 'name is missing' },
      { code: 'ATTRIBUTE_INVALID', count: 1, firstLine: 8, example: 'attribute "enrolled" must be true or false' },
      { code: 'UNREADABLE', count: 1, firstLine: 9, example: 'line 9: 3 columns where the header has 5' },
    ]);
    expect(await state(id)).toEqual(before);
  });

  it('judges as the upload does: the real upload of the same body finds the same records INVALID for the same reasons', async () => {
    const id = await newBatch('dry-then-real');
    const dry = (await (await put(id, CSV)).json()) as Check;
    const real = await put(id, CSV, 'text/csv', '');
    expect(await real.json()).toMatchObject({ received: dry.records, totalRecords: dry.records });
    const invalid = await sql<{ reason: string }>('select reason from sector_records where batch_id = ? and not valid order by row_no', [id]);
    expect(invalid).toHaveLength(dry.invalid);
    const reasons = invalid.map((r) => r.reason);
    for (const p of dry.problems) expect(reasons).toContain(p.reason);
  });

  it('reads the bodies the upload reads: GB18030 as its UTF-8 twin, bad GB18030 bytes refused naming the line, XLSX by row', async () => {
    const id = await newBatch('dry-encodings');
    const before = await state(id);
    const utf8 = (await (await put(id, CSV)).json()) as Check;
    const gb = await put(id, iconv.encode(CSV, 'gb18030'), 'text/csv; charset=gb18030');
    expect(gb.status).toBe(200);
    expect(await gb.json()).toMatchObject({ records: utf8.records, valid: utf8.valid, invalid: utf8.invalid, problems: utf8.problems });
    // The last character's second byte cut off: refused as the upload refuses it, naming its line.
    const cut = iconv.encode(`idNumber,name\r\n${idNumber(1)},测试甲`, 'gb18030');
    const refused = await put(id, cut.subarray(0, cut.length - 1), 'text/csv; charset=gb18030');
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { errors: Array<{ message: string }> }).errors[0].message).toMatch(/^line 2: /);

    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('records');
    sheet.addRow(['idNumber', 'name', 'enrolled']);
    sheet.addRow([idNumber(1), '测试甲', 'true']);
    sheet.addRow([badCheck(2), '测试乙', 'true']);
    const xlsx = await put(id, Buffer.from(await book.xlsx.writeBuffer()), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(xlsx.status).toBe(200);
    const check = (await xlsx.json()) as Check;
    expect(check).toMatchObject({ records: 2, valid: 1, invalid: 1 });
    expect(check.problems.map((p) => [p.line, p.code])).toEqual([[3, 'ID_NUMBER_BAD_CHECK_CHARACTER']]);
    expect(await state(id)).toEqual(before);
  });

  it('reads NDJSON with its line numbers', async () => {
    const id = await newBatch('dry-ndjson');
    const ndjson = [
      JSON.stringify({ idNumber: idNumber(1), name: '测试甲' }),
      '',
      '{not json',
      JSON.stringify({ idNumber: idNumber(2), name: '测试乙', birthDate: '1990-13-01' }),
    ].join('\n');
    const body = (await (await put(id, ndjson, 'application/x-ndjson')).json()) as Check;
    expect(body).toMatchObject({ records: 3, valid: 1, invalid: 2, problemsTruncated: false });
    expect(body.problems.map((p) => [p.line, p.code])).toEqual([
      [3, 'UNREADABLE'],
      [4, 'BIRTH_DATE_INVALID'],
    ]);
  });

  it('refuses what the upload refuses, and a dryRun that is neither true nor false', async () => {
    const id = await newBatch('dry-refusals');
    const before = await state(id);
    const bad = await put(id, CSV, 'text/csv', '?dryRun=yes');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ errors: [{ message: 'dryRun must be true or false', extensions: { code: 'BAD_USER_INPUT' } }] });
    expect((await put(id, CSV, 'text/csv', '?dryrun=1')).status).toBe(400);
    expect((await put(id, CSV, 'text/csv', '?dryRun=true&dryRun=true')).status).toBe(400);
    expect(await (await put(id, CSV, 'text/csv', '?DRYRUN=true')).json()).toMatchObject({ dryRun: true, records: 7 });
    const noHeader = await put(id, 'name,school\n测试甲,示例小学');
    expect(noHeader.status).toBe(400);
    expect((await put(id, CSV, 'text/csv', '?dryRun=true', 'MCA')).status).toBe(404);
    expect(await state(id)).toEqual(before);
    await hub.gql('MOE', SEAL, { id });
    expect((await put(id, CSV)).status).toBe(409);
  });

  it('validateSectorRecords: inline records judged by position, for the sector’s ministry only, writing nothing', async () => {
    const records = [
      { idNumber: idNumber(1), name: '测试甲', attributes: { enrolled: true, grade: '3' } },
      { idNumber: badCheck(2), name: '测试乙' },
      { idNumber: idNumber(3), name: '测试丙', regionCode: '11010' },
      { idNumber: idNumber(4), name: '测试丁', attributes: { level: 2 } },
      { idNumber: '', name: '测试戊' },
    ];
    const before = await sql(
      'select (select count(*) from audit_log) as audit, (select count(*) from idempotency_keys) as keys, (select count(*) from sector_batches) as batches',
    );
    const res = await hub.gql<{ validateSectorRecords: Check }>('MOE', VALIDATE, { sector: 'EDUCATION', records });
    expect(res.body.errors).toBeUndefined();
    const check = res.body.data!.validateSectorRecords;
    expect(check).toMatchObject({ records: 5, valid: 1, invalid: 4, problemsTruncated: true });
    expect(check.problems).toEqual([
      { line: 2, code: 'ID_NUMBER_BAD_CHECK_CHARACTER', reason: expect.stringMatching(/^ID number check character/) },
      { line: 3, code: 'REGION_CODE_INVALID', reason: 'regionCode must be 6 digits' },
      { line: 4, code: 'ATTRIBUTE_INVALID', reason: 'unknown attribute "level" for sector EDUCATION' },
    ]);
    expect(check.invalidByReason.map((r) => [r.code, r.count])).toContainEqual(['ID_NUMBER_MISSING', 1]);
    for (const who of ['MCA', 'P52', 'LGOP']) {
      const refused = await hub.gql(who, VALIDATE, { sector: 'EDUCATION', records });
      expect(refused.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    expect(
      await sql(
        'select (select count(*) from audit_log) as audit, (select count(*) from idempotency_keys) as keys, (select count(*) from sector_batches) as batches',
      ),
    ).toEqual(before);
  });

  it('validateSectorRecords: attributes of any shape are a record’s problem, never the request’s', async () => {
    const shapes: unknown[] = [[1, 2], 'text', 7, { enrolled: { deep: [1] } }, { school: 'x'.repeat(300) }, { grade: null }];
    const records = shapes.map((attributes, i) => ({ idNumber: idNumber(i + 1), name: '测试', attributes }));
    const res = await hub.gql<{ validateSectorRecords: Check }>('MOE', VALIDATE, { sector: 'EDUCATION', records });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.validateSectorRecords).toMatchObject({ records: 6, valid: 1, invalid: 5 });
    expect(res.body.data!.validateSectorRecords.invalidByReason).toEqual([
      { code: 'ATTRIBUTE_INVALID', count: 5, firstLine: 1, example: 'attributes must be an object' },
    ]);
  });
});
