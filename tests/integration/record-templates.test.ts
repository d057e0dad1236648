import ExcelJS from 'exceljs';
import { SEED_TENANTS } from '../../src/modules/tenants/tenant.seed';
import { Sector } from '../../src/modules/tenants/tenant.enums';
import { COLUMNS_SHEET, RECORDS_SHEET } from '../../src/modules/sector-batches/record-template';
import { startTestHub, type TestHub } from '../support/test-hub';

const CREATE = `mutation($k: String!, $sector: Sector!) { createSectorBatch(idempotencyKey: $k, sector: $sector, period: "2020") { id } }`;
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The ministry that submits each sector. */
const MINISTRY = Object.fromEntries(SEED_TENANTS.filter((t) => t.sector).map((t) => [t.sector, t.code])) as Record<Sector, string>;

describe('GET /templates/{sector}.csv|.xlsx', () => {
  let hub: TestHub;
  const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => hub.db.orm.em.getConnection().execute<T[]>(q, p);
  const get = async (path: string, as: string | null = 'MOE') =>
    fetch(`${hub.url}${path}`, { headers: as ? { authorization: `Bearer ${await hub.token(as)}` } : {} });

  beforeAll(async () => {
    // Encoded on the request's thread, so the test needs no build of the encoder worker.
    hub = await startTestHub({ uploads: { encoderThreads: 0 } });
  });
  afterAll(() => hub.close());

  it.each(Object.values(Sector))('%s: the CSV template, uploaded as it is by its ministry, is one valid record', async (sector) => {
    const res = await get(`/templates/${sector}.csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${sector}.csv"`);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);

    const as = MINISTRY[sector];
    const created = await hub.gql<{ createSectorBatch: { id: string } }>(as, CREATE, { k: `template-${sector}`, sector });
    const id = created.body.data!.createSectorBatch.id;
    const upload = await fetch(`${hub.url}/batches/${id}/records`, {
      method: 'PUT',
      headers: { 'content-type': 'text/csv', authorization: `Bearer ${await hub.token(as)}` },
      body: bytes,
    });
    expect(await upload.json()).toMatchObject({ received: 1, badLines: 0 });
    const rows = await sql<{ valid: boolean; reason: string | null }>('select valid, reason from sector_records where batch_id = ?', [id]);
    expect(rows).toEqual([{ valid: true, reason: null }]);
  });

  it('serves the XLSX template to any tenant: the records sheet and the bilingual columns sheet', async () => {
    const res = await get('/templates/HOUSING.xlsx', 'P52');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(XLSX_TYPE);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    expect(book.worksheets.map((w) => w.name)).toEqual([RECORDS_SHEET, COLUMNS_SHEET]);
    expect((book.getWorksheet(RECORDS_SHEET)!.getRow(1).values as unknown[]).slice(1)).toEqual([
      'idNumber',
      'name',
      'birthDate',
      'regionCode',
      'dilapidationGrade',
      'renovated',
      'renovatedYear',
    ]);
    const grade = book.getWorksheet(COLUMNS_SHEET)!.getRow(6).values as unknown[];
    expect(grade.slice(1, 5)).toEqual(['dilapidationGrade', '否 no', '取值之一（见允许值） / one of the allowed values', 'A | B | C | D']);
  });

  it('answers 404 with a JSON error naming the sectors for an unknown sector or format, and 401 without a token', async () => {
    for (const path of ['/templates/FISHERY.csv', '/templates/EDUCATION.pdf', '/templates/education.csv']) {
      const res = await get(path);
      expect(res.status).toBe(404);
      const body = (await res.json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
      expect(body.errors[0].extensions.code).toBe('NOT_FOUND');
      expect(body.errors[0].message).toContain('EDUCATION, MINIMUM_LIVING');
    }
    expect((await get('/templates/EDUCATION.csv', null)).status).toBe(401);
  });
});
