import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import iconv from 'iconv-lite';
import { BodyDecoder, type BodyCharset } from '../../src/modules/sector-batches/record-body.decoder';

const GB: BodyCharset = { charset: 'gb18030', label: 'gb18030', hintGb18030: false };
const UTF8: BodyCharset = { charset: 'utf-8', label: null, hintGb18030: true };
const TEXT = 'idNumber,name\n1,张三\n2,李四𠀀\n3,王五\n';

/** `bytes` through the decoder in chunks of `size` bytes, so every multi-byte sequence is cut somewhere. */
async function decode(bytes: Buffer, charset: BodyCharset, size: number): Promise<string> {
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  const out: Buffer[] = [];
  await pipeline(Readable.from(chunks), new BodyDecoder(charset), async (source: AsyncIterable<Buffer>) => {
    for await (const b of source) out.push(b);
  });
  return Buffer.concat(out).toString('utf8');
}

describe('BodyDecoder', () => {
  it.each([1, 2, 3, 7])('decodes GB18030 and passes UTF-8 whole in chunks of %i bytes', async (size) => {
    expect(await decode(iconv.encode(TEXT, 'gb18030'), GB, size)).toBe(TEXT);
    expect(await decode(Buffer.from(TEXT, 'utf8'), UTF8, size)).toBe(TEXT);
    expect(await decode(Buffer.from(`\ufeff${TEXT}`, 'utf8'), GB, size)).toBe(TEXT);
  });

  it.each([1, 5, 1000])('names the line of an invalid byte in chunks of %i bytes', async (size) => {
    const bad = (bytes: Buffer) => Buffer.concat([bytes.subarray(0, bytes.indexOf('\n3,')), Buffer.from([0xff]), bytes.subarray(bytes.indexOf('\n3,'))]);
    await expect(decode(bad(iconv.encode(TEXT, 'gb18030')), GB, size)).rejects.toThrow(/^line 3: bytes that are not valid gb18030/);
    await expect(decode(bad(Buffer.from(TEXT, 'utf8')), UTF8, size)).rejects.toThrow(/^line 3: bytes that are not valid UTF-8; .*charset=gb18030/);
  });

  it('refuses a UTF-8 sequence cut by the end of the body', async () => {
    const bytes = Buffer.from(TEXT.trimEnd(), 'utf8');
    await expect(decode(bytes.subarray(0, bytes.length - 1), UTF8, 4)).rejects.toThrow(/^line 4: bytes that are not valid UTF-8/);
    const gb = iconv.encode(TEXT.trimEnd(), 'gb18030');
    await expect(decode(gb.subarray(0, gb.length - 1), GB, 4)).rejects.toThrow(/^line 4: bytes that are not valid gb18030/);
  });
});
