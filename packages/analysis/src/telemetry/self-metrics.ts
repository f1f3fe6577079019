/**
 * The service's own instruments, behind methods shaped like the receivers' and the queue's
 * telemetry hooks. Recording never throws; with metrics level `none` every method is a no-op,
 * with `basic` the latency histograms are left out.
 */
import type { Attributes, Meter } from '@opentelemetry/api';
import type { Signal } from '../otlp/model.js';
import {
  ATTR_ERROR_TYPE,
  ATTR_MONITOR_DROP_REASON,
  ATTR_MONITOR_ENGINE,
  ATTR_MONITOR_FINDING_STATE,
  ATTR_MONITOR_ALERT_CHANNEL,
  ATTR_MONITOR_ALERT_OUTCOME,
  ATTR_MONITOR_ALERT_SEVERITY,
  ATTR_MONITOR_ENCODING,
  ATTR_MONITOR_REFUSAL_REASON,
  ATTR_MONITOR_SIGNAL,
  ATTR_MONITOR_STORE_OPERATION,
  ATTR_MONITOR_TRANSPORT,
  METRIC_MONITOR_DECODE_ERRORS,
  METRIC_MONITOR_ENGINE_EVALUATION_DURATION,
  METRIC_MONITOR_ENGINE_EVALUATION_LAG,
  METRIC_MONITOR_ENGINE_EVALUATIONS_SKIPPED,
  METRIC_MONITOR_ENGINE_FINDINGS,
  METRIC_MONITOR_ALERT_DELIVERIES,
  METRIC_MONITOR_ALERTS_ACTIVE,
  METRIC_MONITOR_POINTS_ACCEPTED,
  METRIC_MONITOR_POINTS_DROPPED,
  METRIC_MONITOR_POINTS_RECEIVED,
  METRIC_MONITOR_PROCESSING_DURATION,
  METRIC_MONITOR_QUEUE_CAPACITY,
  METRIC_MONITOR_QUEUE_POINTS,
  METRIC_MONITOR_QUEUE_SIZE,
  METRIC_MONITOR_REQUESTS_REFUSED,
  METRIC_MONITOR_PROCESS_ERRORS,
  METRIC_MONITOR_SERIES_ACTIVE,
  METRIC_MONITOR_SERIES_EVICTED,
  METRIC_MONITOR_SERIES_LIMIT,
  METRIC_MONITOR_SERIES_REFUSED,
  METRIC_MONITOR_STORE_DURATION,
  MONITOR_LATENCY_BUCKETS_SECONDS,
} from '@heterodyne/semconv';

/** Recording methods of the service's own metrics. */
export interface SelfMetrics {
  /** `points` data points (spans, log records) arrived in one decoded request. */
  recordReceived(signal: Signal, points: number, transport?: 'http' | 'grpc'): void;
  /** `points` were processed and kept. */
  recordAccepted(signal: Signal, points: number): void;
  /** `points` were dropped for `reason` (see `DROP_REASON_VALUES`). */
  recordDropped(signal: Signal | undefined, reason: string, points: number): void;
  /** A receiver refused a request or closed a connection (`signal` undefined when unknown). */
  recordRefused(transport: 'http' | 'grpc', signal: Signal | undefined, reason: string): void;
  /** A request could not be decoded. */
  recordDecodeError(signal: Signal | undefined, encoding: 'protobuf' | 'json' | undefined): void;
  /** One request took `seconds` from decode to stored. */
  recordProcessingDuration(signal: Signal, seconds: number): void;
  /** One store operation took `seconds`; `errorType` when it failed. */
  recordStoreDuration(operation: string, seconds: number, errorType?: string): void;
  /** The ingest queue now holds `requests` requests with `points` points (push, as the queue reports it). */
  setQueueDepth(requests: number, points: number): void;
  /** Reports active series from `read` at each collection (the series store's count). */
  observeActiveSeries(read: () => number): void;
  /**
   * One evaluation of `engine` took `durationSeconds` and started `lagSeconds` after its
   * interval boundary; `errorType` when it threw.
   */
  recordEngineEvaluation(
    engine: string,
    durationSeconds: number,
    lagSeconds: number,
    errorType?: string,
  ): void;
  /** `engine` skipped `boundaries` interval boundaries (its previous evaluation still ran). */
  recordEngineSkipped(engine: string, boundaries: number): void;
  /** `engine` raised or resolved a finding. */
  recordFinding(engine: string, state: 'firing' | 'resolved'): void;
  /** Reports the store's refusals by reason, evictions and series limit at each collection. */
  observeSeriesBounds(read: () => SeriesBoundsReading): void;
  /** An unhandled rejection or uncaught exception (`kind`) was logged and survived. */
  recordProcessError(kind: string): void;
  /** One delivery attempt through alert channel `channel` ended with `outcome`. */
  recordAlertDelivery(channel: string, outcome: string): void;
  /** Reports active alerts by severity from `read` at each collection. */
  observeActiveAlerts(read: () => Readonly<Record<string, number>>): void;
}

/** What {@link SelfMetrics.observeSeriesBounds} reads. */
export interface SeriesBoundsReading {
  /** New series refused since start, by reason. */
  refused: Readonly<Record<string, number>>;
  /** Series evicted since start. */
  evicted: number;
  /** Most series. */
  limit: number;
}

/** Options of {@link createSelfMetrics}. */
export interface SelfMetricsOptions {
  /** @default 'normal' */
  level?: 'none' | 'basic' | 'normal' | 'detailed';
  /** The queue's request capacity, reported as `heterodyne.monitor.queue.capacity`. */
  queueCapacity?: number;
}

const NOOP: SelfMetrics = {
  recordReceived: () => undefined,
  recordAccepted: () => undefined,
  recordDropped: () => undefined,
  recordDecodeError: () => undefined,
  recordRefused: () => undefined,
  recordProcessingDuration: () => undefined,
  recordStoreDuration: () => undefined,
  setQueueDepth: () => undefined,
  observeActiveSeries: () => undefined,
  recordEngineEvaluation: () => undefined,
  recordEngineSkipped: () => undefined,
  recordFinding: () => undefined,
  observeSeriesBounds: () => undefined,
  recordProcessError: () => undefined,
  recordAlertDelivery: () => undefined,
  observeActiveAlerts: () => undefined,
};

/** Attribute objects are reused per combination, so recording allocates nothing. */
function cached(): (key: string, make: () => Attributes) => Attributes {
  const cache = new Map<string, Attributes>();
  return (key, make) => {
    let attributes = cache.get(key);
    if (!attributes) {
      attributes = make();
      // Drop reasons and store operations come from callers; keep the cache bounded anyway.
      if (cache.size < 1000) cache.set(key, attributes);
    }
    return attributes;
  };
}

/** Creates the service's instruments on `meter`. */
export function createSelfMetrics(meter: Meter, options: SelfMetricsOptions = {}): SelfMetrics {
  const level = options.level ?? 'normal';
  if (level === 'none') return NOOP;
  const withHistograms = level !== 'basic';
  const received = meter.createCounter(METRIC_MONITOR_POINTS_RECEIVED, {
    description: 'Data points received (spans and log records count as points), before any checks.',
    unit: '{point}',
  });
  const accepted = meter.createCounter(METRIC_MONITOR_POINTS_ACCEPTED, {
    description: 'Data points processed and kept.',
    unit: '{point}',
  });
  const dropped = meter.createCounter(METRIC_MONITOR_POINTS_DROPPED, {
    description: 'Data points dropped, by reason.',
    unit: '{point}',
  });
  const decodeErrors = meter.createCounter(METRIC_MONITOR_DECODE_ERRORS, {
    description: 'Requests whose payload could not be decoded.',
    unit: '{request}',
  });
  const refused = meter.createCounter(METRIC_MONITOR_REQUESTS_REFUSED, {
    description: 'Requests or connections the receivers refused, by reason.',
    unit: '{request}',
  });
  const advice = { explicitBucketBoundaries: [...MONITOR_LATENCY_BUCKETS_SECONDS] };
  const processing = withHistograms
    ? meter.createHistogram(METRIC_MONITOR_PROCESSING_DURATION, {
        description: 'Time to process one request, from decoded to stored.',
        unit: 's',
        advice,
      })
    : undefined;
  const store = withHistograms
    ? meter.createHistogram(METRIC_MONITOR_STORE_DURATION, {
        description: 'Time of one store operation.',
        unit: 's',
        advice,
      })
    : undefined;
  const engineDuration = withHistograms
    ? meter.createHistogram(METRIC_MONITOR_ENGINE_EVALUATION_DURATION, {
        description: 'Time of one engine evaluation.',
        unit: 's',
        advice,
      })
    : undefined;
  const engineLag = withHistograms
    ? meter.createHistogram(METRIC_MONITOR_ENGINE_EVALUATION_LAG, {
        description:
          'How late an engine evaluation started after the interval boundary it evaluates.',
        unit: 's',
        advice,
      })
    : undefined;
  const engineSkipped = meter.createCounter(METRIC_MONITOR_ENGINE_EVALUATIONS_SKIPPED, {
    description:
      'Interval boundaries an engine was not evaluated at because its previous evaluation was still running.',
    unit: '{evaluation}',
  });
  const findings = meter.createCounter(METRIC_MONITOR_ENGINE_FINDINGS, {
    description: 'Findings raised and resolved by the engines.',
    unit: '{finding}',
  });
  const depth = { requests: 0, points: 0 };
  meter
    .createObservableUpDownCounter(METRIC_MONITOR_QUEUE_SIZE, {
      description: 'Requests in the ingest queue, the one in processing included.',
      unit: '{request}',
    })
    .addCallback((result) => result.observe(depth.requests));
  meter
    .createObservableUpDownCounter(METRIC_MONITOR_QUEUE_POINTS, {
      description: 'Data points in the ingest queue.',
      unit: '{point}',
    })
    .addCallback((result) => result.observe(depth.points));
  if (options.queueCapacity !== undefined) {
    const capacity = options.queueCapacity;
    meter
      .createObservableUpDownCounter(METRIC_MONITOR_QUEUE_CAPACITY, {
        description: 'Requests the ingest queue holds at most.',
        unit: '{request}',
      })
      .addCallback((result) => result.observe(capacity));
  }
  let readActiveSeries: (() => number) | undefined;
  meter
    .createObservableUpDownCounter(METRIC_MONITOR_SERIES_ACTIVE, {
      description: 'Series held and not stale.',
      unit: '{series}',
    })
    .addCallback((result) => {
      if (readActiveSeries) result.observe(readActiveSeries());
    });
  let readBounds: (() => SeriesBoundsReading) | undefined;
  const refusedSeries = meter.createObservableCounter(METRIC_MONITOR_SERIES_REFUSED, {
    description: 'New series the store refused, by reason.',
    unit: '{series}',
  });
  const evictedSeries = meter.createObservableCounter(METRIC_MONITOR_SERIES_EVICTED, {
    description: 'Series evicted: stale past retention, or idle to make room for new ones.',
    unit: '{series}',
  });
  const seriesLimit = meter.createObservableUpDownCounter(METRIC_MONITOR_SERIES_LIMIT, {
    description: 'Most series the store holds.',
    unit: '{series}',
  });
  meter.addBatchObservableCallback(
    (result) => {
      const reading = readBounds?.();
      if (reading === undefined) return;
      for (const [reason, n] of Object.entries(reading.refused)) {
        result.observe(refusedSeries, n, { [ATTR_MONITOR_DROP_REASON]: reason });
      }
      result.observe(evictedSeries, reading.evicted);
      result.observe(seriesLimit, reading.limit);
    },
    [refusedSeries, evictedSeries, seriesLimit],
  );
  const processErrors = meter.createCounter(METRIC_MONITOR_PROCESS_ERRORS, {
    description: 'Unhandled promise rejections and uncaught exceptions logged and survived.',
    unit: '{error}',
  });
  const alertDeliveries = meter.createCounter(METRIC_MONITOR_ALERT_DELIVERIES, {
    description:
      'Alert notification delivery attempts: delivered, failed (retried later), dead-letter (retries exhausted) or rate-limited (delayed).',
    unit: '{attempt}',
  });
  let readActiveAlerts: (() => Readonly<Record<string, number>>) | undefined;
  meter
    .createObservableUpDownCounter(METRIC_MONITOR_ALERTS_ACTIVE, {
      description: 'Active alerts, including silenced and inhibited ones.',
      unit: '{alert}',
    })
    .addCallback((result) => {
      if (!readActiveAlerts) return;
      for (const [severity, count] of Object.entries(readActiveAlerts())) {
        result.observe(count, { [ATTR_MONITOR_ALERT_SEVERITY]: severity });
      }
    });
  const attrs = cached();
  const bySignal = (signal: Signal | undefined): Attributes =>
    attrs(`s:${signal}`, () => (signal ? { [ATTR_MONITOR_SIGNAL]: signal } : {}));
  return {
    recordReceived(signal, points, transport) {
      const attributes = attrs(`r:${signal}:${transport}`, () =>
        transport
          ? { [ATTR_MONITOR_SIGNAL]: signal, [ATTR_MONITOR_TRANSPORT]: transport }
          : { [ATTR_MONITOR_SIGNAL]: signal },
      );
      if (points > 0) received.add(points, attributes);
    },
    recordAccepted(signal, points) {
      if (points > 0) accepted.add(points, bySignal(signal));
    },
    recordDropped(signal, reason, points) {
      const attributes = attrs(`d:${signal}:${reason}`, () => ({
        ...bySignal(signal),
        [ATTR_MONITOR_DROP_REASON]: reason,
      }));
      if (points > 0) dropped.add(points, attributes);
    },
    observeSeriesBounds(read) {
      readBounds = read;
    },
    recordProcessError(kind) {
      processErrors.add(
        1,
        attrs(`p:${kind}`, () => ({ [ATTR_ERROR_TYPE]: kind })),
      );
    },
    recordDecodeError(signal, encoding) {
      const attributes = attrs(`e:${signal}:${encoding}`, () => ({
        ...bySignal(signal),
        ...(encoding ? { [ATTR_MONITOR_ENCODING]: encoding } : {}),
      }));
      decodeErrors.add(1, attributes);
    },
    recordRefused(transport, signal, reason) {
      const attributes = attrs(`x:${transport}:${signal}:${reason}`, () => ({
        [ATTR_MONITOR_TRANSPORT]: transport,
        ...bySignal(signal),
        [ATTR_MONITOR_REFUSAL_REASON]: reason,
      }));
      refused.add(1, attributes);
    },
    recordProcessingDuration(signal, seconds) {
      if (processing && seconds >= 0) processing.record(seconds, bySignal(signal));
    },
    recordStoreDuration(operation, seconds, errorType) {
      if (!store || seconds < 0) return;
      const attributes = attrs(`o:${operation}:${errorType}`, () => ({
        [ATTR_MONITOR_STORE_OPERATION]: operation,
        ...(errorType ? { [ATTR_ERROR_TYPE]: errorType } : {}),
      }));
      store.record(seconds, attributes);
    },
    setQueueDepth(requests, points) {
      depth.requests = requests;
      depth.points = points;
    },
    observeActiveSeries(read) {
      readActiveSeries = read;
    },
    recordEngineEvaluation(engine, durationSeconds, lagSeconds, errorType) {
      const byEngine = attrs(`g:${engine}`, () => ({ [ATTR_MONITOR_ENGINE]: engine }));
      if (engineDuration && durationSeconds >= 0) {
        const attributes = errorType
          ? attrs(`g:${engine}:${errorType}`, () => ({
              [ATTR_MONITOR_ENGINE]: engine,
              [ATTR_ERROR_TYPE]: errorType,
            }))
          : byEngine;
        engineDuration.record(durationSeconds, attributes);
      }
      if (engineLag && lagSeconds >= 0) engineLag.record(lagSeconds, byEngine);
    },
    recordEngineSkipped(engine, boundaries) {
      if (boundaries > 0) {
        engineSkipped.add(
          boundaries,
          attrs(`g:${engine}`, () => ({ [ATTR_MONITOR_ENGINE]: engine })),
        );
      }
    },
    recordAlertDelivery(channel, outcome) {
      alertDeliveries.add(
        1,
        attrs(`a:${channel}:${outcome}`, () => ({
          [ATTR_MONITOR_ALERT_CHANNEL]: channel,
          [ATTR_MONITOR_ALERT_OUTCOME]: outcome,
        })),
      );
    },
    observeActiveAlerts(read) {
      readActiveAlerts = read;
    },
    recordFinding(engine, state) {
      findings.add(
        1,
        attrs(`f:${engine}:${state}`, () => ({
          [ATTR_MONITOR_ENGINE]: engine,
          [ATTR_MONITOR_FINDING_STATE]: state,
        })),
      );
    },
  };
}
