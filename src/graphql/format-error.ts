import type { GraphQLFormattedError } from 'graphql';
import { CONTRACT_ERROR_CODES, ContractErrorCode } from './error-code';
import { literalPath } from './literal-path';
import { validationFields } from './validation-fields';

/** Apollo's and graphql-js's own codes for a request the client got wrong. */
const CLIENT_FAULT_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'PERSISTED_QUERY_NOT_FOUND',
  'OPERATION_RESOLUTION_FAILURE',
]);

/**
 * Maps every error to a contract code. Errors the hub raised on purpose keep
 * their message; a client's malformed query becomes BAD_USER_INPUT; anything
 * else is masked as INTERNAL (the error-logging plugin logs it and adds the request id).
 */
export function createErrorFormatter(production: boolean) {
  return (formatted: GraphQLFormattedError, error?: unknown): GraphQLFormattedError => {
    const code = String(formatted.extensions?.code ?? '');
    const limit = limitOf(formatted);
    if (limit) {
      return { message: formatted.message, locations: formatted.locations, extensions: { code: ContractErrorCode.QUERY_TOO_COMPLEX, limit } };
    }
    const validationErrors = formatted.extensions?.validationErrors;
    if (Array.isArray(validationErrors)) {
      return {
        message: 'The input is not valid',
        path: formatted.path,
        extensions: { code: ContractErrorCode.BAD_USER_INPUT, fields: validationFields(validationErrors) },
      };
    }
    const clientFault = CLIENT_FAULT_CODES.has(code) || isVariableCoercion(formatted.message);
    if (clientFault && !formatted.extensions?.fields) {
      return {
        message: formatted.message,
        locations: formatted.locations,
        extensions: {
          code: ContractErrorCode.BAD_USER_INPUT,
          fields: [{ path: inputPath(formatted.message) ?? literalPath(error) ?? 'query', message: formatted.message }],
        },
      };
    }
    if (CONTRACT_ERROR_CODES.has(code) && code !== ContractErrorCode.INTERNAL) {
      return { message: formatted.message, path: formatted.path, locations: formatted.locations, extensions: strip(formatted.extensions) };
    }
    // The error-logging plugin has logged the original with the request id and adds that id here.
    return {
      message: production ? 'Internal error; quote the request id to the hub operators' : formatted.message,
      path: formatted.path,
      extensions: { code: ContractErrorCode.INTERNAL },
    };
  };
}

/** The limit a refused request hit: ours carry `extensions.limit`; graphql-js's token limit only says so in its message. */
function limitOf(formatted: GraphQLFormattedError): string | null {
  const limit = formatted.extensions?.limit;
  if (typeof limit === 'string') return limit;
  return /^Syntax Error: Document contains more tha[nt] \d+ tokens/.test(formatted.message) ? 'tokens' : null;
}

/** graphql-js names the failing spot of a variable as `at "households[0].status"`. */
function inputPath(message: string): string | null {
  return /\bat "([^"]{1,200})"/.exec(message)?.[1] ?? null;
}

function isVariableCoercion(message: string): boolean {
  return message.startsWith('Variable "$');
}

/** Drops Apollo's stacktrace extension whatever the mode: a client never needs it. */
function strip(extensions: GraphQLFormattedError['extensions']): Record<string, unknown> {
  const { stacktrace: _stack, ...rest } = (extensions ?? {}) as Record<string, unknown>;
  return rest;
}
