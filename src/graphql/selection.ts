import { type GraphQLResolveInfo, Kind, type SelectionSetNode } from 'graphql';

/**
 * Whether the operation selects the field at `path` below the current field
 * (`['edges', 'node', 'members']`), through inline fragments and named
 * fragments alike: a look-ahead, so that a resolver can read in one statement
 * what its children would otherwise each ask for. Directives (@skip, @include)
 * are ignored: a field skipped is read for nothing, never left out.
 */
export function selects(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>, path: readonly string[]): boolean {
  return path.length > 0 && selectedFields(info, path.slice(0, -1)).has(path[path.length - 1]);
}

/** The fields a look-ahead found below a field; null when the reader should take every field. */
export type SelectedFields = ReadonlySet<string> | null;

/**
 * The names of the fields the operation selects at `path` below the current
 * field (`['edges', 'node']`), through fragments, aliases merged: what a page
 * statement needs to read. Directives are ignored, as in `selects`.
 */
export function selectedFields(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>, path: readonly string[]): Set<string> {
  const found = new Set<string>();
  for (const node of info.fieldNodes) collect(node.selectionSet, path, info.fragments, found);
  return found;
}

function collect(set: SelectionSetNode | undefined, path: readonly string[], fragments: GraphQLResolveInfo['fragments'], found: Set<string>): void {
  if (!set) return;
  for (const s of set.selections) {
    if (s.kind === Kind.INLINE_FRAGMENT) collect(s.selectionSet, path, fragments, found);
    else if (s.kind === Kind.FRAGMENT_SPREAD) collect(fragments[s.name.value]?.selectionSet, path, fragments, found);
    else if (!path.length) found.add(s.name.value);
    else if (s.name.value === path[0]) collect(s.selectionSet, path.slice(1), fragments, found);
  }
}
