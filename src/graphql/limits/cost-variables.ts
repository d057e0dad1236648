import {
  type DocumentNode,
  type GraphQLSchema,
  Kind,
  type ListTypeNode,
  type TypeNode,
  type VariableDefinitionNode,
  getNamedType,
  getNullableType,
  getOperationAST,
  isInputObjectType,
  isListType,
  typeFromAST,
} from 'graphql';

/** The operation and variables a cost is estimated from. */
export interface CostInput {
  query: DocumentNode;
  variables: Record<string, unknown>;
}

/**
 * The same operation with each list of input objects given as a list of as many nulls, its items
 * declared nullable: a list costs its length whatever its items hold, and coercing 1,000 pushed
 * households (as execution does again) was a tenth of a push. Null when no variable is such a
 * list. A cost read from it equals the real one whenever the real variables coerce; the caller
 * still falls back to the real variables before refusing anything.
 */
export function lengthsOnly(schema: GraphQLSchema, input: CostInput, operationName?: string): CostInput | null {
  const operation = getOperationAST(input.query, operationName);
  if (!operation?.variableDefinitions?.length) return null;
  const variables = { ...input.variables };
  let replaced = false;
  const definitions = operation.variableDefinitions.map((def) => {
    const raw = variables[def.variable.name.value];
    if (!Array.isArray(raw) || !isListOfObjects(schema, def)) return def;
    variables[def.variable.name.value] = new Array<null>(raw.length).fill(null);
    replaced = true;
    return { ...def, type: nullableItems(def.type) };
  });
  if (!replaced) return null;
  const query = { ...input.query, definitions: input.query.definitions.map((d) => (d === operation ? { ...operation, variableDefinitions: definitions } : d)) };
  return { query, variables };
}

function isListOfObjects(schema: GraphQLSchema, def: VariableDefinitionNode): boolean {
  const type = typeFromAST(schema, def.type as never);
  const list = type && getNullableType(type);
  if (!list || !isListType(list)) return false;
  const item = getNullableType(list.ofType);
  return isListType(item) || isInputObjectType(getNamedType(item));
}

/** `[X!]!` → `[X]!`, `[X!]` → `[X]`. */
function nullableItems(type: TypeNode): TypeNode {
  if (type.kind === Kind.NON_NULL_TYPE) return { ...type, type: nullableItems(type.type) as ListTypeNode };
  if (type.kind !== Kind.LIST_TYPE) return type;
  return { ...type, type: type.type.kind === Kind.NON_NULL_TYPE ? type.type.type : type.type };
}
