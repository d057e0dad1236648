import { createServer } from 'node:net';

/** A loopback port nothing listens on yet (for a server a test starts later, e.g. a Redis that is down at first). */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
