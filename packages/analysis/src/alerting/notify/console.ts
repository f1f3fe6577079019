/**
 * The console channel: one readable line per notification on standard output (or error):
 * `2026-01-02T03:04:05.000Z [FIRING:2] critical HighLatency — firing: p95 3.2s above 3s; ...`.
 */
import { ok } from '../../result.js';
import type { MapReader } from '../../config/yaml-reader.js';
import type { Notification } from '../types.js';
import type { ChannelCommonConfig, Notifier } from './notifier.js';
import { alertLine, notificationTitle, rfc3339 } from './payload.js';

/** A console channel. */
export interface ConsoleChannelConfig extends ChannelCommonConfig {
  type: 'console';
  /** @default stdout */
  stream: 'stdout' | 'stderr';
}

/** Reads `config:` of a console channel. */
export function readConsoleChannel(
  config: MapReader,
  common: ChannelCommonConfig,
): ConsoleChannelConfig {
  return {
    ...common,
    type: 'console',
    stream: config.oneOf('stream', ['stdout', 'stderr'], 'stdout'),
  };
}

/** The one line a notification becomes. */
export function consoleLine(n: Notification): string {
  const lines = n.alerts.map((a) => alertLine(a, n.createdAtMillis));
  return `${rfc3339(n.createdAtMillis)} ${notificationTitle(n)} — ${lines.join('; ')}`.replace(
    /[\r\n]+/g,
    ' ',
  );
}

/** Creates a console notifier; `write` replaces the stream (tests, benchmarks). */
export function createConsoleNotifier(
  config: ConsoleChannelConfig,
  write?: (line: string) => void,
): Notifier {
  const out =
    write ??
    ((line: string) => (config.stream === 'stderr' ? process.stderr : process.stdout).write(line));
  return {
    id: config.id,
    type: 'console',
    send(n) {
      out(`${consoleLine(n)}\n`);
      return Promise.resolve(ok(undefined));
    },
  };
}
