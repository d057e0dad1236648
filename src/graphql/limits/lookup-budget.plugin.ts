import { type ApolloServerPlugin, type GraphQLResponse, HeaderMap } from '@apollo/server';
import {
  type DocumentNode,
  type FragmentDefinitionNode,
  GraphQLError,
  type GraphQLSchema,
  Kind,
  type OperationDefinitionNode,
  getArgumentValues,
  getVariableValues,
  visit,
} from 'graphql';
import { collectFields } from 'graphql/execution/collectFields';
import { ContractErrorCode } from '../error-code';
import { perDocument } from '../document-memo';
import type { HubContext } from '../hub-context';
import type { BudgetRefusal } from './lookup-budget';

/** Most ID numbers one request may look up, over all its `lookupPersons` fields (aliases, fragments). */
export const LOOKUP_REQUEST_MAX = 1000;

/** What one operation looks up: ID numbers, and `household(registryNo:)` fields. */
interface Lookups {
  idNumbers: number;
  households: number;
}

/**
 * Counts lookups before execution: more than LOOKUP_REQUEST_MAX ID numbers in
 * one request are refused (aliases would otherwise multiply the per-field cap),
 * and a tenant past its daily budget (HubContext.lookupBudget) is refused
 * RATE_LIMITED before a database connection is taken. A `household` miss is
 * charged by its resolver, since only execution knows it missed.
 */
export function lookupBudgetPlugin(schema: GraphQLSchema): ApolloServerPlugin<HubContext> {
  const mayLookUp = perDocument(mentionsLookup);
  return {
    async requestDidStart() {
      let lookups: Lookups = { idNumbers: 0, households: 0 };
      return {
        async didResolveOperation({ request, document, operation }) {
          if (!mayLookUp(document)) return;
          lookups = (operation && countLookups(schema, document, operation, request.variables ?? {})) ?? lookups;
          if (lookups.idNumbers <= LOOKUP_REQUEST_MAX) return;
          const message = `At most ${LOOKUP_REQUEST_MAX} ID numbers a request, over all its lookupPersons fields; ${lookups.idNumbers} were sent`;
          throw new GraphQLError('Too many ID numbers', {
            extensions: { code: ContractErrorCode.BAD_USER_INPUT, fields: [{ path: 'idNumbers', message }], http: { status: 400 } },
          });
        },
        // Not didResolveOperation: its hooks run at once, so a request another plugin refuses would be charged.
        async responseForOperation({ contextValue }) {
          const budget = contextValue.lookupBudget;
          if (!budget) return null;
          const tenant = contextValue.caller.tenant.code;
          const refused =
            (lookups.households > 0 ? await budget.check(tenant) : null) ?? (lookups.idNumbers > 0 ? await budget.take(tenant, lookups.idNumbers) : null);
          return refused ? rateLimited(tenant, refused) : null;
        },
      };
    },
  };
}

/** Whether any field of the document, at any depth, bears a lookup field's name: otherwise there is nothing to count. */
function mentionsLookup(document: DocumentNode): boolean {
  let found = false;
  visit(document, { Field: (node) => void (found ||= node.name.value === 'lookupPersons' || node.name.value === 'household') });
  return found;
}

/**
 * The root fields execution would run, as it collects them (fragments, @skip/@include, one
 * per response key); null when the variables do not coerce: execution then refuses them.
 */
function countLookups(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, inputs: Record<string, unknown>): Lookups | null {
  const query = schema.getQueryType();
  if (operation.operation !== 'query' || !query) return null;
  const variables = getVariableValues(schema, operation.variableDefinitions ?? [], inputs);
  if (!variables.coerced) return null;
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments[def.name.value] = def;
  const lookups: Lookups = { idNumbers: 0, households: 0 };
  try {
    for (const [node] of collectFields(schema, fragments, variables.coerced, query, operation.selectionSet).values()) {
      if (node.name.value === 'household') lookups.households++;
      if (node.name.value !== 'lookupPersons') continue;
      const args = getArgumentValues(query.getFields().lookupPersons, node, variables.coerced);
      lookups.idNumbers += Array.isArray(args.idNumbers) ? args.idNumbers.length : 0;
    }
  } catch {
    return null;
  }
  return lookups;
}

function rateLimited(tenant: string, refused: NonNullable<BudgetRefusal>): GraphQLResponse {
  const { retryAfterSeconds } = refused;
  return {
    http: { status: 429, headers: new HeaderMap([['retry-after', String(retryAfterSeconds)]]) },
    body: {
      kind: 'single',
      singleResult: {
        errors: [
          {
            message: `The daily lookup budget of ${tenant} is spent; retry in ${retryAfterSeconds} s`,
            extensions: { code: ContractErrorCode.RATE_LIMITED, retryAfterSeconds },
          },
        ],
      },
    },
  };
}
