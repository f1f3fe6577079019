/**
 * The channel registry: reads a channel's configuration by its `type` and builds its
 * notifier. Adding a channel adds one file and one line in each table here.
 */
import type { MapReader } from '../../config/yaml-reader.js';
import { report } from '../../config/yaml-scalars.js';
import { createAlertmanagerNotifier, readAlertmanagerChannel } from './alertmanager.js';
import type { AlertmanagerChannelConfig } from './alertmanager.js';
import { createConsoleNotifier, readConsoleChannel } from './console.js';
import type { ConsoleChannelConfig } from './console.js';
import { createEmailNotifier, readEmailChannel } from './email.js';
import type { EmailChannelConfig } from './email.js';
import { createFileNotifier, readFileChannel } from './file.js';
import type { FileChannelConfig } from './file.js';
import { CHANNEL_TYPES } from './notifier.js';
import type { ChannelCommonConfig, Notifier, NotifierContext } from './notifier.js';
import { createOtlpLogsNotifier, readOtlpChannel } from './otlp-logs.js';
import type { OtlpChannelConfig } from './otlp-logs.js';
import { createSlackNotifier, readSlackChannel } from './slack.js';
import type { SlackChannelConfig } from './slack.js';
import { createWebhookNotifier, readWebhookChannel } from './webhook.js';
import type { WebhookChannelConfig } from './webhook.js';

/** The configuration of any channel. */
export type ChannelConfig =
  | ConsoleChannelConfig
  | FileChannelConfig
  | WebhookChannelConfig
  | AlertmanagerChannelConfig
  | OtlpChannelConfig
  | EmailChannelConfig
  | SlackChannelConfig;

/**
 * Reads one channel (`alerting.channels.<id>`): `type`, `rate_limit` (deliveries per hour)
 * and the type's own keys under `config`.
 */
export function readChannel(id: string, reader: MapReader): ChannelConfig {
  if (!reader.has('type')) {
    report(
      reader.ctx,
      reader.pathOf('type'),
      `is required (${CHANNEL_TYPES.join(', ')})`,
      reader.mapNode,
    );
  }
  const type = reader.oneOf('type', CHANNEL_TYPES, 'console');
  const common: ChannelCommonConfig = {
    id,
    rateLimitPerHour: reader.number('rate_limit', undefined, { min: 1, integer: true }),
  };
  const fallbacks = readFallbacks(id, reader);
  if (fallbacks.length > 0) common.fallbacks = fallbacks;
  const config = reader.map('config');
  let out: ChannelConfig;
  switch (type) {
    case 'console':
      out = readConsoleChannel(config, common);
      break;
    case 'file':
      out = readFileChannel(config, common);
      break;
    case 'webhook':
      out = readWebhookChannel(config, common);
      break;
    case 'alertmanager':
      out = readAlertmanagerChannel(config, common);
      break;
    case 'otlp':
      out = readOtlpChannel(config, common);
      break;
    case 'email':
      out = readEmailChannel(config, common);
      break;
    case 'slack':
      out = readSlackChannel(config, common);
      break;
  }
  config.finish();
  reader.finish();
  return out;
}

/** `fallbacks`: other channel ids, each once, not the channel itself (existence is checked later). */
function readFallbacks(id: string, reader: MapReader): string[] {
  const out: string[] = [];
  for (const item of reader.stringItems('fallbacks', { single: true })) {
    if (item.value === id)
      report(reader.ctx, item.path, `"${id}" cannot be its own fallback`, item.node);
    else if (out.includes(item.value))
      report(reader.ctx, item.path, `"${item.value}" is listed twice`, item.node);
    else out.push(item.value);
  }
  return out;
}

/**
 * Reports fallbacks naming no channel of `channels`, at `alerting.channels.<id>.fallbacks[i]`.
 */
export function checkFallbacks(
  channelsReader: MapReader,
  channels: Readonly<Record<string, ChannelConfig>>,
): void {
  for (const c of Object.values(channels)) {
    if (!c.fallbacks) continue;
    const reader = channelsReader.map(c.id);
    for (const item of reader.stringItems('fallbacks', { single: true })) {
      if (channels[item.value] === undefined) {
        report(
          reader.ctx,
          item.path,
          `names no channel (channels: ${Object.keys(channels).join(', ')})`,
          item.node,
        );
      }
    }
  }
}

/** Builds the notifier of a channel. */
export function createNotifier(config: ChannelConfig, context: NotifierContext): Notifier {
  switch (config.type) {
    case 'console':
      return createConsoleNotifier(config);
    case 'file':
      return createFileNotifier(config, context);
    case 'webhook':
      return createWebhookNotifier(config, context);
    case 'alertmanager':
      return createAlertmanagerNotifier(config, context);
    case 'otlp':
      return createOtlpLogsNotifier(config);
    case 'email':
      return createEmailNotifier(config, context);
    case 'slack':
      return createSlackNotifier(config, context);
  }
}
