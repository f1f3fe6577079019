/**
 * Content negotiation of the OTLP/HTTP receiver: which payload encoding a `Content-Type`
 * names, and which compression a `Content-Encoding` names.
 * Spec: https://opentelemetry.io/docs/specs/otlp/#otlphttp-request
 */

/** The two OTLP/HTTP payload encodings. */
export type PayloadEncoding = 'protobuf' | 'json';

/** Supported request body compressions. */
export type BodyCoding = 'identity' | 'gzip' | 'deflate';

/** The media type each encoding is answered with. */
export const RESPONSE_CONTENT_TYPE: Readonly<Record<PayloadEncoding, string>> = {
  protobuf: 'application/x-protobuf',
  json: 'application/json',
};

/**
 * The payload encoding a `Content-Type` header names, or undefined when it names neither.
 * Parameters (`; charset=utf-8`) and case are ignored. `application/protobuf` (the IANA
 * registered name) is accepted next to the spec's `application/x-protobuf`.
 */
export function parseContentType(header: string | undefined): PayloadEncoding | undefined {
  if (header === undefined) return undefined;
  const semicolon = header.indexOf(';');
  const mediaType = (semicolon === -1 ? header : header.slice(0, semicolon)).trim().toLowerCase();
  switch (mediaType) {
    case 'application/x-protobuf':
    case 'application/protobuf':
      return 'protobuf';
    case 'application/json':
      return 'json';
    default:
      return undefined;
  }
}

/**
 * The compression a `Content-Encoding` header names, or undefined when unsupported.
 * Absent, empty and `identity` mean uncompressed; `x-gzip` is gzip (RFC 9110 §8.4.1.3).
 * A list of several codings (`gzip, deflate`) is not supported.
 */
export function parseContentEncoding(header: string | undefined): BodyCoding | undefined {
  const coding = (header ?? '').trim().toLowerCase();
  switch (coding) {
    case '':
    case 'identity':
      return 'identity';
    case 'gzip':
    case 'x-gzip':
      return 'gzip';
    case 'deflate':
      return 'deflate';
    default:
      return undefined;
  }
}
