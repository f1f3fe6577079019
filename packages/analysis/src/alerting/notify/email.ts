/**
 * The email channel: one mail per notification through SMTP (`nodemailer`), with a plain text
 * and an HTML body. `tls: starttls` (the default) requires STARTTLS on a plain connection,
 * `tls: implicit` connects over TLS (port 465), `tls: none` sends in the clear (a relay on
 * the same host). The password comes only from the environment.
 */
import { createTransport } from 'nodemailer';
import type { Transporter } from 'nodemailer';
import { err, ok } from '../../result.js';
import type { Secret } from '../../config/secret.js';
import type { MapReader } from '../../config/yaml-reader.js';
import type { Notification } from '../types.js';
import type { ChannelCommonConfig, Notifier, NotifierContext } from './notifier.js';
import { describeError } from './notifier.js';
import { alertLine, notificationTitle, rfc3339, splitAlerts } from './payload.js';
import { readSecretField, requiredString } from './secret-field.js';

/** How the SMTP connection is protected. */
export const EMAIL_TLS_MODES = ['starttls', 'implicit', 'none'] as const;

/** An email channel. */
export interface EmailChannelConfig extends ChannelCommonConfig {
  type: 'email';
  /** SMTP host, optionally `host:port`. */
  smtpServer: string;
  /** @default 587 (465 with `tls: implicit`) */
  port: number;
  /** @default starttls */
  tls: (typeof EMAIL_TLS_MODES)[number];
  /** SMTP user; no authentication without it. */
  username: string | undefined;
  /** SMTP password, from the environment. */
  password: Secret | undefined;
  fromAddress: string;
  toAddresses: string[];
  /** Deadline of the SMTP exchange, ms. @default 30000 */
  timeoutMillis: number;
}

/** Reads `config:` of an email channel. */
export function readEmailChannel(
  config: MapReader,
  common: ChannelCommonConfig,
): EmailChannelConfig {
  const server = requiredString(config, 'smtp_server');
  const tls = config.oneOf('tls', EMAIL_TLS_MODES, 'starttls');
  const [host, portText] = server.split(':');
  const port = config.number('port', portText ? Number(portText) : tls === 'implicit' ? 465 : 587, {
    min: 1,
    max: 65535,
    integer: true,
  });
  const to = config.stringList('to_addresses', [], { single: true });
  if (!config.has('to_addresses') || to.length === 0) requiredString(config, 'to_addresses');
  return {
    ...common,
    type: 'email',
    smtpServer: host ?? '',
    port,
    tls,
    username: config.string('username'),
    password: readSecretField(config, 'password', { required: false, example: 'SMTP_PASSWORD' }),
    fromAddress: requiredString(config, 'from_address'),
    toAddresses: to,
    timeoutMillis: config.duration('timeout', 30_000, { min: 1 }),
  };
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
function html(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ESCAPES[c] as string);
}

/** The subject, text and HTML of a notification's mail. */
export function emailContent(
  n: Notification,
  externalUrl = '',
): { subject: string; text: string; html: string } {
  const subject = notificationTitle(n);
  const { firing, resolved } = splitAlerts(n);
  const section = (title: string, alerts: typeof firing) =>
    alerts.length === 0
      ? []
      : [
          `${title}:`,
          ...alerts.flatMap((a) => [
            `- ${alertLine(a, n.createdAtMillis)}`,
            `  since ${rfc3339(a.startsAtMillis)}${a.endsAtMillis === undefined ? '' : `, until ${rfc3339(a.endsAtMillis)}`}`,
            ...Object.entries(a.labels).map(([k, v]) => `  ${k}=${v}`),
            ...(a.annotations.suggested_action
              ? [`  action: ${a.annotations.suggested_action}`]
              : []),
          ]),
        ];
  const text = [
    subject,
    '',
    ...section('Firing', firing),
    ...section('Resolved', resolved),
    ...(externalUrl ? ['', `Alerts: ${externalUrl}/api/v1/alerts`] : []),
  ].join('\n');
  const rows = (alerts: typeof firing, state: string) =>
    alerts
      .map(
        (a) =>
          `<tr><td>${state}</td><td>${html(a.labels.severity ?? '')}</td><td>${html(a.annotations.summary ?? a.labels.alertname ?? '')}</td>` +
          `<td>${html(
            Object.entries(a.labels)
              .map(([k, v]) => `${k}=${v}`)
              .join(', '),
          )}</td>` +
          `<td>${html(rfc3339(a.startsAtMillis))}</td></tr>`,
      )
      .join('');
  const body =
    `<h2>${html(subject)}</h2><table border="1" cellpadding="4" cellspacing="0">` +
    `<tr><th>state</th><th>severity</th><th>summary</th><th>labels</th><th>since</th></tr>` +
    `${rows(firing, 'firing')}${rows(resolved, 'resolved')}</table>` +
    (externalUrl ? `<p><a href="${html(externalUrl)}/api/v1/alerts">Alerts</a></p>` : '');
  return { subject, text, html: `<!doctype html><html><body>${body}</body></html>` };
}

/** Creates an email notifier. */
export function createEmailNotifier(
  config: EmailChannelConfig,
  context: NotifierContext,
): Notifier {
  let transport: Transporter | undefined;
  const open = (): Transporter =>
    (transport ??= createTransport({
      host: config.smtpServer,
      port: config.port,
      secure: config.tls === 'implicit',
      requireTLS: config.tls === 'starttls',
      ignoreTLS: config.tls === 'none',
      connectionTimeout: config.timeoutMillis,
      greetingTimeout: config.timeoutMillis,
      socketTimeout: config.timeoutMillis,
      ...(config.username === undefined
        ? {}
        : { auth: { user: config.username, pass: config.password?.reveal() ?? '' } }),
    }));
  return {
    id: config.id,
    type: 'email',
    async send(n) {
      const content = emailContent(n, context.externalUrl);
      try {
        // The person on call of an escalation level, when known, instead of the usual list.
        const people = (n.recipients ?? []).flatMap((r) => (r.email ? [r.email] : []));
        const to = people.length > 0 ? people : config.toAddresses;
        await open().sendMail({ from: config.fromAddress, to, ...content });
        return ok(undefined);
      } catch (error) {
        return err(`smtp ${config.smtpServer}:${config.port}: ${describeError(error)}`);
      }
    },
    close() {
      transport?.close();
      transport = undefined;
      return Promise.resolve();
    },
  };
}
