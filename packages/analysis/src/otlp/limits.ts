/**
 * Limits the OTLP decoders enforce, so that a hostile or broken payload becomes a decode
 * error naming the limit instead of a crash, a stack overflow or a memory blow-up. The
 * request size itself is bounded by the receiver (after decompression) before decoding.
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
