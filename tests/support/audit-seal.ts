/**
 * Seals until `expected` rows are linked, as the worker's repeating job would.
 * A seal only links transactions below the cluster's oldest running one, and
 * the test files share one PostgreSQL, so another file's open transaction can
 * hold a seal back for a moment; this waits for it (bounded), never for time.
 */
export async function sealUntil(seal: () => Promise<number>, expected: number, timeoutMs = 60_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let sealed = await seal();
  while (sealed < expected && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    sealed += await seal();
  }
  return sealed;
}
