import { GraphQLError, type ASTNode, parse, visit } from 'graphql';
import { literalPath } from '../../src/graphql/literal-path';

/** An error pointing at the first string literal whose value is `target`, as a validation rule raises it. */
function errorAt(query: string, target: string): GraphQLError {
  let node: ASTNode | undefined;
  visit(parse(query), {
    StringValue(n) {
      if (!node && n.value === target) node = n;
    },
  });
  return new GraphQLError('Expected value of type "Decimal!"', { nodes: node });
}

describe('literalPath', () => {
  it('names argument, list position and object fields like a variable path', () => {
    const q = 'mutation { a(key: "k", items: [{ amount: "1" }, { amount: "BAD", inner: { x: "y" } }]) { n } }';
    expect(literalPath(errorAt(q, 'BAD'))).toBe('items[1].amount');
    expect(literalPath(errorAt(q, 'y'))).toBe('items[1].inner.x');
    expect(literalPath(errorAt(q, 'k'))).toBe('key');
  });

  it('finds nested lists and arguments of nested fields', () => {
    const q = '{ a { b(rows: [["ok", "BAD"]]) { c } } }';
    expect(literalPath(errorAt(q, 'BAD'))).toBe('rows[0][1]');
  });

  it('gives up on errors without a source position', () => {
    expect(literalPath(new GraphQLError('no nodes'))).toBeNull();
    expect(literalPath(new Error('plain'))).toBeNull();
  });
});
