import { type Link, ROOT_CONTEXT, SpanKind, SpanStatusCode, context, propagation, trace } from '@opentelemetry/api';
import { DelayedError, type Job, RateLimitError, WaitingChildrenError, WaitingError } from 'bullmq';

/*
 * Requests and the jobs they queue, tied by the W3C traceparent (trace id, span id, flags: never
 * personal data). With tracing off, @opentelemetry/api is a no-op: no traceparent is written and a
 * job's span is a non-recording one that costs an object.
 */

/** What a processor throws to hand its job back to BullMQ rather than to fail it. */
const HANDED_BACK = [DelayedError, RateLimitError, WaitingChildrenError, WaitingError];

/** Job data that may carry the traceparent of the request that queued it. */
export interface TracedJobData {
  traceparent?: string | null;
}

/** The traceparent of the active span (the request's, in a resolver), or null when there is none. */
export function currentTraceparent(): string | null {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent ?? null;
}

/** A link to the span a traceparent names; none when it is absent or malformed. */
function linksTo(traceparent: string | null | undefined): Link[] {
  if (!traceparent) return [];
  const spanContext = trace.getSpanContext(propagation.extract(ROOT_CONTEXT, { traceparent }));
  return spanContext && trace.isSpanContextValid(spanContext) ? [{ context: spanContext }] : [];
}

/**
 * Wraps a BullMQ processor: each job runs in a span of its own trace (a job may
 * run long after, and more than once for, the request) that links to the
 * request that queued it. The span names the queue, job and attempt; errors set
 * its status without their message, which may quote a record.
 */
export function tracedProcessor<D, R>(processor: (job: Job<D>, token?: string) => Promise<R>): (job: Job<D>, token?: string) => Promise<R> {
  const tracer = trace.getTracer('hub-worker');
  return (job, token) =>
    tracer.startActiveSpan(
      `${job.queueName} process`,
      {
        root: true,
        kind: SpanKind.CONSUMER,
        links: linksTo((job.data as TracedJobData | undefined)?.traceparent),
        attributes: {
          'messaging.system': 'bullmq',
          'messaging.operation.type': 'process',
          'messaging.destination.name': job.queueName,
          'messaging.message.id': job.id ?? '',
          'bullmq.job.name': job.name,
          'bullmq.job.attempt': job.attemptsMade + 1,
        },
      },
      async (span) => {
        try {
          return await processor(job, token);
        } catch (err) {
          // BullMQ's own signals (a job handed back to the queue by a stopping worker) are not failures.
          if (HANDED_BACK.some((type) => err instanceof type)) span.setAttribute('bullmq.job.handed_back', true);
          else span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).name });
          throw err;
        } finally {
          span.end();
        }
      },
    );
}
