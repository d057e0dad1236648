import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { GraphQLError, type GraphQLSchema, parse, specifiedRules, validate } from 'graphql';
import type { ExecutionResult } from 'graphql-sse';
import { createHandler } from 'graphql-sse/lib/use/express';
import type { Logger } from '../logging/logger';
import { ContractErrorCode } from './error-code';
import { createErrorFormatter } from './format-error';
import type { HubContext } from './hub-context';
import { HubError } from './hub-error';
import { limitValidationRules } from './limits/limit.rules';
import type { RequestLimits } from './limits/request-limits';

/** What the stream handler needs from the server. */
export interface StreamHandlerDeps {
  schema: GraphQLSchema;
  production: boolean;
  /** The request limits of /graphql; null only in the benchmark without protections. */
  limits: RequestLimits | null;
  log: Logger;
  /** The context of the request the auth middleware has passed (its `res.locals.caller`). */
  contextOf: (res: Response) => HubContext;
}

const ONLY_SUBSCRIPTIONS = 'Only subscriptions are served on /graphql/stream; send queries and mutations to /graphql';

/**
 * GraphQL subscriptions over Server-Sent Events (the graphql-sse protocol) on
 * the hub's schema, in its "distinct connections" mode only: one stream per
 * operation, on the request that asked for it and under its bearer token (the
 * single-connection mode's reserved streams would outlive the token check).
 * The same parse and validation limits as /graphql; errors leave through the
 * same formatter, with their contract codes.
 */
export function graphqlStreamHandler(deps: StreamHandlerDeps): RequestHandler {
  const format = createErrorFormatter(deps.production);
  const rules = deps.limits ? [...specifiedRules, ...limitValidationRules(deps.limits)] : specifiedRules;
  const handler = createHandler<HubContext & Record<PropertyKey, unknown>>({
    schema: deps.schema,
    authenticate: () => null,
    context: (req) => deps.contextOf(req.context.res) as HubContext & Record<PropertyKey, unknown>,
    onSubscribe: (_req, params) => {
      try {
        parse(params.query, deps.limits ? { maxTokens: deps.limits.maxTokens } : {});
      } catch (err) {
        return refusal(format(clientFault(err as GraphQLError).toJSON()));
      }
    },
    validate: (schema, document) => validate(schema, document, rules).map(clientFault),
    execute: () => ({
      errors: [new HubError(ContractErrorCode.BAD_USER_INPUT, ONLY_SUBSCRIPTIONS, { fields: [{ path: 'query', message: ONLY_SUBSCRIPTIONS }] })],
    }),
    onNext: (ctx, _req, result) => formatted(result as ExecutionResult, ctx, format),
  });
  return (req: Request, res: Response, next: NextFunction) => {
    handler(req, res).catch((err: unknown) => {
      if (!res.headersSent) return next(err);
      // The stream has begun: ending it is all that is left (the client's reconnect asks again).
      deps.log.error({ err, requestId: res.locals.requestId }, 'live subscription stream failed');
      res.destroy();
    });
  };
}

/** A parse or validation error: the formatter tells the client's faults by this code (BAD_USER_INPUT, or QUERY_TOO_COMPLEX for a limit). */
function clientFault(err: GraphQLError): GraphQLError {
  if (err.extensions?.code || err.extensions?.limit) return err;
  return new GraphQLError(err.message, { nodes: err.nodes, source: err.source, positions: err.positions, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
}

function refusal(error: ReturnType<ReturnType<typeof createErrorFormatter>>) {
  return [
    JSON.stringify({ errors: [error] }),
    { status: 400, statusText: 'Bad Request', headers: { 'content-type': 'application/json; charset=utf-8' } },
  ] as const;
}

/** Errors as /graphql sends them; an unexpected one is logged with the request id, which the client gets instead of its text. */
function formatted(result: ExecutionResult, ctx: HubContext, format: ReturnType<typeof createErrorFormatter>): ExecutionResult {
  if (!result.errors?.length) return result;
  const errors = result.errors.map((e) => {
    const err = e instanceof GraphQLError ? e : new GraphQLError(String((e as { message?: unknown }).message ?? e));
    const out = format(err.toJSON(), err);
    if (out.extensions?.code !== ContractErrorCode.INTERNAL) return out;
    ctx.log.error({ err: err.originalError ?? err, path: err.path }, 'unexpected error in a live subscription');
    return { ...out, extensions: { ...out.extensions, requestId: ctx.requestId } };
  });
  // The stream sends JSON.stringify(result): formatted errors are what a GraphQLError would serialise to, minus what the client must not see.
  return { ...result, errors } as unknown as ExecutionResult;
}
