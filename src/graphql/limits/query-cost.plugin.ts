import type { ApolloServerPlugin } from '@apollo/server';
import { type DocumentNode, type GraphQLSchema, getNullableType, isListType } from 'graphql';
import { type ComplexityEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';
import type { HubContext } from '../hub-context';
import { PAGE_MAX } from '../pagination';
import { lengthsOnly } from './cost-variables';
import { limitError } from './request-limits';

/** What an unpaged list (a household's members, its events) is assumed to hold. */
const UNPAGED_LIST = 10;
/** The page size a paged field has when `first` is not given. */
const DEFAULT_PAGE = 50;

/**
 * A list field costs its size times its selection: `first` for a page (a
 * connection's `edges` are that page), the length of its list argument for a
 * list answered item by item (`lookupPersons(idNumbers:)`), or a fixed
 * estimate for an unpaged list.
 */
const listEstimator: ComplexityEstimator = ({ field, args, childComplexity }) => {
  if (field.name === 'edges') return 1 + childComplexity;
  if (typeof args.first === 'number' || 'first' in args || field.args.some((a) => a.name === 'first')) {
    const first = typeof args.first === 'number' ? Math.min(Math.max(args.first, 0), PAGE_MAX) : DEFAULT_PAGE;
    return 1 + first * childComplexity;
  }
  if (!isListType(getNullableType(field.type))) return undefined;
  // A list answered one item per input (lookupPersons) is as long as that input; other lists get an estimate.
  const listArg = Object.values(args).find(Array.isArray) as unknown[] | undefined;
  return 1 + (listArg ? listArg.length : UNPAGED_LIST) * childComplexity;
};

/** Costs already estimated, per parsed document (Apollo keeps one per query text), per {@link costKey}. */
const COSTS_PER_DOCUMENT = 64;

/**
 * The key of a cost estimate, for variables that are all scalars (a page's `first` and cursor), or
 * null (lists and input objects are estimated each time, as large as they come). What a cost can
 * depend on: the operation, numbers and booleans (`@skip`); text (a cursor) never, so the pages
 * of one query share one estimate.
 */
function costKey(operationName: string | undefined, variables: Record<string, unknown>): string | null {
  let key = operationName ?? '';
  for (const [name, value] of Object.entries(variables)) {
    if (value !== null && typeof value === 'object') return null;
    key += `\u0000${name}=${typeof value === 'string' ? '' : String(value)}`;
  }
  return key;
}

/** Refuses, before execution, an operation whose estimated cost is over `maxCost`. */
export function queryCostPlugin(schema: GraphQLSchema, maxCost: number): ApolloServerPlugin<HubContext> {
  const known = new WeakMap<DocumentNode, Map<string, number>>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          const variables = request.variables ?? {};
          const operationName = request.operationName ?? undefined;
          const key = costKey(operationName, variables);
          const costs = known.get(document) ?? new Map<string, number>();
          const cost = (key !== null ? costs.get(key) : undefined) ?? operationCost(schema, document, variables, operationName, maxCost);
          // Only a cost of variables that coerced is kept: an unknown one must be estimated again.
          if (key !== null && cost !== null && !costs.has(key) && costs.size < COSTS_PER_DOCUMENT) known.set(document, costs.set(key, cost));
          if (cost !== null && cost > maxCost)
            throw limitError('cost', `The query would cost ${cost}; the limit is ${maxCost} (a list costs its page size times its fields)`);
        },
      };
    },
  };
}

/** The operation's cost, estimated cheaply first: the cheap estimate decides only a pass, a refusal is always decided on the real variables. */
function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown>,
  operationName: string | undefined,
  maxCost: number,
): number | null {
  const quick = lengthsOnly(schema, { query: document, variables }, operationName);
  const quickCost = quick && estimate(schema, quick.query, quick.variables, operationName);
  if (quickCost !== null && quickCost <= maxCost) return quickCost;
  return estimate(schema, document, variables, operationName);
}

/**
 * The operation's cost, or null when its variables do not coerce: execution
 * then refuses them with BAD_USER_INPUT (HTTP 400), and nothing runs to cost anything.
 */
function estimate(schema: GraphQLSchema, query: DocumentNode, variables: Record<string, unknown>, operationName?: string): number | null {
  try {
    return getComplexity({ schema, query, variables, operationName, estimators: [listEstimator, simpleEstimator({ defaultComplexity: 1 })] });
  } catch {
    return null;
  }
}
