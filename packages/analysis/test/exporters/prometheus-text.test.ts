import { describe, expect, it } from 'vitest';
import {
  escapeHelp,
  escapeLabelValue,
  formatPrometheusValue,
  writePrometheusText,
} from '../../src/exporters/prometheus-text.js';

describe('escaping', () => {
  it.each([
    ['plain', 'plain'],
    ['C:\\data\\run1', 'C:\\\\data\\\\run1'],
    ['say "hi"', 'say \\"hi\\"'],
    ['two\nlines', 'two\\nlines'],
    ['\\"\n', '\\\\\\"\\n'],
    ['tab\tstays', 'tab\tstays'],
    ['ünïcödé ✓', 'ünïcödé ✓'],
  ])('label value %j → %j', (value, escaped) => {
    expect(escapeLabelValue(value)).toBe(escaped);
  });

  it.each([
    ['plain', 'plain'],
    ['a\\b', 'a\\\\b'],
    ['line\nbreak', 'line\\nbreak'],
    ['keeps "quotes"', 'keeps "quotes"'],
  ])('help %j → %j', (text, escaped) => {
    expect(escapeHelp(text)).toBe(escaped);
  });
});

describe('formatPrometheusValue', () => {
  it.each([
    [1, '1'],
    [0.25, '0.25'],
    [-0, '0'],
    [1e21, '1e+21'],
    [1.5e-7, '1.5e-7'],
    [Infinity, '+Inf'],
    [-Infinity, '-Inf'],
    [NaN, 'NaN'],
    [2 ** 53 + 2, '9007199254740994'],
  ])('%d → %s', (value, text) => {
    expect(formatPrometheusValue(value)).toBe(text);
  });
});

describe('writePrometheusText', () => {
  it('writes HELP, TYPE and samples of each family together', () => {
    const text = writePrometheusText([
      {
        name: 'http_requests_total',
        help: 'The total number of HTTP requests.',
        type: 'counter',
        samples: [
          {
            suffix: '',
            labels: [
              ['method', 'post'],
              ['code', '200'],
            ],
            value: 1027,
          },
          {
            suffix: '',
            labels: [
              ['method', 'post'],
              ['code', '400'],
            ],
            value: 3,
            timestampMillis: 1395066363000,
          },
        ],
      },
      {
        name: 'rpc_duration_seconds',
        help: 'A summary of the RPC duration in seconds.',
        type: 'summary',
        samples: [
          { suffix: '', labels: [['quantile', '0.5']], value: 4773 },
          { suffix: '_sum', labels: [], value: 1.7560473e7 },
          { suffix: '_count', labels: [], value: 2693 },
        ],
      },
      { name: 'up', help: '', type: 'gauge', samples: [{ suffix: '', labels: [], value: 1 }] },
    ]);
    expect(text).toBe(
      [
        '# HELP http_requests_total The total number of HTTP requests.',
        '# TYPE http_requests_total counter',
        'http_requests_total{method="post",code="200"} 1027',
        'http_requests_total{method="post",code="400"} 3 1395066363000',
        '# HELP rpc_duration_seconds A summary of the RPC duration in seconds.',
        '# TYPE rpc_duration_seconds summary',
        'rpc_duration_seconds{quantile="0.5"} 4773',
        'rpc_duration_seconds_sum 17560473',
        'rpc_duration_seconds_count 2693',
        '# TYPE up gauge',
        'up 1',
        '',
      ].join('\n'),
    );
  });

  it('escapes help text and label values', () => {
    const text = writePrometheusText([
      {
        name: 'x',
        help: 'multi\nline \\ help',
        type: 'untyped',
        samples: [{ suffix: '', labels: [['path', 'C:\\tmp\n"q"']], value: NaN }],
      },
    ]);
    expect(text).toBe(
      '# HELP x multi\\nline \\\\ help\n# TYPE x untyped\nx{path="C:\\\\tmp\\n\\"q\\""} NaN\n',
    );
  });

  it('writes an empty family as its metadata only, and nothing for no families', () => {
    expect(writePrometheusText([{ name: 'idle', help: 'h', type: 'gauge', samples: [] }])).toBe(
      '# HELP idle h\n# TYPE idle gauge\n',
    );
    expect(writePrometheusText([])).toBe('');
  });

  it.each([
    [
      { name: 'bad-name', help: '', type: 'gauge' as const, samples: [] },
      /invalid metric name "bad-name"/,
    ],
    [
      {
        name: 'ok',
        help: '',
        type: 'gauge' as const,
        samples: [
          { suffix: '' as const, labels: [['bad.label', 'v']] as [string, string][], value: 1 },
        ],
      },
      /invalid label name "bad.label" in ok/,
    ],
    [
      {
        name: 'ok',
        help: '',
        type: 'gauge' as const,
        samples: [
          { suffix: '' as const, labels: [['__name__', 'v']] as [string, string][], value: 1 },
        ],
      },
      /invalid label name "__name__"/,
    ],
  ])('throws on names it cannot write (%#)', (family, message) => {
    expect(() => writePrometheusText([family])).toThrow(message);
  });

  it('throws when a family appears twice', () => {
    const family = { name: 'dup', help: '', type: 'gauge' as const, samples: [] };
    expect(() => writePrometheusText([family, family])).toThrow(/"dup" appears twice/);
  });
});
