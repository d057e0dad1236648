import { GraphQLError } from 'graphql';
import { ContractErrorCode } from '../error-code';

/** What one GraphQL request may ask for; over any of them it is refused before execution. */
export interface RequestLimits {
  /** Deepest selection. @defaultValue `10` */
  maxDepth: number;
  /** Aliased fields in one operation. @defaultValue `15` */
  maxAliases: number;
  /** Directives in one operation. @defaultValue `50` */
  maxDirectives: number;
  /** Lexical tokens of the query text. @defaultValue `2000` */
  maxTokens: number;
  /** Estimated cost: a list field costs its page size times its selection. @defaultValue `100000` */
  maxCost: number;
  /** Characters of the query text. @defaultValue `15000` */
  maxQueryChars: number;
  /** JSON body of `/graphql` in bytes (the streamed batch upload has its own path). @defaultValue 10 MB */
  maxBodyBytes: number;
  /** Whole-request time of `/graphql` before it is answered 503 and dropped. @defaultValue `60000` ms */
  requestTimeoutMs: number;
}

export const DEFAULT_REQUEST_LIMITS: Readonly<RequestLimits> = {
  maxDepth: 10,
  maxAliases: 15,
  maxDirectives: 50,
  maxTokens: 2000,
  maxCost: 100_000,
  maxQueryChars: 15_000,
  maxBodyBytes: 10 * 1024 * 1024,
  requestTimeoutMs: 60_000,
};

/** Which limit a refused request hit; kept in `extensions.limit` so the formatter can tell limits from other validation errors. */
export type LimitName = 'depth' | 'aliases' | 'directives' | 'tokens' | 'cost' | 'queryLength' | 'batch';

/**
 * The contract's answer to a request over a limit. The status matters where it is thrown from a
 * plugin's hook (the cost): Apollo answers 500 there unless the error names one.
 */
export function limitError(limit: LimitName, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ContractErrorCode.QUERY_TOO_COMPLEX, limit, http: { status: 400 } } });
}
