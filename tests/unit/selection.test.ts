import { type FragmentDefinitionNode, type OperationDefinitionNode, type FieldNode, Kind, parse } from 'graphql';
import { selectedFields, selects } from '../../src/graphql/selection';

/** The look-ahead as a resolver of the operation's first root field sees it. */
function infoOf(query: string) {
  const doc = parse(query);
  const op = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const fragments = Object.fromEntries(
    doc.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
  return { fieldNodes: [op.selectionSet.selections[0] as FieldNode], fragments };
}

describe('selectedFields (the look-ahead of a page)', () => {
  it('names the fields at a path, through inline and named fragments, aliases by their field name', () => {
    const info = infoOf(`{ households { edges { node { registryNo r2: registryNo ... on Household { status }
      ...more members { name } } } } } fragment more on Household { villageCode members { idNumber } }`);
    expect([...selectedFields(info, ['edges', 'node'])].sort()).toEqual(['members', 'registryNo', 'status', 'villageCode']);
    expect([...selectedFields(info, ['edges', 'node', 'members'])].sort()).toEqual(['idNumber', 'name']);
    expect(selects(info, ['edges', 'node', 'members'])).toBe(true);
  });

  it('is empty for a path the operation does not select', () => {
    const info = infoOf('{ households { pageInfo { hasNextPage } } }');
    expect(selectedFields(info, ['edges', 'node']).size).toBe(0);
  });
});
