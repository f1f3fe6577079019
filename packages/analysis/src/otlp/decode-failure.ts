import { OtlpDecodeError } from './model.js';

/**
 * Internal: how a decode failure travels up the nested decoders. The path is built only
 * when something fails: each message decoder catches, adds the segment it knows (its field
 * name, or `data_points[3]`) and rethrows, so the success path pays nothing for it.
 */

/** The innermost decoder has to put its current field name in front of the message. */
export const NEEDS_FIELD = 0;
/** The failure happened while reading a tag: the message already says which field. */
export const TAG_FAILURE = 1;
/** The failure is located within its innermost message; parents add path segments. */
export const LOCATED = 2;

/** A decode failure on its way up: message, location state and path segments so far. */
export class DecodeFailure extends Error {
  /** Path segments, innermost first. */
  readonly segments: string[] = [];
  constructor(
    detail: string,
    public state: number = NEEDS_FIELD,
    /** Over a count limit of the whole request (see `OtlpDecodeError.tooLarge`). */
    readonly tooLarge = false,
  ) {
    super(detail);
  }

  /** The message without the path; grows as the failure is located. */
  get detail(): string {
    return this.message;
  }

  set detail(value: string) {
    this.message = value;
  }
}

/**
 * Called in a decoder's `catch`: adds what this level knows about where the failure
 * happened. `label` is the field being read (with its index for repeated fields).
 */
export function locate(error: unknown, label: string): unknown {
  if (!(error instanceof DecodeFailure)) return error;
  if (error.state === NEEDS_FIELD) {
    error.detail = `${label} ${error.detail}`;
    error.state = LOCATED;
  } else if (error.state === TAG_FAILURE) {
    error.state = LOCATED;
  } else {
    error.segments.push(label);
  }
  return error;
}

const MAX_PATH_SEGMENTS = 20;

/**
 * Turns whatever a decoder threw into the public error. Anything that is not a
 * `DecodeFailure` is a defect in the decoder; it is still returned as a value (with the
 * original as `cause`) so that one bad payload cannot take a receiver down.
 */
export function toDecodeError(error: unknown): OtlpDecodeError {
  if (error instanceof DecodeFailure) {
    const segments = error.segments.reverse();
    // A nesting bomb would otherwise yield a path as long as the limit allows.
    const shown =
      segments.length > MAX_PATH_SEGMENTS
        ? [...segments.slice(0, 8), '…', ...segments.slice(-8)]
        : segments;
    return new OtlpDecodeError(error.detail, shown.join('.'), { tooLarge: error.tooLarge });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new OtlpDecodeError(`internal decoder error: ${message}`, '', { cause: error });
}

/**
 * The failure of a request-wide count limit (points, messages): `limit` is the option's
 * name, `what` the unit counted.
 */
export function countLimitFailure(limit: string, max: number, what: string): DecodeFailure {
  return new DecodeFailure(
    `request holds more than ${max} ${what}, over the limit ${limit} (${max}); split it into smaller requests`,
    LOCATED,
    true,
  );
}
