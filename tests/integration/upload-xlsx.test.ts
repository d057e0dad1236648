import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { appendRecords } from '../../src/modules/sector-batches/record-upload.service';
import { uploadSuite } from '../support/upload-suite';
import { recordsOf } from '../support/reconcile-fixtures';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('XLSX uploads', () => {
  const s = uploadSuite('xlsx', XLSX);
  const { member, newBatch, put } = s;
  const stored = async (id: string) =>
    s.hub.db.orm.em
      .getConnection()
      .execute<
        Array<{ row_no: number; id_number: string | null; name: string | null; birth_date: string | null; attributes: unknown; parse_error: string | null }>
      >('select row_no, id_number, name, birth_date, attributes, parse_error from sector_records where batch_id = ? order by row_no', [id]);

  /** A workbook as Excel users keep one: typed cells, an empty row, a notes sheet after the data. */
  async function workbook(): Promise<Buffer> {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('学生');
    const notes = book.addWorksheet('说明');
    notes.addRow(['idNumber', 'name']);
    notes.addRow(['这一页不是数据', '']);
    sheet.getRow(1).values = ['idNumber', 'name', 'birthDate', 'school', 'enrolled'];
    const name0 = member(0).name;
    // Rich text split inside the name, a date cell for the birth date, a boolean.
    sheet.getRow(2).values = [
      member(0).idNumber,
      { richText: [{ text: name0.slice(0, 1) }, { text: name0.slice(1), font: { bold: true } }] },
      new Date(Date.UTC(1970, 0, 1)),
      '第一中学',
      false,
    ];
    sheet.getCell('C2').numFmt = 'yyyy-mm-dd';
    // Row 3 is left empty. An 18-digit ID number typed as a number: Excel has already lost its last digits.
    sheet.getRow(4).values = [452122199001011234, '赵六', null, '第一中学', true];
    sheet.getRow(5).values = [member(2).idNumber, member(2).name, null, '第一中学', true];
    return Buffer.from(await book.xlsx.writeBuffer());
  }

  it('stores each row at its row number, keeps a bad row as INVALID naming its row, and matches the others', async () => {
    const id = await newBatch();
    const answer = await put(id, await workbook());
    expect(answer).toEqual({ status: 200, body: { batchId: id, received: 3, badLines: 1, totalRecords: 3 } });
    const rows = await stored(id);
    expect(rows).toEqual([
      {
        row_no: 1,
        id_number: member(0).idNumber,
        name: member(0).name,
        birth_date: '1970-01-01',
        attributes: { school: '第一中学', enrolled: false },
        parse_error: null,
      },
      {
        row_no: 2,
        id_number: null,
        name: null,
        birth_date: null,
        attributes: null,
        parse_error: expect.stringMatching(/^line 4: column 1 \(idNumber\) is a number/),
      },
      {
        row_no: 3,
        id_number: member(2).idNumber,
        name: member(2).name,
        birth_date: null,
        attributes: { school: '第一中学', enrolled: true },
        parse_error: null,
      },
    ]);
    expect(await s.reconcile(id)).toEqual([
      [1, 'MATCHED'],
      [2, 'INVALID'],
      [3, 'MATCHED'],
    ]);
    expect((await recordsOf(s.hub, 'MOE', id))[1].reason).toMatch(/^line 4: /);
  });

  it('refuses a body that is not a zip, an old .xls, a damaged or cut zip with BAD_USER_INPUT, keeping nothing', async () => {
    const good = await workbook();
    const bodies: Array<[Buffer, RegExp]> = [
      [Buffer.from(`idNumber,name\n${member(0).idNumber},${member(0).name}\n`), /^the body is not an XLSX workbook/],
      [Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]), /Excel 97-2003 \.xls/],
      [Buffer.concat([good.subarray(0, 64), Buffer.alloc(2000, 0x41)]), /^the XLSX cannot be read/],
      [good.subarray(0, Math.floor(good.length * 0.9)), /^the XLSX cannot be read \(FILE_ENDED\)/],
      [Buffer.alloc(0), /^the XLSX body is empty/],
    ];
    for (const [body, message] of bodies) {
      const id = await newBatch();
      const answer = await put(id, body);
      expect(answer.status).toBe(400);
      expect(answer.body.errors?.[0]).toMatchObject({ message: expect.stringMatching(message), extensions: { code: 'BAD_USER_INPUT' } });
      expect(await stored(id)).toEqual([]);
    }
  });

  it('refuses a sheet whose header row lacks idNumber, naming its row', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Sheet1');
    sheet.getRow(2).values = ['身份证号', '姓名'];
    const id = await newBatch();
    const answer = await put(id, Buffer.from(await book.xlsx.writeBuffer()));
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0].message).toMatch(/^line 2: the header row must name the columns idNumber and name/);
  });

  it('fails with the body’s own error, not the reader’s, when the body breaks off mid-workbook', async () => {
    const good = await workbook();
    const id = await newBatch();
    const body = Readable.from(
      (async function* () {
        yield good.subarray(0, 200);
        throw new Error('the client went away (planted by the test)');
      })(),
    );
    await expect(appendRecords(s.hub.db.orm, id, 'xlsx', body)).rejects.toThrow('the client went away (planted by the test)');
    expect(await stored(id)).toEqual([]);
  });

  it('reads a formula as its result, keeps a 15-digit ID typed as a number whole, and makes a row with an error cell INVALID', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Sheet1');
    sheet.getRow(1).values = ['idNumber', 'name', 'school'];
    sheet.getRow(2).values = [member(0).idNumber, { formula: 'CONCAT("张","1")', result: '张1' }, '第一中学'];
    sheet.getRow(3).values = [520102700101003, '王五', '村小学'];
    sheet.getRow(4).values = [member(2).idNumber, member(2).name, { error: '#N/A' }];
    const id = await newBatch();
    const answer = await put(id, Buffer.from(await book.xlsx.writeBuffer()));
    expect(answer.body).toMatchObject({ received: 3, badLines: 1 });
    expect((await stored(id)).map((r) => [r.row_no, r.id_number, r.name, r.parse_error])).toEqual([
      [1, member(0).idNumber, '张1', null],
      [2, '520102700101003', '王五', null],
      [3, null, null, 'line 4: column 3 holds the error #N/A'],
    ]);
  });
});
