/**
 * What one write-ahead log record holds (the frame payload, see `frame.ts`). The log keeps
 * the inputs of the series store's state changes, so that replaying them on a store restored
 * from a checkpoint reproduces the state exactly:
 *
 * - `ingest`: a request as the pipeline received it (OTLP protobuf, re-encoded from the
 *   decoded request), the time the pipeline processed it, and the series store's start time
 *   then. Replay feeds it to the pipeline with that time, so cumulative-to-delta conversion
 *   and the first-point rule decide exactly as they did; nothing is counted twice because the
 *   checkpoint records the last sequence number it covers and replay starts after it.
 * - `evict`: a housekeeping pass (staleness and eviction) at a time, so a series evicted and
 *   then created again is replayed as the new series it was.
 *
 * ```
 * u8 type | f64 seq | f64 nowMillis | (ingest) f64 startTimeMillis | u8 signal | OTLP bytes
 * ```
 */
import type { MetricsRequest, TracesRequest } from '../otlp/model.js';
import { decodeMetricsProtobuf, decodeTracesProtobuf } from '../otlp/decode-protobuf.js';
import { encodeMetricsProtobuf } from '../otlp/encode-metrics.js';
import { encodeTracesProtobuf } from '../otlp/encode-traces.js';
import type { Result } from '../result.js';
import { err, ok } from '../result.js';

const TYPE_INGEST = 1;
const TYPE_EVICT = 2;
const SIGNAL_CODES = { metrics: 0, traces: 1 } as const;
const HEAD_BYTES = 17;
const INGEST_HEAD_BYTES = HEAD_BYTES + 9;

/** Signals whose requests change the series store (logs are only counted). */
export type LoggedSignal = keyof typeof SIGNAL_CODES;

/** A request the pipeline processed. */
export type IngestRecord =
  | {
      type: 'ingest';
      seq: number;
      nowMillis: number;
      startTimeMillis: number;
      signal: 'metrics';
      request: MetricsRequest;
    }
  | {
      type: 'ingest';
      seq: number;
      nowMillis: number;
      startTimeMillis: number;
      signal: 'traces';
      request: TracesRequest;
    };

/** A housekeeping pass. */
export interface EvictRecord {
  type: 'evict';
  seq: number;
  nowMillis: number;
}

/** One decoded log record. */
export type WalRecord = IngestRecord | EvictRecord;

/** Replay decodes with no limits: the request passed the receiver's limits once already. */
const REPLAY_LIMITS = {
  limits: {
    maxAnyValueDepth: Number.MAX_SAFE_INTEGER,
    maxAttributeValueBytes: Number.MAX_SAFE_INTEGER,
    maxAttributesPerEntity: Number.MAX_SAFE_INTEGER,
  },
};

function head(type: number, seq: number, nowMillis: number, extra: number): Buffer {
  const out = Buffer.allocUnsafe(HEAD_BYTES + extra);
  out.writeUInt8(type, 0);
  out.writeDoubleLE(seq, 1);
  out.writeDoubleLE(nowMillis, 9);
  return out;
}

/** The payload of an `ingest` record (the request encoded as OTLP protobuf). */
export function encodeIngestRecord(
  seq: number,
  nowMillis: number,
  startTimeMillis: number,
  signal: LoggedSignal,
  request: MetricsRequest | TracesRequest,
): Buffer {
  const body =
    signal === 'metrics'
      ? encodeMetricsProtobuf(request as MetricsRequest)
      : encodeTracesProtobuf(request as TracesRequest);
  const out = head(TYPE_INGEST, seq, nowMillis, 9 + body.length);
  out.writeDoubleLE(startTimeMillis, HEAD_BYTES);
  out.writeUInt8(SIGNAL_CODES[signal], HEAD_BYTES + 8);
  out.set(body, INGEST_HEAD_BYTES);
  return out;
}

/** The payload of an `evict` record. */
export function encodeEvictRecord(seq: number, nowMillis: number): Buffer {
  return head(TYPE_EVICT, seq, nowMillis, 0);
}

/** The sequence number of a payload without decoding the rest; undefined when too short. */
export function recordSeq(payload: Buffer): number | undefined {
  return payload.length >= HEAD_BYTES ? payload.readDoubleLE(1) : undefined;
}

/** Decodes a payload; the error says what was wrong. */
export function decodeWalRecord(payload: Buffer): Result<WalRecord> {
  if (payload.length < HEAD_BYTES) return err(new RangeError(`record of ${payload.length} bytes`));
  const type = payload.readUInt8(0);
  const seq = payload.readDoubleLE(1);
  const nowMillis = payload.readDoubleLE(9);
  if (type === TYPE_EVICT) return ok({ type: 'evict', seq, nowMillis });
  if (type !== TYPE_INGEST || payload.length < INGEST_HEAD_BYTES) {
    return err(new RangeError(`unknown record type ${type}`));
  }
  const startTimeMillis = payload.readDoubleLE(HEAD_BYTES);
  const code = payload.readUInt8(HEAD_BYTES + 8);
  const body = payload.subarray(INGEST_HEAD_BYTES);
  if (code === SIGNAL_CODES.metrics) {
    const decoded = decodeMetricsProtobuf(body, REPLAY_LIMITS);
    if (!decoded.ok) return err(new Error(`metrics request: ${decoded.error.message}`));
    return ok({
      type: 'ingest',
      seq,
      nowMillis,
      startTimeMillis,
      signal: 'metrics',
      request: decoded.value,
    });
  }
  if (code === SIGNAL_CODES.traces) {
    const decoded = decodeTracesProtobuf(body, REPLAY_LIMITS);
    if (!decoded.ok) return err(new Error(`traces request: ${decoded.error.message}`));
    return ok({
      type: 'ingest',
      seq,
      nowMillis,
      startTimeMillis,
      signal: 'traces',
      request: decoded.value,
    });
  }
  return err(new RangeError(`unknown signal code ${code}`));
}
