import { describe, expect, it } from 'vitest';
import { describeConfig } from '../../src/config/describe-config.js';
import type { SeriesProcessorConfig } from '../../src/config/types.js';
import { errors, parse } from './helpers.js';

const series = (text: string): SeriesProcessorConfig =>
  parse(text).processors.series as SeriesProcessorConfig;

describe('series processor bounds', () => {
  it('has defaults sized to the memory budget, eviction after the staleness', () => {
    const s = series('processors:\n  series:\n    staleness: 2m\n');
    expect(s).toMatchObject({
      maxSeries: 250_000,
      maxMemoryBytes: 1024 ** 3,
      evictionMinIdleMillis: 120_000,
      maxNameLength: 1024,
      maxAttributeKeyLength: 1024,
      maxAttributeValueLength: 16_384,
      maxAttributes: 128,
    });
  });

  it('reads every bound, and config check prints them', () => {
    const text = [
      'processors:',
      '  series:',
      '    max_series: 5000',
      '    max_memory: 64MiB',
      '    eviction_min_idle: 30s',
      '    max_name_length: 200',
      '    max_attribute_key_length: 100',
      '    max_attribute_value_length: 4096',
      '    max_attributes: 32',
      '',
    ].join('\n');
    expect(series(text)).toMatchObject({
      maxSeries: 5000,
      maxMemoryBytes: 64 * 2 ** 20,
      evictionMinIdleMillis: 30_000,
      maxNameLength: 200,
      maxAttributeKeyLength: 100,
      maxAttributeValueLength: 4096,
      maxAttributes: 32,
    });
    const out = describeConfig(parse(text));
    expect(out).toContain('max_series: 5000');
    expect(out).toContain('max_memory: 64MiB');
    expect(out).toContain('eviction_min_idle: 30s');
  });

  it('names file, line, column and key of a bad bound', () => {
    expect(
      errors(
        'processors:\n  series:\n    max_series: 0\n    max_memory: 1KiB\n    max_attributes: 1.5\n',
      ),
    ).toEqual([
      expect.stringMatching(/^config\.yaml:3:17: processors\.series\.max_series: must be >= 1/),
      expect.stringMatching(/^config\.yaml:4:17: processors\.series\.max_memory: must be >= /),
      expect.stringMatching(
        /^config\.yaml:5:21: processors\.series\.max_attributes: must be a whole number \(got 1\.5\)/,
      ),
    ]);
  });
});
