/* An encoder thread: blocks of uploaded rows in, their COPY text (or a dry run's tally) out (record-encoder.pool.ts runs it). */
import { parentPort } from 'node:worker_threads';
import { encodeBlock } from './record-blocks';
import { type CheckTally, checkBlock } from './record-check';
import type { EncoderReply, EncoderRequest } from './record-encoder.pool';

parentPort?.on('message', (request: EncoderRequest) => {
  const { id, block } = request;
  if ('check' in request) return void parentPort!.postMessage(checked(id, () => checkBlock(block, request.check)));
  let reply: EncoderReply;
  try {
    const encoded = encodeBlock(block, request.target);
    // Handed over, not copied; a small text may sit in Buffer's shared pool, which must not be handed over.
    const text = encoded.text.byteLength === encoded.text.buffer.byteLength ? encoded.text : new Uint8Array(encoded.text);
    reply = { id, encoded: { ...encoded, text } };
  } catch (err) {
    reply = { id, error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
  }
  parentPort!.postMessage(reply, 'encoded' in reply ? [reply.encoded.text.buffer as ArrayBuffer] : []);
});

function checked(id: number, check: () => CheckTally): EncoderReply {
  try {
    return { id, checked: check() };
  } catch (err) {
    return { id, error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
  }
}
