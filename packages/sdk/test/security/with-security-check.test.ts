import {
  ATTR_ERROR_TYPE,
  ATTR_SECURITY_CHECK_NAME,
  METRIC_SECURITY_CHECK_DURATION,
} from '@heterodyne/semconv';
import { describe, expect, it } from 'vitest';
import { withSecurityCheck } from '../../src/security/with-security-check.js';
import { histogramPoint, useTelemetry } from '../helpers/telemetry.js';

const CHECK = { [ATTR_SECURITY_CHECK_NAME]: 'input_validation' };

describe('withSecurityCheck', () => {
  const { telemetry, time } = useTelemetry({ clock: true });

  it('returns the result and records the time spent in seconds', async () => {
    const value = withSecurityCheck('input_validation', () => {
      time.advance(30);
      return 'ok';
    });
    expect(value).toBe('ok');
    const metric = (await telemetry.metrics()).get(METRIC_SECURITY_CHECK_DURATION);
    expect(metric?.descriptor.unit).toBe('s');
    expect(histogramPoint(metric, CHECK)?.sum).toBeCloseTo(0.03, 12);
  });

  it('rethrows and records error.type for a failed check', async () => {
    const error = new SyntaxError('bad header');
    expect(() =>
      withSecurityCheck('input_validation', () => {
        time.advance(5);
        throw error;
      }),
    ).toThrow(error);
    const metric = (await telemetry.metrics()).get(METRIC_SECURITY_CHECK_DURATION);
    expect(histogramPoint(metric, { ...CHECK, [ATTR_ERROR_TYPE]: 'SyntaxError' })?.sum).toBeCloseTo(
      0.005,
      12,
    );
  });

  it('measures async checks until they settle', async () => {
    const check = withSecurityCheck('input_validation', async () => {
      await Promise.resolve();
      time.advance(120);
      return 7;
    });
    await expect(check).resolves.toBe(7);
    await expect(
      withSecurityCheck('input_validation', () => Promise.reject(new RangeError('no'))),
    ).rejects.toThrow('no');
    const metric = (await telemetry.metrics()).get(METRIC_SECURITY_CHECK_DURATION);
    expect(histogramPoint(metric, CHECK)?.sum).toBeCloseTo(0.12, 12);
    expect(histogramPoint(metric, { ...CHECK, [ATTR_ERROR_TYPE]: 'RangeError' })?.count).toBe(1);
  });

  it('throws only for a missing function', () => {
    expect(() => withSecurityCheck('x', undefined as never)).toThrow('fn must be a function');
    expect(withSecurityCheck('', () => 3)).toBe(3);
  });
});
