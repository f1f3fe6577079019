import { describe, expect, it } from 'vitest';
import { commonLabels, fingerprint } from '../../src/alerting/labels.js';

/** FNV-1a 64 on BigInt over Go's byte layout: an independent computation of the fingerprint. */
function referenceFingerprint(labels: Record<string, string>): string {
  const prime = 0x100000001b3n;
  let h = 0xcbf29ce484222325n;
  const add = (bytes: Uint8Array): void => {
    for (const b of bytes) h = BigInt.asUintN(64, (h ^ BigInt(b)) * prime);
  };
  for (const name of Object.keys(labels).sort()) {
    add(Buffer.from(name, 'utf8'));
    add(Uint8Array.of(0xff));
    add(Buffer.from(labels[name] as string, 'utf8'));
    add(Uint8Array.of(0xff));
  }
  return h.toString(16).padStart(16, '0');
}

describe('fingerprint', () => {
  it('is the FNV-1a offset basis for the empty label set', () => {
    expect(fingerprint({})).toBe('cbf29ce484222325');
  });

  it.each([
    [{ alertname: 'HighLatency' }],
    [{ alertname: 'x', severity: 'critical', 'heterodyne.operation.name': 'chi_squared' }],
    [{ b: '2', a: '1' }],
    [{ name: 'Größe ≥ 3 — ok', emoji: '🔥' }],
    [{ a: '' }],
  ])('matches an independent FNV-1a 64 computation for %j', (labels) => {
    expect(fingerprint(labels)).toBe(referenceFingerprint(labels));
  });

  it('does not depend on the order labels were written in', () => {
    expect(fingerprint({ a: '1', b: '2' })).toBe(fingerprint({ b: '2', a: '1' }));
    expect(fingerprint({ a: '1', b: '2' })).not.toBe(fingerprint({ a: '2', b: '1' }));
  });

  it('keeps name and value apart (a=bc differs from ab=c)', () => {
    expect(fingerprint({ a: 'bc' })).not.toBe(fingerprint({ ab: 'c' }));
  });
});

describe('commonLabels', () => {
  it('keeps only labels every set shares with the same value', () => {
    expect(
      commonLabels([
        { a: '1', b: '2', c: '3' },
        { a: '1', b: 'x', c: '3' },
      ]),
    ).toEqual({ a: '1', c: '3' });
    expect(commonLabels([])).toEqual({});
  });
});
