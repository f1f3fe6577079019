/**
 * The Slack channel: `chat.postMessage` (`@slack/web-api`) with Block Kit blocks (a header,
 * one section per alert, a context line) and a plain-text fallback. The API URL is
 * configurable (Slack Enterprise Grid, a proxy, a test server); the bot token comes only from
 * the environment. The client's own retries are off: the delivery queue retries.
 */
import { WebClient } from '@slack/web-api';
import type { KnownBlock } from '@slack/web-api';
import { err, ok } from '../../result.js';
import type { Secret } from '../../config/secret.js';
import type { MapReader } from '../../config/yaml-reader.js';
import { isFiring } from '../types.js';
import type { Notification } from '../types.js';
import type { ChannelCommonConfig, Notifier, NotifierContext } from './notifier.js';
import { describeError } from './notifier.js';
import { alertLine, notificationTitle } from './payload.js';
import { readSecretField, readUrl, requiredString } from './secret-field.js';

/** A Slack channel. */
export interface SlackChannelConfig extends ChannelCommonConfig {
  type: 'slack';
  botToken: Secret | undefined;
  /** Channel name (`#alerts`) or id. */
  channel: string;
  /** @default https://slack.com/api/ */
  apiUrl: string;
  /** Deadline of one API call, ms. @default 10000 */
  timeoutMillis: number;
}

/** Reads `config:` of a Slack channel. */
export function readSlackChannel(
  config: MapReader,
  common: ChannelCommonConfig,
): SlackChannelConfig {
  return {
    ...common,
    type: 'slack',
    botToken: readSecretField(config, 'bot_token', { required: true, example: 'SLACK_BOT_TOKEN' }),
    channel: requiredString(config, 'channel'),
    apiUrl: `${readUrl(config, 'api_url', false) ?? 'https://slack.com/api'}/`,
    timeoutMillis: config.duration('timeout', 10_000, { min: 1 }),
  };
}

/** The Block Kit blocks of a notification (at most 50 blocks, as Slack allows). */
export function slackBlocks(n: Notification, externalUrl = ''): Record<string, unknown>[] {
  const blocks: Record<string, unknown>[] = [
    { type: 'header', text: { type: 'plain_text', text: notificationTitle(n).slice(0, 150) } },
  ];
  for (const a of n.alerts.slice(0, 45)) {
    const icon = isFiring(a, n.createdAtMillis) ? ':red_circle:' : ':large_green_circle:';
    const fields = Object.entries(a.labels)
      .slice(0, 10)
      .map(([k, v]) => ({ type: 'mrkdwn', text: `*${k}*\n${v}` }));
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: `${icon} ${alertLine(a, n.createdAtMillis)}`.slice(0, 3000) },
      ...(fields.length > 0 ? { fields } : {}),
    });
    if (a.annotations.suggested_action) {
      blocks.push({
        type: 'context',
        elements: [{ type: 'mrkdwn', text: `Suggested: ${a.annotations.suggested_action}` }],
      });
    }
  }
  if (n.alerts.length > 45) {
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `${n.alerts.length - 45} more alerts not shown` }],
    });
  }
  if (externalUrl) {
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `<${externalUrl}/api/v1/alerts|All alerts>` }],
    });
  }
  return blocks;
}

/** Creates a Slack notifier. */
export function createSlackNotifier(
  config: SlackChannelConfig,
  context: NotifierContext,
): Notifier {
  const client = new WebClient(config.botToken?.reveal(), {
    slackApiUrl: config.apiUrl,
    timeout: config.timeoutMillis,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
  });
  return {
    id: config.id,
    type: 'slack',
    async send(n) {
      try {
        const mentions = (n.recipients ?? []).flatMap((r) => (r.slack ? [`<@${r.slack}> `] : []));
        const result = await client.chat.postMessage({
          channel: config.channel,
          text: `${mentions.join('')}${notificationTitle(n)}\n${n.alerts.map((a) => alertLine(a, n.createdAtMillis)).join('\n')}`,
          // The blocks are built as plain JSON; their shapes follow Block Kit's.
          blocks: slackBlocks(n, context.externalUrl) as unknown as KnownBlock[],
        });
        return result.ok
          ? ok(undefined)
          : err(`slack chat.postMessage: ${result.error ?? 'not ok'}`);
      } catch (error) {
        return err(`slack chat.postMessage: ${describeError(error)}`);
      }
    },
  };
}
