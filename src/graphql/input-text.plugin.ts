import type { ApolloServerPlugin } from '@apollo/server';
import { type DocumentNode, GraphQLError, visit } from 'graphql';
import { UNSTORABLE_TEXT } from '../db/unstorable-text';
import { ContractErrorCode } from './error-code';
import type { HubContext } from './hub-context';

/** Where, in a variables object, the first string PostgreSQL cannot store is; null when there is none. */
function unstorablePath(value: unknown, path: string): string | null {
  if (typeof value === 'string') return UNSTORABLE_TEXT.test(value) ? path : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = unstorablePath(value[i], `${path}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const found = unstorablePath(v, path ? `${path}.${k}` : k);
      if (found) return found;
    }
  }
  return null;
}

function unstorableLiteral(document: DocumentNode): boolean {
  let found = false;
  visit(document, { StringValue: (node) => void (found ||= UNSTORABLE_TEXT.test(node.value)) });
  return found;
}

/**
 * Refuses, before execution, input text that PostgreSQL cannot store (see
 * UNSTORABLE_TEXT); such a value would otherwise fail deep in a query as an
 * internal error instead of the client's.
 */
export function inputTextPlugin(): ApolloServerPlugin<HubContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          const path = unstorablePath(request.variables ?? {}, '') ?? (unstorableLiteral(document) ? 'query' : null);
          if (!path) return;
          const message = 'Text must be valid Unicode without the NUL character (U+0000) or unpaired surrogates';
          throw new GraphQLError(message, { extensions: { code: ContractErrorCode.BAD_USER_INPUT, fields: [{ path, message }], http: { status: 400 } } });
        },
      };
    },
  };
}
