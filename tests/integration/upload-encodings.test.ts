import iconv from 'iconv-lite';
import { uploadSuite } from '../support/upload-suite';

describe('uploads in GB18030, GBK and UTF-8 with a BOM', () => {
  const s = uploadSuite('enc', 'text/csv');
  const { member, newBatch, put, reconcile } = s;
  const stored = async (id: string) =>
    s.hub.db.orm.em
      .getConnection()
      .execute<Array<{ row_no: number; id_number: string; name: string; attributes: Record<string, string> | null }>>(
        'select row_no, id_number, name, attributes from sector_records where batch_id = ? order by row_no',
        [id],
      );
  /** The registry's first two members of household 1, with a Chinese school name, as CSV text. */
  const csv = () =>
    ['idNumber,name,school', `${member(0).idNumber},${member(0).name},第一中学`, `${member(2).idNumber},${member(2).name},村小学`].join('\r\n') + '\r\n';

  it('stores GB18030 names intact and matches them', async () => {
    const id = await newBatch();
    const bytes = iconv.encode(csv(), 'gb18030');
    // The bytes really are not UTF-8: a hub that read them as such would store U+FFFD.
    expect(bytes.toString('utf8')).toContain('\ufffd');
    const answer = await put(id, bytes, 'text/csv; charset=GB18030');
    expect(answer).toEqual({ status: 200, body: { batchId: id, received: 2, badLines: 0, totalRecords: 2 } });
    expect(await stored(id)).toEqual([
      { row_no: 1, id_number: member(0).idNumber, name: member(0).name, attributes: { school: '第一中学' } },
      { row_no: 2, id_number: member(2).idNumber, name: member(2).name, attributes: { school: '村小学' } },
    ]);
    expect(await reconcile(id)).toEqual([
      [1, 'MATCHED'],
      [2, 'MATCHED'],
    ]);
  });

  it('reads a body labelled GBK (or GB2312) as GB18030, whose subsets they are', async () => {
    for (const label of ['gbk', '"gb2312"']) {
      const id = await newBatch();
      const answer = await put(id, iconv.encode(csv(), 'gbk'), `text/csv;charset=${label}`);
      expect(answer.status).toBe(200);
      expect((await stored(id)).map((r) => r.name)).toEqual([member(0).name, member(2).name]);
    }
  });

  it('drops a UTF-8 BOM, declared or not, and matches the names', async () => {
    const id = await newBatch();
    const answer = await put(id, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv(), 'utf8')]), 'text/csv');
    expect(answer.body).toMatchObject({ received: 2, badLines: 0 });
    expect((await stored(id)).map((r) => [r.id_number, r.name])).toEqual([
      [member(0).idNumber, member(0).name],
      [member(2).idNumber, member(2).name],
    ]);
    expect(await reconcile(id)).toEqual([
      [1, 'MATCHED'],
      [2, 'MATCHED'],
    ]);
  });

  it('refuses a truncated multi-byte sequence naming its line, and keeps nothing', async () => {
    const lines = ['idNumber,name', `${member(0).idNumber},${member(0).name}`, `${member(1).idNumber},${member(1).name}`, `${member(2).idNumber},王`];
    const gb = iconv.encode(lines.join('\n') + '\n', 'gb18030');
    // The last character of line 4 loses its second byte.
    const truncatedGb = Buffer.concat([gb.subarray(0, gb.length - 2), Buffer.from('\n')]);
    const utf = Buffer.from(lines.join('\n') + '\n', 'utf8');
    const truncatedUtf = Buffer.concat([utf.subarray(0, utf.length - 2), Buffer.from('\n')]);
    for (const [body, type, named] of [
      [truncatedGb, 'text/csv; charset=gb18030', /^line 4: bytes that are not valid gb18030/],
      [truncatedUtf, 'text/csv; charset=utf-8', /^line 4: bytes that are not valid UTF-8 \(the charset declared\)/],
      [truncatedUtf, 'application/x-ndjson', /^line 4: bytes that are not valid UTF-8;/],
    ] as const) {
      const id = await newBatch();
      const answer = await put(id, body, type);
      expect(answer.status).toBe(400);
      expect(answer.body.errors?.[0]).toMatchObject({ message: expect.stringMatching(named), extensions: { code: 'BAD_USER_INPUT' } });
      expect(await stored(id)).toEqual([]);
    }
  });

  it('refuses undeclared GB18030 bytes with a message that says to declare charset=gb18030', async () => {
    const id = await newBatch();
    const answer = await put(id, iconv.encode(csv(), 'gb18030'), 'text/csv');
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]).toMatchObject({ message: expect.stringMatching(/^line 2: .*charset=gb18030/), extensions: { code: 'BAD_USER_INPUT' } });
    expect(await stored(id)).toEqual([]);
  });

  it('refuses a literal U+FFFD, which stands for text already lost', async () => {
    const id = await newBatch();
    const body = Buffer.from(`idNumber,name\n${member(0).idNumber},${member(0).name}\n${member(1).idNumber},\ufffd\ufffd\n`, 'utf8');
    const answer = await put(id, body, 'text/csv');
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0].message).toMatch(/^line 3: a U\+FFFD replacement character/);
    expect(await stored(id)).toEqual([]);
  });

  it('answers 415 for a charset it does not read, and for GB18030 NDJSON', async () => {
    const id = await newBatch();
    for (const type of ['text/csv; charset=big5', 'application/x-ndjson; charset=gb18030']) {
      const answer = await put(id, Buffer.from('idNumber,name\n'), type);
      expect(answer.status).toBe(415);
      expect(answer.body.errors?.[0]).toMatchObject({ message: expect.stringContaining('is not read'), extensions: { code: 'BAD_USER_INPUT' } });
    }
  });
});
