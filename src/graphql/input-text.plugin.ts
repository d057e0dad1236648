import type { ApolloServerPlugin } from '@apollo/server';
import { type DocumentNode, GraphQLError, visit } from 'graphql';
import { UNSTORABLE_TEXT } from '../db/unstorable-text';
import { ContractErrorCode } from './error-code';
import { perDocument } from './document-memo';
import type { HubContext } from './hub-context';

/** Deepest nesting of arrays and objects in the variables; no input of the schema comes near it. */
export const MAX_INPUT_DEPTH = 64;

interface InputProblem {
  path: string;
  message: string;
}

const UNSTORABLE = 'Text must be valid Unicode without the NUL character (U+0000) or unpaired surrogates';

/** A value still to look at; its path is spelled only for the one value that has a problem. */
interface Pending {
  value: unknown;
  key: string | number | null;
  parent: Pending | null;
  depth: number;
}

/** `households[3].members[1].name`: the path of a pending value, from its parents. */
function pathOf(p: Pending): string {
  if (p.parent === null) return '';
  const parent = pathOf(p.parent);
  if (typeof p.key === 'number') return `${parent}[${p.key}]`;
  return parent ? `${parent}.${p.key}` : (p.key as string);
}

/**
 * The first problem of a variables object: text PostgreSQL cannot store, or nesting deeper than
 * MAX_INPUT_DEPTH. Walked with a stack of its own, not by recursion: a JSON body may nest
 * 100,000 deep, and a recursion would overflow the process's stack (an INTERNAL, HTTP 500).
 * Paths are spelled only for the problem found: a push of 1,000 households holds 80,000 values.
 */
function inputProblem(variables: Record<string, unknown>): InputProblem | null {
  const todo: Pending[] = [{ value: variables, key: null, parent: null, depth: 0 }];
  for (let next = todo.pop(); next; next = todo.pop()) {
    const { value, depth } = next;
    if (typeof value === 'string') {
      if (UNSTORABLE_TEXT.test(value)) return { path: pathOf(next), message: UNSTORABLE };
      continue;
    }
    if (!value || typeof value !== 'object') continue;
    if (depth > MAX_INPUT_DEPTH) return { path: pathOf(next), message: `Input may nest at most ${MAX_INPUT_DEPTH} lists and objects deep` };
    // Reversed onto the stack, so the first problem in reading order is the one reported.
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) todo.push({ value: value[i], key: i, parent: next, depth: depth + 1 });
    } else {
      const keys = Object.keys(value);
      for (let i = keys.length - 1; i >= 0; i--)
        todo.push({ value: (value as Record<string, unknown>)[keys[i]], key: keys[i], parent: next, depth: depth + 1 });
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
 * Refuses, before execution, input that PostgreSQL cannot store (see
 * UNSTORABLE_TEXT) and variables nested absurdly deep; such a value would
 * otherwise fail deep in a query, or in a recursion, as an internal error
 * instead of the client's.
 */
export function inputTextPlugin(): ApolloServerPlugin<HubContext> {
  const unstorable = perDocument(unstorableLiteral);
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          const problem = inputProblem(request.variables ?? {}) ?? (unstorable(document) ? { path: 'query', message: UNSTORABLE } : null);
          if (!problem) return;
          throw new GraphQLError(problem.message, { extensions: { code: ContractErrorCode.BAD_USER_INPUT, fields: [problem], http: { status: 400 } } });
        },
      };
    },
  };
}
