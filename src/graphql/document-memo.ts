import type { DocumentNode } from 'graphql';

/**
 * `fn` of a parsed document, worked out once per document: Apollo keeps one parsed document per
 * query text, so what depends on the text alone is not redone for every request that sends it.
 */
export function perDocument<T>(fn: (document: DocumentNode) => T): (document: DocumentNode) => T {
  const known = new WeakMap<DocumentNode, { value: T }>();
  return (document) => {
    let hit = known.get(document);
    if (!hit) known.set(document, (hit = { value: fn(document) }));
    return hit.value;
  };
}
