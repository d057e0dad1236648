import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { prepareRecord } from '../../src/modules/sector-batches/record-preparer';
import { copyLine, copyText } from '../../src/modules/sector-batches/copy-text.encoder';
import { Sector } from '../../src/modules/tenants/tenant.enums';
import { CopyRows, NdjsonRows, type UploadFormat, rowStages } from '../../src/modules/sector-batches/record-body.streams';
import { type RowBlock, blockRow, blockRows } from '../../src/modules/sector-batches/record-blocks';
import { EncoderPool, IN_THREAD } from '../../src/modules/sector-batches/record-encoder.pool';
import {
  type CsvHeader,
  MAX_LINE_BYTES,
  type SectorRow,
  parseCsvRecord,
  parseNdjsonLine,
  readCsvHeader,
} from '../../src/modules/sector-batches/record-line.parser';
import { RecordUploadError, RecordUploadFailure } from '../../src/modules/sector-batches/record-upload.errors';

const ok = (fields: Partial<SectorRow>): SectorRow => ({
  idNumber: null,
  name: null,
  birthDate: null,
  regionCode: null,
  attributes: null,
  parseError: null,
  ...fields,
});
const bad = (parseError: string): SectorRow => ok({ parseError });

/** Runs a body through the format's row stages, in memory. */
async function rowsOf(format: UploadFormat, chunks: Array<string | Buffer>): Promise<SectorRow[]> {
  const { stages, explain } = rowStages(format);
  const rows: SectorRow[] = [];
  const sink = new Writable({
    objectMode: true,
    write: (block: RowBlock, _e, done) => {
      for (let i = 0; i < blockRows(block); i++) rows.push(blockRow(block, i));
      done();
    },
  });
  try {
    await pipeline([Readable.from(chunks), ...stages, sink]);
  } catch (err) {
    throw explain(err);
  }
  return rows;
}

function header(cells: string[]): CsvHeader {
  const read = readCsvHeader(cells);
  if ('problem' in read) throw new Error(read.problem);
  return read.header;
}

describe('parseNdjsonLine', () => {
  it('reads a full record and leaves absent optional fields null', () => {
    expect(
      parseNdjsonLine('{"idNumber":"110101199003077777","name":"张三","birthDate":"1990-03-07","regionCode":"110101","attributes":{"enrolled":true}}', 1),
    ).toEqual(ok({ idNumber: '110101199003077777', name: '张三', birthDate: '1990-03-07', regionCode: '110101', attributes: { enrolled: true } }));
    expect(parseNdjsonLine('{"idNumber":"1","name":"a","birthDate":null}', 2)).toEqual(ok({ idNumber: '1', name: 'a' }));
  });

  it('keeps a record with missing required fields for reconciliation to judge', () => {
    expect(parseNdjsonLine('{"name":"a"}', 3)).toEqual(ok({ name: 'a' }));
  });

  it.each([
    ['{"idNumber":"1",', 'line 7: not valid JSON'],
    ['[1,2]', 'line 7: not a JSON object but an array'],
    ['"text"', 'line 7: not a JSON object but a string'],
    ['{"idNumber":110101199003077777,"name":"a"}', 'line 7: idNumber must be a string, not a number'],
    ['{"idNumber":"1","name":["a"]}', 'line 7: name must be a string, not an array'],
    ['{"idNumber":"1","name":"a","birthDate":19900307}', 'line 7: birthDate must be a string, not a number'],
    ['{"idNumber":"1","name":"a","regionCode":true}', 'line 7: regionCode must be a string, not a boolean'],
    ['{"idNumber":"1","name":"a","attributes":[1]}', 'line 7: attributes must be an object, not an array'],
    ['{"idNumber":"1","name":"a","attributes":"x"}', 'line 7: attributes must be an object, not a string'],
    ['{"idnumber":"1","name":"a"}', 'line 7: unknown field "idnumber"'],
    ['{"idNumber":"1\\u0000","name":"a"}', 'line 7: contains a NUL character or an unpaired surrogate'],
    ['{"idNumber":"1","name":"a","attributes":{"school":"\\ud800"}}', 'line 7: contains a NUL character or an unpaired surrogate'],
    [`{"idNumber":"1","name":"a","attributes":${'{"a":'.repeat(20)}1${'}'.repeat(20)}}`, 'line 7: nested deeper than 8 levels'],
  ])('turns %s into a row with only the parse error', (line, error) => {
    expect(parseNdjsonLine(line, 7)).toEqual(bad(error));
  });

  it('accepts a surrogate pair (an emoji or a rare CJK character)', () => {
    expect(parseNdjsonLine('{"idNumber":"1","name":"𠮷"}', 1).parseError).toBeNull();
  });
});

describe('readCsvHeader', () => {
  it('places the known columns and keeps the others as attributes', () => {
    expect(header([' idNumber', 'name ', 'school', 'attributes', 'grade'])).toEqual({
      columns: ['idNumber', 'name', 'school', 'attributes', 'grade'],
      index: { idNumber: 0, name: 1, birthDate: -1, regionCode: -1 },
      attributesIndex: 3,
      extra: [
        { name: 'school', index: 2 },
        { name: 'grade', index: 4 },
      ],
    });
  });

  it.each([
    [['idNumber', 'fullName'], 'the CSV header must name the columns idNumber and name (it has: idNumber, fullName)'],
    [['idNumber', 'name', 'name'], 'the CSV header names the column "name" twice'],
    [['idNumber', '', 'name'], 'the CSV header has an empty column name'],
  ])('refuses %j', (cells, problem) => {
    expect(readCsvHeader(cells)).toEqual({ problem });
  });
});

describe('parseCsvRecord', () => {
  const h = header(['idNumber', 'name', 'birthDate', 'regionCode', 'enrolled', 'school']);

  it('reads the known columns, other columns as string attributes, an empty cell as not given', () => {
    expect(parseCsvRecord(h, ['1', '李四', '', '110101', 'true', ''], 2)).toEqual(
      ok({ idNumber: '1', name: '李四', regionCode: '110101', attributes: { enrolled: 'true' } }),
    );
    expect(parseCsvRecord(header(['idNumber', 'name']), ['1', 'a'], 2)).toEqual(ok({ idNumber: '1', name: 'a' }));
  });

  it('merges a JSON attributes column with the attribute columns', () => {
    const withJson = header(['idNumber', 'name', 'attributes', 'grade']);
    expect(parseCsvRecord(withJson, ['1', 'a', '{"enrolled":false}', '3'], 4).attributes).toEqual({ enrolled: false, grade: '3' });
    expect(parseCsvRecord(withJson, ['1', 'a', '{"enrolled":', ''], 4)).toEqual(bad('line 4: attributes is not valid JSON'));
    expect(parseCsvRecord(withJson, ['1', 'a', '[true]', ''], 4)).toEqual(bad('line 4: attributes must be a JSON object, not an array'));
  });

  it('keeps a column named __proto__ a plain key', () => {
    const row = parseCsvRecord(header(['idNumber', 'name', '__proto__']), ['1', 'a', 'x'], 2);
    expect(Object.getPrototypeOf(row.attributes)).toBe(Object.prototype);
    expect(Object.keys(row.attributes!)).toEqual(['__proto__']);
  });

  it('turns a wrong column count or a NUL into a row with only the parse error', () => {
    expect(parseCsvRecord(h, ['1', 'a', '', ''], 9)).toEqual(bad('line 9: 4 columns where the header has 6'));
    expect(parseCsvRecord(h, ['1', 'a\u0000', '', '', '', ''], 9)).toEqual(bad('line 9: name contains a NUL character'));
  });
});

const TODAY = new Date('2026-11-28T00:00:00Z');

describe('copyLine', () => {
  it('escapes backslash, tab and line breaks and writes NULL as \\N', () => {
    expect(copyText('a\\b\tc\nd\re')).toBe('a\\\\b\\tc\\nd\\re');
    expect(copyText(null)).toBe('\\N');
    expect(copyText('\\.')).toBe('\\\\.');
  });

  it('writes the record as received, then what intake made of it', () => {
    const valid = ok({ idNumber: '11010519491231002x', name: 'a\tb', attributes: { monthlyAmount: '300' } });
    const p1 = prepareRecord({ rowNo: 5, ...valid }, Sector.MINIMUM_LIVING, TODAY);
    expect(copyLine('b1', 5, valid, p1).split('\t')).toEqual([
      'b1',
      '5',
      '11010519491231002x',
      'a\\tb',
      '\\N',
      '\\N',
      '{"monthlyAmount":300}',
      '\\N',
      't',
      '\\N',
      '11010519491231002X',
      '\\N',
      'AB',
      '1949-12-31',
      '110105',
      'f',
      'AB',
      'A B\n',
    ]);
    const broken = bad('line 6: not valid JSON');
    const p2 = prepareRecord({ rowNo: 6, ...broken }, Sector.MINIMUM_LIVING, TODAY);
    expect(copyLine('b1', 6, broken, p2)).toBe('b1\t6\t\\N\t\\N\t\\N\t\\N\t\\N\tline 6: not valid JSON\tf\tline 6: not valid JSON\t\t\\N\t\t\\N\t\\N\tf\t\t\n');
  });

  it("keeps a typo's corrected number beside the INVALID record", () => {
    const typo = ok({ idNumber: '110105194912310021', name: '王' });
    const p = prepareRecord({ rowNo: 1, ...typo }, Sector.HEALTH, TODAY);
    const cells = copyLine('b1', 1, typo, p).split('\t');
    expect([cells[8], cells[11]]).toEqual(['f', '11010519491231002X']);
    expect(cells[9]).toMatch(/check character/);
  });
});

describe('NDJSON rows', () => {
  it('cuts lines across chunks, also inside a multi-byte character', async () => {
    const bytes = Buffer.from('{"idNumber":"1","name":"王五"}\n{"idNumber":"2","name":"b"}');
    const split = bytes.indexOf(Buffer.from('五')) + 1;
    const rows = await rowsOf('ndjson', [bytes.subarray(0, split), bytes.subarray(split)]);
    expect(rows).toEqual([ok({ idNumber: '1', name: '王五' }), ok({ idNumber: '2', name: 'b' })]);
  });

  it('strips a BOM, reads CRLF, skips blank lines but counts them in line numbers', async () => {
    const rows = await rowsOf('ndjson', ['\ufeff{"idNumber":"1","name":"a"}\r\n\r\n  \n{oops}\r\n{"idNumber":"2","name":"b"}\n\n']);
    expect(rows).toEqual([ok({ idNumber: '1', name: 'a' }), bad('line 4: not valid JSON'), ok({ idNumber: '2', name: 'b' })]);
  });

  it('stands a line over 64 KB for one bad row and reads the next line', async () => {
    const long = `{"idNumber":"1","name":"${'x'.repeat(MAX_LINE_BYTES)}"}`;
    const rows = await rowsOf('ndjson', [long.slice(0, 40_000), long.slice(40_000), '\n{"idNumber":"2","name":"b"}\n']);
    expect(rows).toEqual([bad('line 1: longer than 64 KB'), ok({ idNumber: '2', name: 'b' })]);
  });
});

describe('CSV rows', () => {
  it('reads quoted commas and line breaks and numbers lines as a text editor does', async () => {
    const rows = await rowsOf('csv', ['\ufeffidNumber,name,school\r\n', '1,a,"No. 1, Middle\r\nSchool"\r\n\r\n2,b\r\n3,"c ""the', ' third""",x\r\n']);
    expect(rows).toEqual([
      ok({ idNumber: '1', name: 'a', attributes: { school: 'No. 1, Middle\r\nSchool' } }),
      bad('line 5: 2 columns where the header has 3'),
      ok({ idNumber: '3', name: 'c "the third"', attributes: { school: 'x' } }),
    ]);
  });

  it('reads a header-only or empty body as no rows', async () => {
    expect(await rowsOf('csv', ['idNumber,name\n'])).toEqual([]);
    expect(await rowsOf('csv', [])).toEqual([]);
  });

  it('fails the whole body on a header without idNumber or name', async () => {
    await expect(rowsOf('csv', ['id,name\n1,a\n'])).rejects.toEqual(
      new RecordUploadError(
        RecordUploadFailure.BAD_BODY,
        'line 1: the CSV header must name the columns idNumber and name (it has: id, name); nothing of this upload was kept',
      ),
    );
  });

  it('fails the whole body on a quote never closed, naming the line it opened on', async () => {
    const err = await rowsOf('csv', ['idNumber,name\n1,a\n2,"b\n3,c\n']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RecordUploadError);
    expect((err as RecordUploadError).failure).toBe(RecordUploadFailure.BAD_BODY);
    expect((err as RecordUploadError).message).toMatch(/^line 3: a quoted field that is never closed/);
  });

  it('fails the whole body on a record over 64 KB instead of holding it', async () => {
    const err = await rowsOf('csv', ['idNumber,name\n1,"', 'x'.repeat(MAX_LINE_BYTES), 'y"\n']).catch((e: unknown) => e);
    expect((err as RecordUploadError).message).toMatch(/^line 2: a record longer than 64 KB/);
  });
});

/** The COPY text CopyRows makes of NDJSON lines. */
async function encoded(lines: string[], copyRows: CopyRows): Promise<string> {
  let text = '';
  const sink = new Writable({
    write: (chunk: Buffer, _e, done) => {
      text += chunk.toString();
      done();
    },
  });
  await pipeline([Readable.from(lines.map((l) => `${l}\n`)), new NdjsonRows(), copyRows, sink]);
  return text;
}

const idLine = (id: string) => JSON.stringify({ idNumber: id });

describe('CopyRows', () => {
  it('numbers rows from the first free row number and counts the bad ones', async () => {
    const encoder = new CopyRows('b1', 11, Sector.MINIMUM_LIVING, IN_THREAD, TODAY);
    const text = await encoded([idLine('1'), '{oops', idLine('3')], encoder);
    // Written in ID-number order (the bad line has no ID, which sorts first); each keeps the number of its place in the body.
    const lines = text
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split('\t'));
    expect(lines.map((cells) => [cells[1], cells[2]])).toEqual([
      ['12', '\\N'],
      ['11', '1'],
      ['13', '3'],
    ]);
    expect([encoder.received, encoder.badLines]).toEqual([3, 1]);
  });

  it('sorts by ID number only within blocks of rows, so memory stays bounded', async () => {
    const encoder = new CopyRows('b1', 1, Sector.MINIMUM_LIVING, IN_THREAD, TODAY);
    // Descending IDs over two and a half blocks: each block comes out ascending, the blocks in their order.
    const n = 20_000;
    const text = await encoded(
      Array.from({ length: n }, (_, i) => idLine(String(n - i).padStart(6, '0'))),
      encoder,
    );
    const rowNos = text
      .split('\n')
      .filter(Boolean)
      .map((l) => Number(l.split('\t')[1]));
    expect(rowNos).toHaveLength(n);
    expect(new Set(rowNos).size).toBe(n);
    expect(rowNos.slice(0, 3)).toEqual([8192, 8191, 8190]);
    expect(rowNos.slice(8192, 8194)).toEqual([16384, 16383]);
    expect(rowNos[n - 1]).toBe(16385);
  });

  it('writes on encoder threads, blocks in flight at once, the same text in the same order as on its own thread', async () => {
    const lines = Array.from({ length: 20_000 }, (_, i) =>
      i % 997 === 0
        ? '{oops'
        : JSON.stringify({ idNumber: `11010519491231${String(i % 10_000).padStart(4, '0')}`, name: `王${i}`, attributes: { monthlyAmount: String(i) } }),
    );
    const pool = new EncoderPool(2);
    try {
      const threaded = new CopyRows('b1', 5, Sector.MINIMUM_LIVING, pool, TODAY);
      const alone = new CopyRows('b1', 5, Sector.MINIMUM_LIVING, IN_THREAD, TODAY);
      expect(await encoded(lines, threaded)).toBe(await encoded(lines, alone));
      expect([threaded.received, threaded.badLines]).toEqual([20_000, 21]);
    } finally {
      await pool.close();
    }
  });
});
