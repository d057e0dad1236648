import type { Context } from '@opentelemetry/api';
import type { tracing } from '@opentelemetry/sdk-node';

/** Attributes that can carry a URL's query string (older and current HTTP conventions). */
const URL_ATTRIBUTES = ['http.target', 'http.url', 'url.full'];

/**
 * Cuts query strings off HTTP span attributes before the span is exported: a
 * GET /graphql?variables=... or any route's query could carry ID numbers. It
 * runs in onEnding, while the span still takes attributes, ahead of the exporter.
 */
export class UrlQueryScrubber implements tracing.SpanProcessor {
  onStart(_span: tracing.Span, _parent: Context): void {}

  onEnding(span: tracing.Span): void {
    for (const key of URL_ATTRIBUTES) {
      const value = span.attributes[key];
      if (typeof value === 'string' && value.includes('?')) span.setAttribute(key, value.slice(0, value.indexOf('?')));
    }
    if (span.attributes['url.query'] !== undefined) span.setAttribute('url.query', '');
  }

  onEnd(): void {}

  async forceFlush(): Promise<void> {}

  async shutdown(): Promise<void> {}
}
