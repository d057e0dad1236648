import type { Page } from 'playwright-core';
import type { TestHub } from './test-hub';
import { waitFor } from './wait-for';

/**
 * Holds the reconciliation runner after each committed chunk (its onProgress) until the test lets it go on, so a
 * page can be looked at while a batch is part done.
 */
export class ChunkGate {
  private chunks = 0;
  private open = false;
  private readonly waiting: Array<() => void> = [];

  reached(): Promise<void> {
    this.chunks++;
    return this.open ? Promise.resolve() : new Promise((resolve) => this.waiting.push(resolve));
  }

  waitForChunks(n: number): Promise<boolean> {
    return waitFor(`chunk ${n} committed`, async () => this.chunks >= n, 30_000);
  }

  /** Lets the runner take one more chunk. */
  release(): void {
    this.waiting.shift()?.();
  }

  /** Lets the runner go on to its end. */
  releaseAll(): void {
    this.open = true;
    this.waiting.splice(0).forEach((resolve) => resolve());
  }
}

type TypeRef = { kind: string; name: string | null; ofType: TypeRef | null };
type Introspected = { __type: { fields: Array<{ name: string; args: unknown[]; type: TypeRef }> } };

/** The scalar and enum fields (or lists of them) of the schema's Household and Member: what the hub can give of one. */
export async function fieldsOf(hub: TestHub): Promise<{ household: string[]; member: string[] }> {
  const leaf = (t: TypeRef): boolean => (t.ofType ? leaf(t.ofType) : t.kind === 'SCALAR' || t.kind === 'ENUM');
  const of = async (name: string) => {
    const res = await hub.gql<Introspected>(
      'LGOP',
      `query($n: String!) { __type(name: $n) { fields { name args { name } type { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } }`,
      { n: name },
    );
    return res.body.data!.__type.fields.filter((f) => f.args.length === 0 && leaf(f.type)).map((f) => f.name);
  };
  return { household: await of('Household'), member: await of('Member') };
}

export function householdQuery(fields: { household: string[]; member: string[] }): string {
  return `query($no: String!) { household(registryNo: $no) { ${fields.household.join(' ')} members { ${fields.member.join(' ')} } events { id } } }`;
}

/** A value as the console writes it. */
function written(v: unknown): string {
  if (typeof v === 'boolean') return v ? '✓' : '✗';
  return Array.isArray(v) ? v.join(', ') : String(v);
}

const withValues = (o: Record<string, unknown>, skip: string[]) =>
  Object.entries(o)
    .filter(([k, v]) => !skip.includes(k) && v !== null && v !== undefined)
    .map(([k, v]) => [k, written(v)])
    .sort((a, b) => a[0].localeCompare(b[0]));

/** The fields of a household answer that carry a value (the household's, then each member's), as the console writes them. */
export function shownFields(h: Record<string, unknown>): { household: string[][]; members: string[][][] } {
  return {
    household: withValues(h, ['members', 'events', 'benefits']),
    members: (h.members as Array<Record<string, unknown>>).map((m) => withValues(m, [])),
  };
}

type Element = { getAttribute(name: string): string | null; textContent: string | null; querySelectorAll(s: string): ArrayLike<Element> };

/** What the household page shows, by its data-field marks, in the shape of shownFields. */
export async function pageFields(p: Page): Promise<{ household: string[][]; members: string[][][] }> {
  const sorted = (pairs: string[][]) => pairs.sort((a, b) => a[0].localeCompare(b[0]));
  const household = await p
    .locator('[data-field^="household."]')
    .evaluateAll((els) => els.map((e) => [(e as unknown as Element).getAttribute('data-field')!.slice(10), (e as unknown as Element).textContent ?? '']));
  const rows = await p
    .locator('tr.ant-table-row:has([data-field^="member."])')
    .evaluateAll((trs) =>
      trs.map((tr) =>
        Array.from((tr as unknown as Element).querySelectorAll('[data-field^="member."]')).map((e) => [
          e.getAttribute('data-field')!.slice(7),
          e.textContent ?? '',
        ]),
      ),
    );
  return { household: sorted(household), members: rows.map(sorted) };
}

/** The texts of the given columns (1-based) of the page's table rows; waits for a first row unless told not to. */
export async function tableRows(p: Page, columns: number[], wait = true): Promise<string[][]> {
  const rows = p.locator('.ant-table-tbody tr.ant-table-row');
  if (wait) await rows.first().waitFor();
  return rows.evaluateAll(
    (trs, cols) => trs.map((tr) => cols.map((c) => (tr as unknown as Element).querySelectorAll(`td:nth-child(${c})`)[0]?.textContent ?? '')),
    columns,
  );
}
