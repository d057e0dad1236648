/* An encoder thread: blocks of uploaded rows in, their COPY text out (record-encoder.pool.ts runs it). */
import { parentPort } from 'node:worker_threads';
import { encodeBlock } from './record-blocks';
import type { EncoderReply, EncoderRequest } from './record-encoder.pool';

parentPort?.on('message', ({ id, block, target }: EncoderRequest) => {
  let reply: EncoderReply;
  try {
    const encoded = encodeBlock(block, target);
    // Handed over, not copied; a small text may sit in Buffer's shared pool, which must not be handed over.
    const text = encoded.text.byteLength === encoded.text.buffer.byteLength ? encoded.text : new Uint8Array(encoded.text);
    reply = { id, encoded: { ...encoded, text } };
  } catch (err) {
    reply = { id, error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
  }
  parentPort!.postMessage(reply, 'encoded' in reply ? [reply.encoded.text.buffer as ArrayBuffer] : []);
});
