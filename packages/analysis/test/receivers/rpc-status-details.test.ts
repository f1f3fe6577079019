import { describe, expect, it } from 'vitest';
import {
  encodeStatusWithRetryInfo,
  RETRY_INFO_TYPE_URL,
} from '../../src/receivers/rpc-status-details.js';
import { decodeRetryInfoSeconds, decodeStatusProtobuf } from './helpers.js';

describe('encodeStatusWithRetryInfo', () => {
  it.each([
    [14, 'queue full', 1],
    [14, 'draining', 30],
    [8, 'slow down', 2.5],
    [14, 'now', 0],
    [14, 'ü and 𝄞 survive as UTF-8', 300],
  ])(
    'encodes code %i, %j and a %s s RetryInfo that protobufjs decodes back',
    (code, message, delay) => {
      const status = decodeStatusProtobuf(encodeStatusWithRetryInfo(code, message, delay));
      expect(status.code).toBe(code);
      expect(status.message).toBe(message);
      expect(status.details).toHaveLength(1);
      expect(status.details[0]?.typeUrl).toBe(RETRY_INFO_TYPE_URL);
      expect(decodeRetryInfoSeconds(status.details[0]?.value ?? new Uint8Array())).toBe(delay);
    },
  );

  it('writes the bytes the protobuf encoding rules give, worked out by hand', () => {
    // Status{code=14 (08 0e), message "x" (12 01 78), details[0]=Any (1a len ...)}
    // Any{type_url (0a 28 "type.googleapis.com/google.rpc.RetryInfo"), value (12 04 RetryInfo)}
    // RetryInfo{retry_delay (0a 02 Duration)}, Duration{seconds=1 (08 01)}
    const typeUrl = Buffer.from(RETRY_INFO_TYPE_URL);
    expect(typeUrl.length).toBe(0x28); // 19 + 1 + 20 characters
    const any = Buffer.concat([
      Buffer.from([0x0a, 0x28]),
      typeUrl,
      Buffer.from([0x12, 0x04, 0x0a, 0x02, 0x08, 0x01]),
    ]);
    const expected = Buffer.concat([
      Buffer.from([0x08, 0x0e, 0x12, 0x01, 0x78, 0x1a, any.length]),
      any,
    ]);
    expect(encodeStatusWithRetryInfo(14, 'x', 1).equals(expected)).toBe(true);
  });
});
