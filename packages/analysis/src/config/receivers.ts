/**
 * `receivers`: the OTLP receiver in the Collector's shape, plus our bearer-token `auth`.
 *
 * ```yaml
 * receivers:
 *   otlp:
 *     protocols:
 *       http: { endpoint: localhost:4318, max_request_body_size: 16MiB,
 *               max_connections: 500, read_header_timeout: 10s }
 *       grpc: { endpoint: localhost:4317, max_recv_msg_size: 16MiB, max_concurrent_streams: 100 }
 *     limits:   # per request, checked while decoding
 *       max_points_per_request: 200000   # default and ceiling: the queue's max_points
 *       max_items_per_request: 1000000
 *       max_name_length: 1KiB
 *       max_attribute_key_length: 1KiB
 *     auth:
 *       bearer_token_env: [HETERODYNE_INGEST_TOKEN]
 * ```
 */
import { readComponents, readListen } from './components.js';
import type { ComponentReader, ListenClaim } from './components.js';
import {
  DEFAULT_GRPC_MAX_CONCURRENT_STREAMS,
  DEFAULT_HTTP_MAX_CONNECTIONS,
  DEFAULT_MAX_ATTRIBUTE_KEY_BYTES,
  DEFAULT_MAX_ITEMS_PER_REQUEST,
  DEFAULT_MAX_NAME_BYTES,
  DEFAULT_MAX_REQUEST_BYTES,
  DEFAULT_READ_HEADER_TIMEOUT_MILLIS,
  DEFAULT_OTLP_GRPC_ENDPOINT,
  DEFAULT_OTLP_HTTP_ENDPOINT,
} from './defaults.js';
import { report } from './yaml-scalars.js';
import type { MapReader } from './yaml-reader.js';
import type {
  BearerAuthConfig,
  OtlpReceiverConfig,
  OtlpRequestLimitsConfig,
  ReceiverConfig,
} from './types.js';

/** Reads an `auth` block: `bearer_token_env` names one or more environment variables. */
export function readBearerAuth(parent: MapReader): BearerAuthConfig | undefined {
  if (!parent.has('auth')) return undefined;
  const auth = parent.map('auth');
  if (!auth.has('bearer_token_env')) {
    report(
      auth.ctx,
      auth.path,
      'must set bearer_token_env (names of variables holding tokens)',
      parent.node('auth'),
    );
  }
  const tokens = auth.secretsFromEnv('bearer_token_env');
  auth.finish();
  return tokens.length > 0 ? { tokens } : undefined;
}

const readOtlpReceiver: ComponentReader<OtlpReceiverConfig> = (reader, id, listens) => {
  const protocols = reader.map('protocols');
  const explicit = reader.has('protocols');
  const wantHttp = !explicit || protocols.has('http');
  const wantGrpc = !explicit || protocols.has('grpc');
  if (explicit && !wantHttp && !wantGrpc) {
    report(reader.ctx, protocols.path, 'must enable http, grpc or both', reader.node('protocols'));
  }
  let http: OtlpReceiverConfig['http'];
  if (wantHttp) {
    const h = protocols.map('http');
    http = {
      ...readListen(h, 'endpoint', DEFAULT_OTLP_HTTP_ENDPOINT, listens),
      maxRequestBodyBytes: h.size('max_request_body_size', DEFAULT_MAX_REQUEST_BYTES, { min: 1 }),
      includeMetadata: h.boolean('include_metadata', false),
      maxConnections: h.number('max_connections', DEFAULT_HTTP_MAX_CONNECTIONS, {
        min: 1,
        integer: true,
      }),
      readHeaderTimeoutMillis: h.duration(
        'read_header_timeout',
        DEFAULT_READ_HEADER_TIMEOUT_MILLIS,
        { min: 1 },
      ),
    };
    h.finish();
  }
  let grpc: OtlpReceiverConfig['grpc'];
  if (wantGrpc) {
    const g = protocols.map('grpc');
    grpc = {
      ...readListen(g, 'endpoint', DEFAULT_OTLP_GRPC_ENDPOINT, listens),
      maxRecvMsgBytes: g.size('max_recv_msg_size', DEFAULT_MAX_REQUEST_BYTES, { min: 1 }),
      maxConcurrentStreams: g.number(
        'max_concurrent_streams',
        DEFAULT_GRPC_MAX_CONCURRENT_STREAMS,
        { min: 1, max: 2 ** 31 - 1, integer: true },
      ),
    };
    g.finish();
  }
  protocols.finish();
  const auth = readBearerAuth(reader);
  return { type: 'otlp', id, http, grpc, auth, limits: readRequestLimits(reader) };
};

/** Reads `limits`: what one request may hold (see {@link OtlpRequestLimitsConfig}). */
function readRequestLimits(parent: MapReader): OtlpRequestLimitsConfig {
  const l = parent.map('limits');
  const integer = { min: 1, integer: true };
  const limits: OtlpRequestLimitsConfig = {
    maxPointsPerRequest: l.number('max_points_per_request', undefined, integer),
    maxItemsPerRequest: l.number('max_items_per_request', DEFAULT_MAX_ITEMS_PER_REQUEST, integer),
    maxNameBytes: l.size('max_name_length', DEFAULT_MAX_NAME_BYTES, { min: 1 }),
    maxAttributeKeyBytes: l.size('max_attribute_key_length', DEFAULT_MAX_ATTRIBUTE_KEY_BYTES, {
      min: 1,
    }),
  };
  l.finish();
  return limits;
}

/** Readers of the receiver types. */
export const RECEIVER_TYPES: Readonly<Record<string, ComponentReader<ReceiverConfig>>> = {
  otlp: readOtlpReceiver,
};

/** Reads `receivers`; absent, it is one `otlp` receiver with both protocols on their defaults. */
export function readReceivers(
  root: MapReader,
  listens: ListenClaim[],
): Record<string, ReceiverConfig> {
  const explicit = root.has('receivers');
  const section = root.map('receivers');
  if (!explicit) {
    const reader = section.map('otlp');
    return { otlp: readOtlpReceiver(reader, 'otlp', listens) };
  }
  const out = readComponents(section, 'receiver', RECEIVER_TYPES, listens);
  section.finish();
  return out;
}
