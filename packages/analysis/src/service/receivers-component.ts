/**
 * The `receivers` component: the ingest queue feeding the pipeline and the OTLP/HTTP and
 * OTLP/gRPC servers of the used receivers. Started last, so nothing is accepted before every
 * other part runs; shut down first: new requests get 503/`UNAVAILABLE` while the queued ones
 * are processed and answered.
 */
import type { AnalysisConfig } from '../config/types.js';
import type { Signal } from '../otlp/model.js';
import type { IngestPipeline } from '../pipeline/types.js';
import { IDLE_QUEUE_STATS } from '../queue/ingest-queue.js';
import type {
  EnqueueRefusal,
  IngestOutcome,
  IngestQueue,
  IngestQueueStats,
  RequestBySignal,
} from '../queue/types.js';
import { countItems } from '../otlp/count.js';
import { err } from '../result.js';
import type { Result } from '../result.js';
import type { SelfMetrics } from '../telemetry/self-metrics.js';
import type { Component } from './component.js';
import type { DropCounter } from './drop-counter.js';
import type { IngestStats } from './ingest-stats.js';
import type { ServiceLogger } from './logger.js';
import { createServiceIngest } from './service-ingest.js';
import { createReceiverSlots, startSlot, usedReceivers } from './service-receivers.js';
import type { ReceiverSlot } from './service-receivers.js';

/** A receiver as the API reports it; null when that transport is disabled. */
export type ReceiverView = { address: string; listening: boolean } | null;

/** Options of {@link createReceiversComponent}. */
export interface ReceiversComponentOptions {
  config: AnalysisConfig;
  /** The pipeline, once the store is open. */
  pipeline: () => IngestPipeline;
  signals: ReadonlySet<Signal>;
  stats: IngestStats;
  drops: DropCounter;
  self: SelfMetrics;
  logger: ServiceLogger;
  /**
   * Awaited after a request was processed and before it is answered: the write-ahead log's
   * group commit, so a success means the request's points are durable. @default none
   */
  afterProcessed?: () => Promise<void>;
  /**
   * Whether the configured OTLP receivers listen. False builds only the queue feeding the
   * pipeline, for requests handed over in-process with {@link ReceiversComponent.enqueue}
   * (the embedded monitor). @default true
   */
  listen?: boolean;
}

/** The receivers component and what the API reads of it. */
export interface ReceiversComponent extends Component {
  /** Queue state (zeros before start). */
  queueStats(): IngestQueueStats;
  /** Queue limits (zeros before start). */
  queueLimits(): { maxRequests: number; maxPoints: number };
  /** Address and state of the HTTP and gRPC receivers. */
  views(): { http: ReceiverView; grpc: ReceiverView };
  /** Bound address of a transport's first receiver, once listening. */
  address(transport: 'http' | 'grpc'): string | undefined;
  /**
   * Hands a decoded request to the ingest queue, as a receiver does after decoding: the same
   * limits, accounting and durability. Resolves with the pipeline's outcome; a refusal (queue
   * full, draining, not started) is the `error` of the result.
   */
  enqueue<S extends Signal>(
    signal: S,
    request: RequestBySignal[S],
  ): Result<Promise<IngestOutcome>, EnqueueRefusal>;
}

/** Creates the receivers component. */
export function createReceiversComponent(options: ReceiversComponentOptions): ReceiversComponent {
  let queue: IngestQueue | undefined;
  let limits = { maxRequests: 0, maxPoints: 0 };
  let slots: ReceiverSlot[] = [];
  const configured = usedReceivers(options.config);
  return {
    name: 'receivers',
    async start() {
      const ingest = createServiceIngest({
        config: options.config,
        pipeline: options.pipeline(),
        signals: options.signals,
        stats: options.stats,
        drops: options.drops,
        self: options.self,
        logger: options.logger,
        afterProcessed: options.afterProcessed,
      });
      queue = ingest.queue;
      limits = ingest.limits;
      // In-process: the queue only, no receiver is even built.
      slots =
        options.listen === false
          ? []
          : createReceiverSlots(
              options.config,
              ingest.queue,
              ingest.receiverTelemetry,
              ingest.bodyBudget,
            );
      for (const slot of slots) await startSlot(slot);
    },
    async shutdown() {
      if (!queue) return;
      const drained = queue.drain();
      await Promise.all([drained, ...slots.map((s) => s.receiver.shutdown())]);
      for (const s of slots) s.listening = false;
    },
    queueStats: () => queue?.stats() ?? IDLE_QUEUE_STATS,
    queueLimits: () => limits,
    views() {
      // In-process, no receiver listens: both transports are off, not failing.
      if (options.listen === false) return { http: null, grpc: null };
      const view = (t: 'http' | 'grpc'): ReceiverView => {
        const slot = slots.find((s) => s.transport === t);
        if (slot) return { address: slot.address ?? slot.endpoint, listening: slot.listening };
        // Before start: what the configuration will open.
        const r = configured.find((c) => (t === 'http' ? c.http : c.grpc));
        const endpoint = t === 'http' ? r?.http?.endpoint : r?.grpc?.endpoint;
        return endpoint === undefined ? null : { address: endpoint, listening: false };
      };
      return { http: view('http'), grpc: view('grpc') };
    },
    report() {
      if (slots.length === 0) return undefined;
      return Object.fromEntries(slots.map((s) => [s.name, s.address ?? s.endpoint]));
    },
    address: (transport) => slots.find((s) => s.transport === transport)?.address,
    enqueue(signal, request) {
      if (!queue) {
        return err<EnqueueRefusal>({ reason: 'unavailable', message: 'receivers: not started' });
      }
      return queue.enqueue(signal, request, countItems(signal, request));
    },
  };
}
