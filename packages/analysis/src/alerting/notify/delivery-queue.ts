/**
 * The persisted delivery queue. Each notification is first recorded as `queued` (attempt 0),
 * then attempted; a failure is recorded with the time of the next attempt, after an
 * exponential backoff with full jitter (`random · min(max, initial · 2^(attempt-1))`); when
 * `maxAttempts` attempts failed the last one is recorded as a `dead-letter` with the payload,
 * so it can be replayed. Because every step is in the store before the next, a restart
 * continues with what was due, and a notification is delivered at most once per success.
 * Per-channel rate limits (deliveries per hour, sliding window) delay deliveries, never drop
 * them. A channel with fallbacks hands a notification whose retries ran out to its next
 * fallback (in the same pass, with retries of its own), recorded there with `failover` in the
 * payload and on the dead letter's error, so it still arrives once, through the fallback.
 */
import type { Clock } from '../../series/types.js';
import type { DeliveryAttemptRecord } from '../../store/alert-records.js';
import type { AlertStore } from '../../store/types.js';
import type { Notification } from '../types.js';
import type { Notifier } from './notifier.js';
import { describeError } from './notifier.js';

/** Retry settings (`alerting.delivery`). */
export interface DeliveryConfig {
  /** Attempts before a dead letter. @default 8 */
  maxAttempts: number;
  /** Backoff before the second attempt, ms. @default 1000 */
  initialBackoffMillis: number;
  /** Largest backoff, ms. @default 300000 */
  maxBackoffMillis: number;
}

/** Default {@link DeliveryConfig}. */
export const DEFAULT_DELIVERY_CONFIG: DeliveryConfig = {
  maxAttempts: 8,
  initialBackoffMillis: 1000,
  maxBackoffMillis: 300_000,
};

/** What happened to one attempt. */
export type DeliveryOutcome = 'delivered' | 'failed' | 'dead-letter' | 'rate-limited';

/** Options of {@link createDeliveryQueue}. */
export interface DeliveryQueueOptions extends Partial<DeliveryConfig> {
  store: Pick<AlertStore, 'recordDeliveryAttempt' | 'listDueRetries' | 'listDeliveryAttempts'>;
  /** Notifiers by channel id. */
  notifiers: ReadonlyMap<string, Notifier>;
  /** Deliveries per hour, by channel id. */
  rateLimits?: ReadonlyMap<string, number>;
  /** Fallback channel ids in order, by channel id. */
  fallbacks?: ReadonlyMap<string, readonly string[]>;
  clock: Clock;
  /** Uniform in [0, 1) for the jitter. @default Math.random */
  random?: () => number;
  /** Told of every attempt (self-telemetry, logs). */
  onAttempt?(event: {
    channel: string;
    notification: Notification;
    attempt: number;
    outcome: DeliveryOutcome;
    error?: string;
    /** For a dead letter handed on: the fallback channel it went to. */
    failoverTo?: string;
  }): void;
}

/** The delivery queue. */
export interface DeliveryQueue {
  /** Records a notification as queued. */
  enqueue(notification: Notification): Promise<void>;
  /** Attempts every delivery due now; resolves with what happened. */
  process(): Promise<Record<DeliveryOutcome, number>>;
}

/** Backoff before attempt `attempt + 1`, without jitter, ms. */
export function backoffMillis(config: DeliveryConfig, attempt: number): number {
  return Math.min(config.maxBackoffMillis, config.initialBackoffMillis * 2 ** (attempt - 1));
}

/** Creates a delivery queue. */
export function createDeliveryQueue(options: DeliveryQueueOptions): DeliveryQueue {
  const config: DeliveryConfig = {
    maxAttempts: options.maxAttempts ?? DEFAULT_DELIVERY_CONFIG.maxAttempts,
    initialBackoffMillis:
      options.initialBackoffMillis ?? DEFAULT_DELIVERY_CONFIG.initialBackoffMillis,
    maxBackoffMillis: options.maxBackoffMillis ?? DEFAULT_DELIVERY_CONFIG.maxBackoffMillis,
  };
  const random = options.random ?? Math.random;
  const { store, clock } = options;
  /** Delivery times in the last hour, per rate-limited channel. */
  const sent = new Map<string, number[]>();
  let seeded = false;
  let running: Promise<Record<DeliveryOutcome, number>> | undefined;

  const seedRateWindows = async (): Promise<void> => {
    if (seeded || !options.rateLimits || options.rateLimits.size === 0) return;
    const since = clock.now() - 3_600_000;
    for (const channel of options.rateLimits.keys()) {
      const recent = await store.listDeliveryAttempts({ channel, status: 'delivered', since });
      sent.set(
        channel,
        recent.map((r) => r.attemptedAt).sort((a, b) => a - b),
      );
    }
    seeded = true;
  };

  const allowed = (channel: string, now: number): boolean => {
    const limit = options.rateLimits?.get(channel);
    if (limit === undefined) return true;
    const times = (sent.get(channel) ?? []).filter((t) => t > now - 3_600_000);
    sent.set(channel, times);
    return times.length < limit;
  };

  /** The fallback after `channel` for a notification first meant for `origin`. */
  const nextFallback = (notification: Notification, channel: string): string | undefined => {
    const origin = notification.failover?.origin ?? channel;
    const chain = options.fallbacks?.get(origin) ?? [];
    return chain[chain.indexOf(channel) + 1];
  };

  /** Queues `notification` on its next fallback channel; returns the queued record. */
  const failOver = async (
    notification: Notification,
    from: string,
    to: string,
    reason: string,
    at: number,
  ): Promise<DeliveryAttemptRecord> => {
    const handed: Notification = {
      ...notification,
      channel: to,
      failover: { origin: notification.failover?.origin ?? from, from, reason },
    };
    return store.recordDeliveryAttempt({
      alertId: notification.id,
      channel: to,
      attempt: 0,
      status: 'queued',
      attemptedAt: at,
      nextRetryAt: at,
      payload: handed,
    });
  };

  const attempt = async (
    due: DeliveryAttemptRecord,
    handOn: (record: DeliveryAttemptRecord) => void,
  ): Promise<DeliveryOutcome> => {
    const notification = due.payload as Notification;
    const now = clock.now();
    const number = due.attempt + 1;
    const base = {
      alertId: due.alertId,
      channel: due.channel,
      attempt: number,
      payload: notification,
    };
    const notifier = options.notifiers.get(due.channel);
    if (notifier !== undefined && !allowed(due.channel, now)) {
      options.onAttempt?.({
        channel: due.channel,
        notification,
        attempt: number,
        outcome: 'rate-limited',
      });
      return 'rate-limited';
    }
    let error: string | undefined;
    if (notifier === undefined) {
      error = `channel "${due.channel}" is not configured`;
    } else {
      try {
        const result = await notifier.send(notification);
        if (!result.ok) error = result.error;
      } catch (thrown) {
        error = describeError(thrown);
      }
    }
    const at = clock.now();
    let outcome: DeliveryOutcome;
    if (error === undefined) {
      outcome = 'delivered';
      sent.get(due.channel)?.push(at);
      await store.recordDeliveryAttempt({ ...base, status: 'delivered', attemptedAt: at });
    } else if (number >= config.maxAttempts) {
      outcome = 'dead-letter';
      const next = notifier === undefined ? undefined : nextFallback(notification, due.channel);
      await store.recordDeliveryAttempt({
        ...base,
        status: 'dead-letter',
        attemptedAt: at,
        error: next === undefined ? error : `${error}; failed over to "${next}"`,
      });
      if (next !== undefined) {
        handOn(await failOver(notification, due.channel, next, error, at));
        options.onAttempt?.({
          channel: due.channel,
          notification,
          attempt: number,
          outcome,
          error,
          failoverTo: next,
        });
        return outcome;
      }
    } else {
      outcome = 'failed';
      const delay = Math.round(random() * backoffMillis(config, number));
      await store.recordDeliveryAttempt({
        ...base,
        status: 'failed',
        attemptedAt: at,
        error,
        nextRetryAt: at + Math.max(1, delay),
      });
    }
    options.onAttempt?.({
      channel: due.channel,
      notification,
      attempt: number,
      outcome,
      ...(error === undefined ? {} : { error }),
    });
    return outcome;
  };

  const processDue = async (): Promise<Record<DeliveryOutcome, number>> => {
    const counts: Record<DeliveryOutcome, number> = {
      delivered: 0,
      failed: 0,
      'dead-letter': 0,
      'rate-limited': 0,
    };
    await seedRateWindows();
    const due = await store.listDueRetries(clock.now());
    // Fallback deliveries queued during the pass are attempted in it too.
    for (let i = 0; i < due.length; i++) {
      counts[await attempt(due[i]!, (record) => due.push(record))]++;
    }
    return counts;
  };

  return {
    async enqueue(notification) {
      await store.recordDeliveryAttempt({
        alertId: notification.id,
        channel: notification.channel,
        attempt: 0,
        status: 'queued',
        attemptedAt: notification.createdAtMillis,
        nextRetryAt: notification.createdAtMillis,
        payload: notification,
      });
    },
    process() {
      // One pass at a time: a pass started while another runs waits for it and runs after.
      const previous = running ?? Promise.resolve(undefined);
      const next = previous.then(processDue, processDue);
      running = next;
      void next.finally(() => {
        if (running === next) running = undefined;
      });
      return next;
    },
  };
}
