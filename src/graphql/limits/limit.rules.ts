import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import type { GraphQLError, ValidationContext, ValidationRule } from 'graphql';
import { type LimitName, type RequestLimits, limitError } from './request-limits';

/** graphql-armor reports through callbacks; each rejection is re-reported as the contract's QUERY_TOO_COMPLEX. */
const report = (limit: LimitName) => (context: ValidationContext | null, error: GraphQLError) => {
  context?.reportError(limitError(limit, error.message.replace(/^Syntax Error: /, '')));
};

/**
 * Depth, alias and directive limits as validation rules (graphql-armor): they
 * run before execution, and count through fragments.
 */
export function limitValidationRules(limits: Pick<RequestLimits, 'maxDepth' | 'maxAliases' | 'maxDirectives'>): ValidationRule[] {
  const common = { exposeLimits: true, propagateOnRejection: false };
  return [
    maxDepthRule({ ...common, n: limits.maxDepth, flattenFragments: true, onReject: [report('depth')] }) as unknown as ValidationRule,
    maxAliasesRule({ ...common, n: limits.maxAliases, onReject: [report('aliases')] }) as unknown as ValidationRule,
    maxDirectivesRule({ ...common, n: limits.maxDirectives, onReject: [report('directives')] }) as unknown as ValidationRule,
  ];
}
