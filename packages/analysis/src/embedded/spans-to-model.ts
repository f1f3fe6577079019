/**
 * Finished OTel SDK spans (`ReadableSpan`) as the decoded OTLP model of `otlp/model.ts`: what
 * the service's receivers produce from the same spans sent over OTLP, so the pipeline
 * treats both alike. Spans are grouped by resource and instrumentation scope, as the OTLP
 * exporters group them.
 */
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { hrTimeToNanos } from '../exporters/sdk-metrics-to-model.js';
import type { Attributes, ResourceSpans, Span, TracesRequest } from '../otlp/model.js';

function modelSpan(span: ReadableSpan): Span {
  const context = span.spanContext();
  return {
    traceId: context.traceId,
    spanId: context.spanId,
    parentSpanId: span.parentSpanContext?.spanId ?? '',
    traceState: context.traceState?.serialize() ?? '',
    name: span.name,
    // The API's SpanKind starts at INTERNAL = 0; OTLP's at UNSPECIFIED = 0, INTERNAL = 1.
    kind: span.kind + 1,
    startTimeUnixNano: hrTimeToNanos(span.startTime),
    endTimeUnixNano: hrTimeToNanos(span.endTime),
    attributes: span.attributes as Attributes,
    eventsCount: span.events.length,
    linksCount: span.links.length,
    status: { code: span.status.code, message: span.status.message ?? '' },
  };
}

/** One export request holding `spans`, grouped by resource and scope. */
export function spansToRequest(spans: readonly ReadableSpan[]): TracesRequest {
  const byResource = new Map<object, ResourceSpans>();
  for (const span of spans) {
    let resource = byResource.get(span.resource);
    if (!resource) {
      resource = {
        resource: {
          attributes: span.resource.attributes as Attributes,
          droppedAttributesCount: 0,
        },
        schemaUrl: span.resource.schemaUrl ?? '',
        scopeSpans: [],
      };
      byResource.set(span.resource, resource);
    }
    const scope = span.instrumentationScope;
    let scopeSpans = resource.scopeSpans.find(
      (s) => s.scope.name === scope.name && s.scope.version === (scope.version ?? ''),
    );
    if (!scopeSpans) {
      scopeSpans = {
        scope: {
          name: scope.name,
          version: scope.version ?? '',
          attributes: {},
          droppedAttributesCount: 0,
        },
        schemaUrl: scope.schemaUrl ?? '',
        spans: [],
      };
      resource.scopeSpans.push(scopeSpans);
    }
    scopeSpans.spans.push(modelSpan(span));
  }
  return { resourceSpans: [...byResource.values()] };
}
