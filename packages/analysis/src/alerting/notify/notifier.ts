/**
 * The one interface every channel implements. A notifier delivers one notification or says
 * exactly why it could not; retries, backoff, rate limits and dead letters are the delivery
 * queue's, so a notifier makes one attempt per call.
 */
import type { Result } from '../../result.js';
import type { Notification } from '../types.js';

/** The channel types. */
export const CHANNEL_TYPES = [
  'console',
  'file',
  'webhook',
  'alertmanager',
  'otlp',
  'email',
  'slack',
] as const;
/** One of {@link CHANNEL_TYPES}. */
export type ChannelType = (typeof CHANNEL_TYPES)[number];

/** What every channel's configuration has. */
export interface ChannelCommonConfig {
  /** The channel's id (its key under `alerting.channels`). */
  id: string;
  /** At most this many deliveries per hour; undefined for no limit. */
  rateLimitPerHour: number | undefined;
  /**
   * Channels tried in order when a notification of this channel is still undelivered after
   * its retries (`fallbacks: [slack, file]`). @default []
   */
  fallbacks?: string[];
}

/** What notifiers may use besides their configuration. */
export interface NotifierContext {
  /** Base URL of this service's API, for links; undefined when unknown. */
  externalUrl?: string;
}

/** Delivers notifications through one channel. */
export interface Notifier {
  /** The channel id. */
  readonly id: string;
  /** The channel type. */
  readonly type: ChannelType;
  /** One delivery attempt: ok, or the exact cause of the failure. */
  send(notification: Notification): Promise<Result<void, string>>;
  /** Releases connections; idempotent. */
  close?(): Promise<void>;
}

/** The message of an error and of its causes, for a failure report. */
export function describeError(error: unknown): string {
  const parts: string[] = [];
  let e: unknown = error;
  for (let depth = 0; e !== undefined && e !== null && depth < 4; depth++) {
    if (e instanceof Error) {
      const code = (e as { code?: unknown }).code;
      parts.push(
        typeof code === 'string' && !e.message.includes(code)
          ? `${e.message} (${code})`
          : e.message,
      );
      e = e.cause;
    } else {
      parts.push(String(e));
      break;
    }
  }
  return [...new Set(parts)].join(': ');
}
