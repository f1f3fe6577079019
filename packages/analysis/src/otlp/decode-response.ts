/**
 * Client side of OTLP export responses: reads `Export{Metrics,Trace,Logs}ServiceResponse`
 * back into a {@link PartialSuccess}, in protobuf and JSON, with the same wire reader and
 * error locations as the request decoders. Spec: https://opentelemetry.io/docs/specs/otlp/#partial-success
 */
import { DecodeFailure, locate, toDecodeError } from './decode-failure.js';
import { DEFAULT_DECODE_LIMITS } from './limits.js';
import type { OtlpDecodeError } from './model.js';
import type { OtlpEncoding, PartialSuccess } from './responses.js';
import { decodeUtf8 } from './text.js';
import { fieldName, fieldTable, WT_LEN, WT_VARINT } from './wire-types.js';
import { WireReader } from './wire-reader.js';
import { err, ok, type Result } from '../result.js';

const RESPONSE_FIELDS = fieldTable({ 1: ['partial_success', WT_LEN] });
// Field 1 is `rejected_data_points`, `rejected_spans` or `rejected_log_records` by signal.
const PARTIAL_FIELDS = fieldTable({ 1: ['rejected', WT_VARINT], 2: ['error_message', WT_LEN] });
const REJECTED_JSON_KEYS = ['rejectedDataPoints', 'rejectedSpans', 'rejectedLogRecords'];

/**
 * Decodes an export response of any signal. A response without `partial_success` (a full
 * success) decodes to `undefined`; a malformed one to an {@link OtlpDecodeError} naming the
 * field that was wrong.
 */
export function decodeExportResponse(
  bytes: Uint8Array,
  encoding: OtlpEncoding = 'protobuf',
): Result<PartialSuccess | undefined, OtlpDecodeError> {
  try {
    return ok(encoding === 'json' ? readJson(bytes) : readProtobuf(bytes));
  } catch (error) {
    return err(toDecodeError(error));
  }
}

function readProtobuf(bytes: Uint8Array): PartialSuccess | undefined {
  const r = new WireReader(bytes, DEFAULT_DECODE_LIMITS);
  let partial: PartialSuccess | undefined;
  while (r.pos < r.limit) {
    const tag = r.tag();
    try {
      if (tag === ((1 << 3) | WT_LEN)) partial = readPartial(r);
      else r.skip(tag, RESPONSE_FIELDS);
    } catch (error) {
      throw locate(error, fieldName(RESPONSE_FIELDS, tag >>> 3));
    }
  }
  return partial;
}

function readPartial(r: WireReader): PartialSuccess {
  const outer = r.enter();
  const found: PartialSuccess = { rejected: 0, errorMessage: '' };
  while (r.pos < r.limit) {
    const tag = r.tag();
    try {
      if (tag === ((1 << 3) | WT_VARINT)) found.rejected = r.int64();
      else if (tag === ((2 << 3) | WT_LEN)) found.errorMessage = r.string();
      else r.skip(tag, PARTIAL_FIELDS);
    } catch (error) {
      throw locate(error, fieldName(PARTIAL_FIELDS, tag >>> 3));
    }
  }
  r.limit = outer;
  return found;
}

function readJson(bytes: Uint8Array): PartialSuccess | undefined {
  const text = decodeUtf8(bytes, 0, bytes.length);
  if (text === undefined) throw new DecodeFailure('response is not valid UTF-8');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new DecodeFailure(`response is not JSON: ${(error as Error).message}`);
  }
  if (!isObject(body)) throw new DecodeFailure('response is not a JSON object');
  const partial = body.partialSuccess;
  if (partial === undefined || partial === null) return undefined;
  if (!isObject(partial)) throw new DecodeFailure('partialSuccess is not a JSON object');
  const found: PartialSuccess = { rejected: 0, errorMessage: '' };
  for (const key of REJECTED_JSON_KEYS) {
    const value = partial[key];
    if (value === undefined) continue;
    // Protobuf JSON writes int64 as a decimal string, and readers accept a number too.
    const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) {
      throw new DecodeFailure(
        `partialSuccess.${key} is not a count (got ${JSON.stringify(value)})`,
      );
    }
    found.rejected = n;
  }
  const message = partial.errorMessage;
  if (message !== undefined) {
    if (typeof message !== 'string') {
      throw new DecodeFailure('partialSuccess.errorMessage is not a string');
    }
    found.errorMessage = message;
  }
  return found;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
