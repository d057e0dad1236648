import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, type ReadStream } from 'node:fs';
import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough, type Readable, finished } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { RecordUploadError, RecordUploadFailure } from './record-upload.errors';
import type { UploadLimits } from './upload-limits';

const PREFIX = 'hub-upload-';
/** Reads of the spool for COPY: large, since the file is local and the parser gains from fewer, bigger chunks. */
const READ_CHUNK_BYTES = 1024 * 1024;

/** A new spool file's path (not yet created). */
export function spoolPath(dir: string): string {
  return path.join(dir, `${PREFIX}${randomUUID()}`);
}

/**
 * Writes the request body to `file` as it arrives: a slow client then costs a
 * socket and disk, never a database connection. Fails, and stops reading, when
 * the client goes away, `signal` aborts, or less than the floor arrives in a
 * window. `req` itself is left alone, so the failure can still be answered.
 */
export async function spoolBody(
  req: Readable,
  file: string,
  floor: Pick<UploadLimits, 'minBytesPerSecond' | 'rateWindowMs'>,
  signal: AbortSignal,
): Promise<void> {
  const body = detached(req);
  let received = 0;
  const count = (chunk: Buffer) => void (received += chunk.length);
  req.on('data', count);
  const perWindow = (floor.minBytesPerSecond * floor.rateWindowMs) / 1000;
  const check = setInterval(() => {
    if (received < perWindow) body.destroy(tooSlow(received, floor));
    received = 0;
  }, floor.rateWindowMs);
  if (perWindow <= 0) clearInterval(check);
  try {
    await pipeline(body, createWriteStream(file, { flags: 'wx' }), { signal });
  } finally {
    clearInterval(check);
    req.off('data', count);
  }
}

/** The spooled body, to be read once. */
export function readSpool(file: string): ReadStream {
  return createReadStream(file, { highWaterMark: READ_CHUNK_BYTES });
}

export async function removeSpool(file: string): Promise<void> {
  await rm(file, { force: true });
}

/**
 * Removes spool files older than `olderThanMs` (a process that died mid-upload
 * left them). An upload ends within its deadline, so a live one's file is never that old.
 */
export async function sweepSpool(dir: string, olderThanMs: number): Promise<number> {
  const cutoff = Date.now() - olderThanMs;
  let removed = 0;
  for (const name of await readdir(dir)) {
    if (!name.startsWith(PREFIX)) continue;
    const file = path.join(dir, name);
    const info = await stat(file).catch(() => null);
    if (info && info.mtimeMs < cutoff) {
      await removeSpool(file);
      removed++;
    }
  }
  return removed;
}

/** The body behind a stream of its own, which may be destroyed without destroying the socket; a client gone fails it. */
function detached(req: Readable): PassThrough {
  const body = new PassThrough();
  finished(req, (err) => {
    if (err) body.destroy(err);
  });
  body.on('close', () => req.unpipe(body));
  req.pipe(body);
  return body;
}

function tooSlow(received: number, floor: Pick<UploadLimits, 'minBytesPerSecond' | 'rateWindowMs'>): RecordUploadError {
  const rate = Math.floor(received / (floor.rateWindowMs / 1000));
  return new RecordUploadError(
    RecordUploadFailure.TOO_SLOW,
    `The body arrived at ${rate} bytes/s over the last ${floor.rateWindowMs / 1000} s, below the minimum of ${floor.minBytesPerSecond} bytes/s; nothing of this upload was kept`,
  );
}
