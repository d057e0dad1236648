import type { ApolloServerPlugin } from '@apollo/server';
import { type GraphQLSchema, defaultFieldResolver, isObjectType, responsePathAsArray } from 'graphql';
import type { HubContext } from './hub-context';
import { REDACTED, REDACTED_PARTS, type Redactable } from './redactable';

/** The object types whose rows the sharing policy (or a province's view of another's data) can cut. */
const GOVERNED_TYPES = ['Household', 'Member', 'PersonLookup', 'Discrepancy', 'DataQualityIssue', 'Project'];

/** Fields typed as non-null lists or pages: redacted, they answer an empty one. */
const EMPTY_ANSWERS: Record<string, () => unknown> = {
  events: () => [],
  transactions: () => ({ edges: [], pageInfo: { hasNextPage: false, endCursor: null } }),
};

/**
 * The service layer decides what a caller may see and marks each cut row;
 * this wrapper only reports the cut fields' response paths into the request's
 * collector, so the response can list them in `extensions.redactedFields`.
 * Rows without a mark (provinces, LGOP) resolve exactly as before.
 */
export function installRedaction(schema: GraphQLSchema): GraphQLSchema {
  for (const name of GOVERNED_TYPES) {
    const type = schema.getType(name);
    if (!isObjectType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      const inner = field.resolve ?? defaultFieldResolver;
      const empty = EMPTY_ANSWERS[field.name] ?? (() => null);
      field.resolve = (source: Redactable, args, ctx: HubContext, info) => {
        const hidden = source?.[REDACTED];
        const parts = source?.[REDACTED_PARTS]?.[info.fieldName];
        if (parts?.length) {
          const at = responsePathAsArray(info.path).join('.');
          for (const part of parts) (ctx.redactedFields ??= new Set()).add(`${at}.${part}`);
        }
        if (hidden === undefined || !hidden.has(info.fieldName)) return inner(source, args, ctx, info);
        (ctx.redactedFields ??= new Set()).add(responsePathAsArray(info.path).join('.'));
        return empty();
      };
    }
  }
  return schema;
}

/** Adds the collected paths to the response's extensions. */
export function redactionPlugin(): ApolloServerPlugin<HubContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          const paths = contextValue.redactedFields;
          if (!paths?.size || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          result.extensions = { ...result.extensions, redactedFields: [...paths] };
        },
      };
    },
  };
}
