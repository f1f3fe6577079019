/**
 * Limits the OTLP decoders enforce, so that a hostile or broken payload becomes a decode
 * error naming the limit instead of a crash, a stack overflow or a memory blow-up. Counts
 * (points, messages) are checked as they grow, so an oversized request is refused at the
 * first item past the limit, not after the whole model was built. The request size itself
 * is bounded by the receiver (after decompression) before decoding.
 */
export interface DecodeLimits {
  /**
   * Deepest nesting of `AnyValue` arrays and key-value lists. A plain attribute value is
   * depth 1, a list of strings depth 2. Protects against nesting bombs.
   * @default 32
   */
  maxAnyValueDepth: number;
  /**
   * Largest string or bytes value inside an `AnyValue` (attribute values, array elements,
   * key-value list values, log bodies), in bytes (UTF-8 bytes for strings, decoded bytes
   * for `bytes_value`, in both encodings).
   * @default 65536
   */
  maxAttributeValueBytes: number;
  /**
   * Most attributes on one entity (resource, scope, data point, span, log record) and most
   * entries in one key-value list. The OTel SDKs default to 128 per span.
   * @default 1024
   */
  maxAttributesPerEntity: number;
  /**
   * Most data points (metrics), spans (traces) or log records (logs) in one request,
   * counted while decoding: the request is refused at the first one past the limit, before
   * the rest is decoded.
   * @default 200000
   */
  maxPointsPerRequest: number;
  /**
   * Most messages in one request, counted while decoding. Protobuf counts resources,
   * scopes, metrics, data points, spans, span events and links and log records; JSON counts
   * every object of the body, before it is parsed, so a body of millions of empty objects
   * (`{}`) is refused before `JSON.parse` builds them.
   * @default 1000000
   */
  maxItemsPerRequest: number;
  /**
   * Longest metric name, in UTF-8 bytes. A longer one refuses the request (a truncated
   * name would merge distinct metrics). 1024 bytes hold the 255 characters the OTel API
   * allows for instrument names in any script.
   * @default 1024
   */
  maxNameBytes: number;
  /**
   * Longest attribute key, in UTF-8 bytes (resource, scope, point, span and log record
   * attributes, and key-value list entries). A longer one refuses the request: a truncated
   * key could collide with another one.
   * @default 1024
   */
  maxAttributeKeyBytes: number;
}

/** Options of the `decode*` functions. */
export interface DecodeOptions {
  /** Overrides of {@link DEFAULT_DECODE_LIMITS}; missing fields keep their defaults. */
  limits?: Partial<DecodeLimits>;
}

/** The defaults: generous for real telemetry, small enough to stop abuse early. */
export const DEFAULT_DECODE_LIMITS: Readonly<DecodeLimits> = Object.freeze({
  maxAnyValueDepth: 32,
  maxAttributeValueBytes: 65_536,
  maxAttributesPerEntity: 1_024,
  maxPointsPerRequest: 200_000,
  maxItemsPerRequest: 1_000_000,
  maxNameBytes: 1_024,
  maxAttributeKeyBytes: 1_024,
});

/**
 * Merges `options.limits` over the defaults. Throws a `RangeError` for a limit that is not a
 * positive integer: that is invalid explicit configuration, not bad input.
 */
export function resolveDecodeLimits(options?: DecodeOptions): Readonly<DecodeLimits> {
  const given = options?.limits;
  if (given === undefined) return DEFAULT_DECODE_LIMITS;
  const limits = { ...DEFAULT_DECODE_LIMITS };
  for (const key of Object.keys(DEFAULT_DECODE_LIMITS) as (keyof DecodeLimits)[]) {
    const value = given[key];
    if (value === undefined) continue;
    if (!Number.isInteger(value) || value < 1) {
      throw new RangeError(`decode limits: ${key}: must be a positive integer, got ${value}`);
    }
    limits[key] = value;
  }
  return limits;
}
