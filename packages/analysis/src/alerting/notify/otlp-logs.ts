/**
 * The OTLP logs channel: each alert of a notification as one OTLP log record
 * (`application/x-protobuf` to `<endpoint>/v1/logs`), so alerts flow through an existing
 * OpenTelemetry Collector pipeline. Severity maps to OTLP severity numbers (info INFO 9,
 * warning WARN 13, error ERROR 17, critical FATAL 21; a resolution is INFO); the alert's
 * labels become attributes, with `alert.status`, `alert.fingerprint`, `alert.group_key` and
 * `alert.channel`; the body is the alert's summary line.
 */
import { err, ok } from '../../result.js';
import type { Secret } from '../../config/secret.js';
import type { MapReader } from '../../config/yaml-reader.js';
import { encodeLogsProtobuf } from '../../otlp/encode-logs.js';
import type { Attributes, LogRecord, LogsRequest } from '../../otlp/model.js';
import { isFiring, severityOf } from '../types.js';
import type { Alert, AlertSeverity, Notification } from '../types.js';
import { httpPost } from './http-post.js';
import type { ChannelCommonConfig, Notifier } from './notifier.js';
import { alertLine } from './payload.js';
import { readSecretField, readUrl } from './secret-field.js';

/** An OTLP logs channel. */
export interface OtlpChannelConfig extends ChannelCommonConfig {
  type: 'otlp';
  /** Base URL of an OTLP/HTTP receiver (`http://collector:4318`). */
  endpoint: string;
  /** Bearer token sent as `Authorization: Bearer <token>`, from the environment. */
  token: Secret | undefined;
  /** Deadline of one export, ms. @default 10000 */
  timeoutMillis: number;
  /** `service.name` of the log records' resource. @default heterodyne-monitor */
  serviceName: string;
}

/** Reads `config:` of an OTLP logs channel. */
export function readOtlpChannel(config: MapReader, common: ChannelCommonConfig): OtlpChannelConfig {
  return {
    ...common,
    type: 'otlp',
    endpoint: readUrl(config, 'endpoint', true) ?? '',
    token: readSecretField(config, 'token', { required: false, example: 'OTLP_TOKEN' }),
    timeoutMillis: config.duration('timeout', 10_000, { min: 1 }),
    serviceName: config.string('service_name', 'heterodyne-monitor'),
  };
}

const SEVERITY: Record<AlertSeverity, [number, string]> = {
  info: [9, 'INFO'],
  warning: [13, 'WARN'],
  error: [17, 'ERROR'],
  critical: [21, 'FATAL'],
};

function logRecord(a: Alert, n: Notification): LogRecord {
  const firing = isFiring(a, n.createdAtMillis);
  const [severityNumber, severityText] = firing ? SEVERITY[severityOf(a)] : SEVERITY.info;
  const attributes: Attributes = { ...a.labels };
  for (const [k, v] of Object.entries(a.annotations)) attributes[`alert.annotation.${k}`] = v;
  attributes['alert.status'] = firing ? 'firing' : 'resolved';
  attributes['alert.fingerprint'] = a.fingerprint;
  attributes['alert.group_key'] = n.groupKey;
  attributes['alert.channel'] = n.channel;
  attributes['alert.starts_at'] = new Date(a.startsAtMillis).toISOString();
  if (a.endsAtMillis !== undefined)
    attributes['alert.ends_at'] = new Date(a.endsAtMillis).toISOString();
  if (a.value !== undefined) attributes['alert.value'] = a.value;
  if (n.test) attributes['alert.test'] = true;
  const time = (firing ? a.updatedAtMillis : (a.endsAtMillis ?? n.createdAtMillis)) * 1e6;
  return {
    timeUnixNano: time,
    observedTimeUnixNano: n.createdAtMillis * 1e6,
    severityNumber,
    severityText,
    body: alertLine(a, n.createdAtMillis),
    attributes,
    traceId: '',
    spanId: '',
    flags: 0,
    eventName: 'heterodyne.alert',
  };
}

/** The logs request of a notification. */
export function alertLogsRequest(n: Notification, serviceName: string): LogsRequest {
  return {
    resourceLogs: [
      {
        resource: { attributes: { 'service.name': serviceName }, droppedAttributesCount: 0 },
        schemaUrl: '',
        scopeLogs: [
          {
            scope: {
              name: '@heterodyne/analysis/alerting',
              version: '',
              attributes: {},
              droppedAttributesCount: 0,
            },
            schemaUrl: '',
            logRecords: n.alerts.map((a) => logRecord(a, n)),
          },
        ],
      },
    ],
  };
}

/** Creates an OTLP logs notifier. */
export function createOtlpLogsNotifier(config: OtlpChannelConfig): Notifier {
  return {
    id: config.id,
    type: 'otlp',
    async send(n) {
      const body = encodeLogsProtobuf(alertLogsRequest(n, config.serviceName));
      const headers: Record<string, string> = { 'content-type': 'application/x-protobuf' };
      if (config.token) headers.authorization = `Bearer ${config.token.reveal()}`;
      const sent = await httpPost(
        `${config.endpoint}/v1/logs`,
        body,
        headers,
        config.timeoutMillis,
      );
      return sent.ok ? ok(undefined) : err(sent.error);
    },
  };
}
