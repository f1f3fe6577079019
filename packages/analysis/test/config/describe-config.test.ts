import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { describeConfig } from '../../src/config/describe-config.js';
import { defaultConfig, parseConfig } from '../../src/config/load-config.js';

describe('describeConfig', () => {
  it('writes the defaults in the file shape, with units', () => {
    const text = describeConfig(defaultConfig());
    expect(text.split('\n').slice(0, 2)).toEqual([
      '# Effective configuration of the built-in defaults',
      '# (defaults filled in, secrets redacted)',
    ]);
    const doc = parse(text) as Record<string, Record<string, unknown>>;
    expect(doc.receivers).toEqual({
      otlp: {
        protocols: {
          http: {
            endpoint: 'localhost:4318',
            max_request_body_size: '16MiB',
            include_metadata: false,
            max_connections: 500,
            read_header_timeout: '10s',
          },
          grpc: {
            endpoint: 'localhost:4317',
            max_recv_msg_size: '16MiB',
            max_concurrent_streams: 100,
          },
        },
        limits: {
          max_items_per_request: 1000000,
          max_name_length: '1KiB',
          max_attribute_key_length: '1KiB',
        },
      },
    });
    expect(doc.processors).toMatchObject({
      queue: { max_wait: '2s', max_in_flight_bytes: '64MiB' },
    });
    expect(doc.processors).toMatchObject({ series: { retention: '24h', staleness: '5m' } });
    expect(doc.store).toBe('sqlite:./monitoring-data/heterodyne.db');
    expect(doc.api).toEqual({ endpoint: 'localhost:8080' });
  });

  it('redacts every secret but keeps the variable names of tokens', () => {
    const env = {
      TOKEN: 'tok-SECRET-1',
      HEADER: 'hdr-SECRET-2',
      PW: 'pw-SECRET-3',
      SLACK: 'xoxb-SECRET-4',
    };
    const result = parseConfig(
      [
        'receivers:',
        '  otlp:',
        '    auth: { bearer_token_env: TOKEN }',
        'exporters:',
        '  otlp:',
        '    endpoint: https://backend',
        '    headers: { X-Api-Key: "${HEADER}", X-Tenant: beamline }',
        'store: postgres://monitor:${PW}@db/h',
        'alerting:',
        '  channels:',
        '    slack: { type: slack, config: { bot_token: "${SLACK}", channel: "#a" } }',
      ].join('\n'),
      { file: 'monitor.yaml', env },
    );
    if (!result.ok) throw new Error(result.error.join('\n'));
    const text = describeConfig(result.value);
    for (const secret of Object.values(env)) expect(text).not.toContain(secret);
    const doc = parse(text) as Record<string, Record<string, Record<string, unknown>>>;
    expect(doc.receivers?.otlp?.auth).toEqual({ bearer_token_env: ['TOKEN'] });
    expect(doc.exporters?.otlp?.headers).toEqual({
      'X-Api-Key': '<redacted>',
      'X-Tenant': 'beamline',
    });
    expect(doc.store).toBe('postgres://monitor:<redacted>@db/h');
    expect(text).toContain('bot_token: <redacted>');
  });

  it('lists warnings as comments', () => {
    const result = parseConfig(
      'exporters:\n  debug:\n  prometheus:\nservice:\n  pipelines:\n    metrics: { receivers: [otlp], exporters: [prometheus] }\n',
    );
    if (!result.ok) throw new Error(result.error.join('\n'));
    const text = describeConfig(result.value);
    expect(text).toContain('# warning: processors.queue is defined but no pipeline uses it');
    expect(text).toContain('# warning: exporters.debug is defined but no pipeline uses it');
  });
});
