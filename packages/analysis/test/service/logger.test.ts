import { describe, expect, it } from 'vitest';
import { createLineLogger } from '../../src/service/logger.js';

describe('line logger', () => {
  it('writes time, level, message and key=value fields, quoting what is not a plain word', () => {
    const lines: string[] = [];
    const logger = createLineLogger(
      (l) => lines.push(l),
      () => Date.UTC(2025, 0, 2, 3, 4, 5),
    );
    logger.info('service started', { api: 'http://127.0.0.1:8080', series: 3 });
    logger.warn('checkpoint not restored', {
      reason: 'format version 9',
      error: new Error('bad "x"'),
    });
    expect(lines).toEqual([
      '2025-01-02T03:04:05.000Z info service started api=http://127.0.0.1:8080 series=3\n',
      '2025-01-02T03:04:05.000Z warn checkpoint not restored reason="format version 9" error="bad \\"x\\""\n',
    ]);
  });

  it('writes fields JSON cannot encode (a cycle, a BigInt) instead of throwing', () => {
    const lines: string[] = [];
    const logger = createLineLogger(
      (l) => lines.push(l),
      () => Date.UTC(2025, 0, 2, 3, 4, 5),
    );
    const cyclic: Record<string, unknown> = { name: 'pool' };
    cyclic.self = cyclic;
    logger.error('periodic checkpoint failed', { error: cyclic, rows: 10n });
    expect(lines).toEqual([
      '2025-01-02T03:04:05.000Z error periodic checkpoint failed error="[object Object]" rows="10"\n',
    ]);
  });
});
