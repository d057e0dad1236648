import { isUtf8 } from 'node:buffer';
import { Transform, type TransformCallback } from 'node:stream';
import iconv from 'iconv-lite';
import { RecordUploadError, RecordUploadFailure } from './record-upload.errors';

/** The encodings an upload's bytes are read in. */
export type UploadCharset = 'utf-8' | 'gb18030';

/** A body's encoding as the client declared it (`label`, as sent), or UTF-8 when it declared none. */
export interface BodyCharset {
  charset: UploadCharset;
  /** The charset parameter as sent, or null when there was none. */
  label: string | null;
  /** Whether a refusal for bytes invalid in UTF-8 should point to charset=gb18030 (CSV, which Excel writes). */
  hintGb18030: boolean;
}

export const UTF8_BODY: BodyCharset = { charset: 'utf-8', label: null, hintGb18030: false };

/** Charset labels read, lower-case; GBK and GB2312 are subsets of GB18030, so their bytes decode as it. */
export const CHARSET_LABELS: Readonly<Record<string, UploadCharset>> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  gb18030: 'gb18030',
  gbk: 'gb18030',
  gb2312: 'gb18030',
};

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const REPLACEMENT = '\ufffd';
const REPLACEMENT_UTF8 = Buffer.from(REPLACEMENT, 'utf8');
/** The most bytes held back waiting for a place to cut: a text body has one every few characters. */
const MAX_CARRY_BYTES = 1024 * 1024;

/**
 * A body's bytes into UTF-8, streamed: UTF-8 passes through checked, GB18030
 * is decoded by iconv-lite. A UTF-8 BOM means UTF-8 whatever was declared, and
 * is dropped. Bytes invalid in the encoding fail the whole upload naming their
 * line: iconv-lite (and a lenient UTF-8 decoding) would store U+FFFD in their
 * place, and a name made of U+FFFD never matches anyone. A literal U+FFFD is
 * refused too: it only ever stands for text already lost. Lines are counted
 * on LF, which no multi-byte sequence of either encoding contains.
 */
export class BodyDecoder extends Transform {
  private head: Buffer | null = Buffer.alloc(0);
  private mode: UploadCharset;
  /** The bytes after the last point where a chunk could be cut without cutting a character. */
  private carry: Buffer = Buffer.alloc(0);
  /** Lines ended so far. */
  private lines = 0;

  constructor(private readonly body: BodyCharset) {
    super();
    this.mode = body.charset;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    try {
      const bytes = this.afterBom(chunk);
      if (bytes && bytes.length > 0) this.decode(bytes);
      done();
    } catch (err) {
      done(err as Error);
    }
  }

  override _flush(done: TransformCallback): void {
    try {
      if (this.head && this.head.length > 0) this.decode(this.head);
      this.head = null;
      if (this.mode === 'gb18030') this.pushText(iconv.decode(this.carry, 'gb18030', { stripBOM: false }));
      else if (this.carry.length > 0) this.refuse(this.lines + 1, false);
      done();
    } catch (err) {
      done(err as Error);
    }
  }

  /** Holds the first bytes until a BOM can be told; then the bytes after it. */
  private afterBom(chunk: Buffer): Buffer | null {
    if (!this.head) return chunk;
    const head = Buffer.concat([this.head, chunk]);
    if (head.length < UTF8_BOM.length && UTF8_BOM.subarray(0, head.length).equals(head)) {
      this.head = head;
      return null;
    }
    this.head = null;
    if (!head.subarray(0, UTF8_BOM.length).equals(UTF8_BOM)) return head;
    this.mode = 'utf-8';
    return head.subarray(UTF8_BOM.length);
  }

  private decode(bytes: Buffer): void {
    const whole = this.carry.length > 0 ? Buffer.concat([this.carry, bytes]) : bytes;
    const cut = this.mode === 'gb18030' ? gbSafeEnd(whole) : completeEnd(whole);
    this.carry = Buffer.from(whole.subarray(cut));
    if (this.carry.length > MAX_CARRY_BYTES) this.refuseLong();
    const part = whole.subarray(0, cut);
    if (this.mode === 'gb18030') return this.pushText(iconv.decode(part, 'gb18030', { stripBOM: false }));
    if (!isUtf8(part) || part.includes(REPLACEMENT_UTF8)) {
      const text = part.toString('utf8');
      const at = text.indexOf(REPLACEMENT);
      this.refuse(this.lines + 1 + countLf(text, at), isUtf8(part));
    }
    this.lines += countLfBytes(part);
    this.push(part);
  }

  private pushText(text: string): void {
    const at = text.indexOf(REPLACEMENT);
    if (at >= 0) this.refuse(this.lines + 1 + countLf(text, at), false);
    this.lines += countLf(text, text.length);
    if (text.length > 0) this.push(Buffer.from(text, 'utf8'));
  }

  private refuse(lineNo: number, literal: boolean): never {
    throw new RecordUploadError(RecordUploadFailure.BAD_BODY, `line ${lineNo}: ${this.problem(literal)}; nothing of this upload was kept`);
  }

  private refuseLong(): never {
    const problem = `more than ${MAX_CARRY_BYTES / 1024} KB without a comma, space or line break (is this text at all?)`;
    throw new RecordUploadError(RecordUploadFailure.BAD_BODY, `line ${this.lines + 1}: ${problem}; nothing of this upload was kept`);
  }

  private problem(literal: boolean): string {
    if (literal) return 'a U+FFFD replacement character, which stands for text already lost to a wrong decoding (is the file in another encoding?)';
    if (this.mode === 'gb18030') {
      return `bytes that are not valid ${this.body.label ?? 'GB18030'} (or a U+FFFD replacement character); is the file in another encoding?`;
    }
    if (this.body.label && this.body.charset === 'utf-8') return `bytes that are not valid UTF-8 (the charset declared)`;
    if (this.body.label) return `bytes that are not valid UTF-8 (the file starts with a UTF-8 byte order mark)`;
    const hint = this.body.hintGb18030 ? '; a CSV saved by Excel on Chinese Windows is GB18030: declare it with Content-Type: text/csv; charset=gb18030' : '';
    return `bytes that are not valid UTF-8${hint}`;
  }
}

/**
 * Where `bytes` (GB18030) may be cut: after its last byte below 0x30, which
 * is never part of a multi-byte sequence (LF, comma, space and quote all are).
 * Each piece is then decoded whole: iconv-lite's streaming decoder loses a
 * byte when a four-byte sequence is cut in its first or third byte (0.7.3).
 */
function gbSafeEnd(bytes: Buffer): number {
  for (let i = bytes.length - 1; i >= 0; i--) if (bytes[i] < 0x30) return i + 1;
  return 0;
}

/** Where the last complete UTF-8 sequence of `bytes` ends: a sequence cut by the chunk's end waits for the next. */
function completeEnd(bytes: Buffer): number {
  for (let i = bytes.length - 1; i >= 0 && i >= bytes.length - 4; i--) {
    const b = bytes[i];
    if (b < 0x80) return bytes.length;
    if (b < 0xc0) continue;
    const size = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
    return i + size > bytes.length ? i : bytes.length;
  }
  // Only continuation bytes at the end: invalid either way, which the check of the whole finds.
  return bytes.length;
}

/** LFs in `text` before index `end`. */
function countLf(text: string, end: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

function countLfBytes(bytes: Buffer): number {
  let n = 0;
  for (let i = bytes.indexOf(0x0a); i !== -1; i = bytes.indexOf(0x0a, i + 1)) n++;
  return n;
}
