import { describe, expect, it } from 'vitest';
import type { SeriesProcessorConfig } from '../../src/config/types.js';
import { errors, parse } from './helpers.js';

const series = (yaml: string): SeriesProcessorConfig =>
  parse(`processors:\n  queue: {}\n  series:\n${yaml}`).processors.series as SeriesProcessorConfig;

describe('processors.series checkpoint and write-ahead log settings', () => {
  it('defaults to a checkpoint a minute and fsync before each answer', () => {
    const s = parse('').processors.series as SeriesProcessorConfig;
    expect(s.checkpointIntervalMillis).toBe(60_000);
    expect(s.wal).toEqual({ sync: 'fsync', syncIntervalMillis: 1000, dir: undefined });
  });

  it('reads the interval, the sync policy and the directory', () => {
    const s = series(
      '    checkpoint_interval: 5m\n    wal:\n      sync: write\n      sync_interval: 200ms\n      dir: /var/lib/heterodyne/wal\n',
    );
    expect(s.checkpointIntervalMillis).toBe(300_000);
    expect(s.wal).toEqual({
      sync: 'write',
      syncIntervalMillis: 200,
      dir: '/var/lib/heterodyne/wal',
    });
    expect(series('    checkpoint_interval: 0s\n').checkpointIntervalMillis).toBe(0);
  });

  it.each([
    [
      '    checkpoint_interval: 10ms\n',
      /4:26: processors\.series\.checkpoint_interval: must be 0 .* or at least 1s/,
    ],
    [
      '    checkpoint_interval: -1s\n',
      /4:26: processors\.series\.checkpoint_interval: must be a duration/,
    ],
    [
      '    wal:\n      sync: sometimes\n',
      /5:13: processors\.series\.wal\.sync: must be one of "fsync", "write", "off"/,
    ],
    ['    wal:\n      sync_interval: 2h\n', /processors\.series\.wal\.sync_interval: must be <= /],
    ['    wal:\n      dir: ""\n', /processors\.series\.wal\.dir: must name a directory/],
    ['    wal:\n      fsync: true\n', /processors\.series\.wal\.fsync/],
  ])('refuses %j naming the file, line and key', (yaml, message) => {
    const found = errors(`processors:\n  queue: {}\n  series:\n${yaml}`);
    expect(found.join('\n')).toMatch(message);
    expect(found.join('\n')).toMatch(/^config\.yaml:\d+:\d+: /);
  });
});
