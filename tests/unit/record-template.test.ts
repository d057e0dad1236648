import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import { normaliseIdNumber } from '../../src/modules/id-number/id-number';
import { type RowBlock, blockRow, blockRows } from '../../src/modules/sector-batches/record-blocks';
import { rowStages } from '../../src/modules/sector-batches/record-body.streams';
import { prepareRecord } from '../../src/modules/sector-batches/record-preparer';
import {
  ATTRIBUTE_LABELS,
  COLUMNS_SHEET,
  EXAMPLE_ID_NUMBER,
  RECORDS_SHEET,
  csvTemplate,
  templateColumns,
  xlsxTemplate,
} from '../../src/modules/sector-batches/record-template';
import { SECTOR_ATTRIBUTES } from '../../src/modules/sector-batches/sector-attributes';
import { Sector } from '../../src/modules/tenants/tenant.enums';

const SECTORS = Object.values(Sector);

/** The template's CSV through the upload's own CSV stages, then each row read and prepared as intake does. */
async function readAsUpload(text: string, sector: Sector) {
  const blocks: RowBlock[] = [];
  const sink = new Writable({ objectMode: true, write: (b: RowBlock, _e, done) => (blocks.push(b), done()) });
  await pipeline([Readable.from([Buffer.from(text, 'utf8')]), ...rowStages('csv').stages, sink]);
  const rows = blocks.flatMap((b) => Array.from({ length: blockRows(b) }, (_, i) => blockRow(b, i)));
  return rows.map((row, i) => prepareRecord({ rowNo: i + 1, ...row }, sector, new Date()));
}

describe('record templates', () => {
  it('the example ID number is valid (its check character computed)', () => {
    const id = normaliseIdNumber(EXAMPLE_ID_NUMBER);
    expect(id).toMatchObject({ ok: true, birthDate: '1990-01-01', regionCode: '110101' });
  });

  it.each(SECTORS)('%s: the columns are the parser’s fields, then every sector attribute, each described', (sector) => {
    const columns = templateColumns(sector);
    expect(columns.map((c) => c.name)).toEqual(['idNumber', 'name', 'birthDate', 'regionCode', ...Object.keys(SECTOR_ATTRIBUTES[sector])]);
    expect(Object.keys(ATTRIBUTE_LABELS[sector]).sort()).toEqual(Object.keys(SECTOR_ATTRIBUTES[sector]).sort());
    expect(columns.filter((c) => c.required).map((c) => c.name)).toEqual(['idNumber', 'name']);
    for (const c of columns) expect(c.description.zh && c.description.en && c.type.zh && c.type.en).toBeTruthy();
  });

  it.each(SECTORS)('%s: the CSV template (BOM, header, example) is read by the upload as one valid record with every attribute', async (sector) => {
    const text = csvTemplate(sector);
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text.split('\r\n')).toHaveLength(3);
    const [record, ...more] = await readAsUpload(text, sector);
    expect(more).toEqual([]);
    expect(record).toMatchObject({ valid: true, reason: null, idNumber: EXAMPLE_ID_NUMBER });
    expect(Object.keys(record.attributes).sort()).toEqual(Object.keys(SECTOR_ATTRIBUTES[sector]).sort());
  });

  it('lists the allowed values of enums and booleans', () => {
    const housing = templateColumns(Sector.HOUSING);
    expect(housing.find((c) => c.name === 'dilapidationGrade')?.allowed).toEqual(['A', 'B', 'C', 'D']);
    expect(housing.find((c) => c.name === 'renovated')?.allowed).toEqual(['true', 'false']);
    expect(housing.find((c) => c.name === 'renovatedYear')?.type.en).toBe('whole number from 1949 to 2100');
  });

  it.each(SECTORS)('%s: the XLSX template has the same header and example as text, and a sheet explaining every column', async (sector) => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await xlsxTemplate(sector)) as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual([RECORDS_SHEET, COLUMNS_SHEET]);
    const values = (sheet: string, row: number) => (book.getWorksheet(sheet)!.getRow(row).values as unknown[]).slice(1);
    const [header, example] = csvTemplate(sector).slice(1).split('\r\n');
    expect(values(RECORDS_SHEET, 1)).toEqual(header.split(','));
    expect(values(RECORDS_SHEET, 2).join(',')).toBe(example);
    expect(values(RECORDS_SHEET, 2).every((v) => typeof v === 'string')).toBe(true);
    const help = book.getWorksheet(COLUMNS_SHEET)!;
    expect(help.rowCount).toBe(1 + templateColumns(sector).length);
    expect(help.getColumn(1).values.slice(2)).toEqual(header.split(','));
  });
});
