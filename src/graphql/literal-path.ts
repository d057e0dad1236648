import { type ASTNode, GraphQLError, Kind, parse, visit } from 'graphql';

/**
 * The input path of a refused inline literal (`transactions[1].amount`), found
 * by walking the query to the value graphql-js pointed at. Variables already
 * carry their path in graphql-js's message; literals only carry a location.
 */
export function literalPath(error: unknown): string | null {
  if (!(error instanceof GraphQLError) || !error.source || !error.positions?.length) return null;
  const position = error.positions[0];
  let document;
  try {
    document = parse(error.source, { noLocation: false });
  } catch {
    return null;
  }
  let found: string | null = null;
  visit(document, {
    enter(node, _key, parent, _path, ancestors) {
      if (found !== null) return false;
      if (!node.loc || position < node.loc.start || position >= node.loc.end) return false;
      if (node.loc.start === position && isValue(node)) {
        // graphql-js's ancestors stop before the parent, which is passed on its own.
        found = pathOf([...(ancestors as ReadonlyArray<ASTNode | ReadonlyArray<ASTNode>>), parent as ASTNode, node]);
        return false;
      }
      return undefined;
    },
  });
  return found;
}

function isValue(node: ASTNode): boolean {
  return (
    node.kind === Kind.STRING ||
    node.kind === Kind.INT ||
    node.kind === Kind.FLOAT ||
    node.kind === Kind.ENUM ||
    node.kind === Kind.BOOLEAN ||
    node.kind === Kind.NULL ||
    node.kind === Kind.LIST ||
    node.kind === Kind.OBJECT
  );
}

/** Argument and object-field names joined by dots, list positions in brackets, as graphql-js writes variable paths. */
function pathOf(chain: ReadonlyArray<ASTNode | ReadonlyArray<ASTNode>>): string | null {
  let path = '';
  chain.forEach((step, i) => {
    if (Array.isArray(step) || !('kind' in step)) return;
    const node = step as ASTNode;
    if (node.kind === Kind.ARGUMENT) path = node.name.value;
    else if (node.kind === Kind.OBJECT_FIELD) path += `.${node.name.value}`;
    else if (node.kind === Kind.LIST) {
      const child = chain.slice(i + 1).find((c) => !Array.isArray(c)) as ASTNode | undefined;
      const index = child ? node.values.indexOf(child as never) : -1;
      if (index >= 0) path += `[${index}]`;
    }
  });
  return path || null;
}
