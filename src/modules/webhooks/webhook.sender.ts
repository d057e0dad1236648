import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { type LookupFunction, isIP } from 'node:net';
import { checkWebhookUrl } from './webhook-url.guard';

/** Bytes of a receiver's answer that are kept. */
export const RESPONSE_BODY_BYTES = 1024;

/** What one attempt came to: the receiver's status and first kilobyte, or why there was none. */
export interface SendResult {
  status: number | null;
  body: string | null;
  error: string | null;
  durationMs: number;
}

export interface SendRequest {
  url: string;
  body: string;
  headers: Record<string, string>;
  allowHosts: readonly string[];
  timeoutMs: number;
}

/**
 * POSTs one signed payload. The host is resolved and checked first, and the
 * connection goes to the address that was checked (a lookup that answers only
 * with it), so a DNS answer that changes in between (rebinding) is never used.
 * Redirects are not followed (a 3xx is a failed attempt); the whole attempt has
 * one deadline; only the first kilobyte of the answer is read.
 */
export async function sendWebhook(req: SendRequest): Promise<SendResult> {
  const started = performance.now();
  const done = (r: Omit<SendResult, 'durationMs'>): SendResult => ({ ...r, durationMs: Math.round(performance.now() - started) });
  const checked = await checkWebhookUrl(req.url, req.allowHosts);
  if (typeof checked === 'string') return done({ status: null, body: null, error: `address not allowed (${checked})` });
  const address = checked.addresses[0];
  const family = isIP(address);
  const pinned: LookupFunction = (_host, options, callback) => {
    if ((options as { all?: boolean }).all) (callback as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [{ address, family }]);
    else callback(null, address, family);
  };
  const outcome = await post(checked.url, req, pinned);
  return done(outcome);
}

function post(url: URL, req: SendRequest, lookup: LookupFunction): Promise<Omit<SendResult, 'durationMs'>> {
  return new Promise((resolve) => {
    const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, {
      method: 'POST',
      headers: { ...req.headers, 'content-length': String(Buffer.byteLength(req.body)) },
      lookup,
      agent: false,
    });
    let settled = false;
    const finish = (r: Omit<SendResult, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
      request.destroy();
    };
    const timer = setTimeout(() => finish({ status: null, body: null, error: `timeout after ${req.timeoutMs} ms` }), req.timeoutMs);
    request.on('error', (err) => finish({ status: null, body: null, error: errorText(err) }));
    request.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const end = () => finish({ status: res.statusCode ?? null, body: firstKilobyte(Buffer.concat(chunks)), error: null });
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        if (size >= RESPONSE_BODY_BYTES) end();
      });
      res.on('end', end);
      res.on('error', end);
    });
    request.end(req.body);
  });
}

/** At most RESPONSE_BODY_BYTES of UTF-8 text, cut at a character boundary, without NULs (PostgreSQL text refuses them). */
export function firstKilobyte(bytes: Buffer): string | null {
  if (!bytes.length) return null;
  let text = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, RESPONSE_BODY_BYTES)).replace(/\u0000/g, '');
  while (Buffer.byteLength(text) > RESPONSE_BODY_BYTES) text = text.slice(0, -1);
  return text;
}

/** A connection error as the attempt records it: its code, never a stack. */
function errorText(err: Error): string {
  const code = (err as NodeJS.ErrnoException).code;
  return (code ? `${code}: ` : '') + err.message.slice(0, 200);
}
