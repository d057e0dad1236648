import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';

/**
 * ESLint's import-x/no-cycle skips `import type`; a ring of type imports still ties the
 * rooms together (hub-context -> hub-loaders -> ... -> hub-context was one). This walks
 * every import of src/, types included. MikroORM's two-way relations are the one allowed ring.
 */
const ROOT = path.resolve(__dirname, '../..');
const ALLOWED = [['src/modules/households/household.entity.ts', 'src/modules/members/member.entity.ts']];

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
  );
}

function importsOf(file: string): string[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)]
    .map((m) => path.normalize(path.join(path.dirname(file), m[1])) + '.ts')
    .filter((f) => existsSync(path.join(ROOT, f)));
}

/** Tarjan's strongly connected components of more than one file. */
function rings(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) visit(w);
      if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, low.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const ring: string[] = [];
    let w: string;
    do ring.push((w = stack.pop()!));
    while (w !== v);
    if (ring.length > 1) found.push(ring.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe('imports of src/', () => {
  it('form no ring, type imports included, beyond the entities of a two-way relation', () => {
    const graph = new Map(sourceFiles('src').map((f) => [f, importsOf(f)]));
    expect(graph.size).toBeGreaterThan(100);
    expect(rings(graph)).toEqual(ALLOWED);
  });

  it('finds a ring when there is one', () => {
    expect(
      rings(
        new Map([
          ['a', ['b']],
          ['b', ['c']],
          ['c', ['a']],
          ['d', ['a']],
        ]),
      ),
    ).toEqual([['a', 'b', 'c']]);
  });
});
