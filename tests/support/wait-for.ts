/** How often a condition is probed again. */
const POLL_MS = 20;

/**
 * The one way a test waits for a condition: calls `probe` every 20 ms until it
 * returns a truthy value and resolves with that value (`0` and `''` mean "not
 * yet", as do undefined, null and false); after `timeoutMs` it fails naming
 * `what` it waited for. A probe that throws fails the wait at once (e.g. the
 * process it watches has exited). Fixed sleeps that deliberately hold time
 * (a request kept in flight) are not waits for a condition and stay as they are.
 */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 60_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}
