import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { SLIS } from '@heterodyne/semconv';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultConfig, loadConfig, parseConfig } from '../../src/config/load-config.js';
import type { ConfigError } from '../../src/config/errors.js';
import { Secret } from '../../src/config/secret.js';
import { errors, FILE, parse } from './helpers.js';

describe('defaults', () => {
  it('run a complete single-node service with no file', () => {
    const config = loadConfig(undefined, {});
    if (!config.ok) throw new Error('defaults must be valid');
    const c = config.value;
    expect(c.source).toBeUndefined();
    expect(c.receivers.otlp).toMatchObject({
      type: 'otlp',
      http: {
        endpoint: 'localhost:4318',
        host: '127.0.0.1',
        port: 4318,
        maxRequestBodyBytes: 16 * 2 ** 20,
      },
      grpc: {
        endpoint: 'localhost:4317',
        host: '127.0.0.1',
        port: 4317,
        maxRecvMsgBytes: 16 * 2 ** 20,
      },
      auth: undefined,
    });
    expect(c.processors.series).toMatchObject({
      cardinalityLimit: 10_000,
      retentionMillis: 86_400_000,
    });
    expect(c.exporters).toEqual({
      prometheus: {
        type: 'prometheus',
        id: 'prometheus',
        endpoint: undefined,
        path: '/metrics',
        passThrough: true,
        addMetricSuffixes: true,
      },
    });
    expect(c.service.pipelines.metrics).toEqual({
      id: 'metrics',
      signal: 'metrics',
      receivers: ['otlp'],
      processors: ['queue', 'series'],
      exporters: ['prometheus'],
    });
    expect(c.service.pipelines.logs?.processors).toEqual(['queue']);
    expect(c.store).toEqual({
      kind: 'sqlite',
      url: 'sqlite:./monitoring-data/heterodyne.db',
      path: './monitoring-data/heterodyne.db',
    });
    expect(c.api.listen).toEqual({ endpoint: 'localhost:8080', host: '127.0.0.1', port: 8080 });
    expect(c.warnings).toEqual([]);
  });

  it('take every SLO target from the SLI definitions', () => {
    const targets = defaultConfig().slo.targets;
    expect(targets).toEqual(Object.fromEntries(SLIS.map((s) => [s.id, s.target])));
  });

  it('fill in what a partial file leaves out', () => {
    const c = parse('slo:\n  targets:\n    response_time: 1.5\n');
    expect(c.slo.targets.response_time).toBe(1.5);
    expect(c.slo.targets.cache_hit_rate).toBe(0.85);
    expect(c.receivers.otlp?.http?.port).toBe(4318);
  });

  it('treat an empty component as one with its defaults', () => {
    const c = parse('exporters:\n  debug:\n  prometheus:\n');
    expect(c.exporters.debug).toEqual({
      type: 'debug',
      id: 'debug',
      verbosity: 'basic',
      intervalMillis: 60_000,
    });
    expect(c.service.pipelines.metrics?.exporters).toEqual(['debug', 'prometheus']);
    expect(c.service.pipelines.traces?.exporters).toEqual(['debug']);
  });
});

describe('errors', () => {
  it('name the file, the line, the column and the key path', () => {
    const result = parseConfig(
      'exporters:\n  otlp:\n    endpoint: http://collector:4318\n    protocol: udp\n',
      {
        file: FILE,
      },
    );
    expect(result.ok).toBe(false);
    const [error] = (result as { error: ConfigError[] }).error;
    expect(error?.message).toBe(
      'config.yaml:4:15: exporters.otlp.protocol: must be one of "http/protobuf", "http/json", "grpc" (got "udp")',
    );
    expect(error).toMatchObject({
      file: FILE,
      path: 'exporters.otlp.protocol',
      line: 4,
      column: 15,
    });
  });

  it('are all reported, in file order', () => {
    const messages = errors(
      [
        'processors:',
        '  series:',
        '    cardinality_limit: 0',
        '    retention: 30',
        'receivers:',
        '  otlp:',
        '    protocols:',
        '      http:',
        '        max_request_body_size: 12XB',
      ].join('\n'),
    );
    expect(messages).toEqual([
      'config.yaml:3:24: processors.series.cardinality_limit: must be >= 1 (got 0)',
      'config.yaml:4:16: processors.series.retention: must be a duration like 30s, 5m or 24h (got number 30)',
      'config.yaml:9:32: receivers.otlp.protocols.http.max_request_body_size: must be a size like 16MiB, 512KB or a number of bytes (got "12XB")',
    ]);
  });

  it('report unknown keys with the known ones', () => {
    expect(errors('api:\n  endpiont: localhost:9000\n')).toEqual([
      'config.yaml:2:3: api.endpiont: unknown key (known keys: auth, endpoint)',
    ]);
    expect(errors('telemetry: {}\n')[0]).toMatch(
      /^config\.yaml:1:1: telemetry: unknown key \(known keys: .*service/,
    );
  });

  it('report YAML syntax errors with their position', () => {
    const messages = errors('receivers:\n  otlp: {protocols: \n');
    expect(messages[0]).toMatch(/^config\.yaml:\d+:\d+: YAML: /);
  });

  it('report duplicate keys', () => {
    expect(errors('store: sqlite:a.db\nstore: sqlite:b.db\n')[0]).toMatch(
      /^config\.yaml:2:1: YAML: Map keys must be unique/,
    );
  });

  it('report wrong types with a hint', () => {
    expect(errors('api:\n  endpoint: 8080\n')).toEqual([
      'config.yaml:2:13: api.endpoint: must be a string (got number 8080) (quote it to make it a string)',
    ]);
    expect(errors('exporters:\n  prometheus:\n    pass_through: yes\n')).toEqual([
      'config.yaml:3:19: exporters.prometheus.pass_through: must be true or false (got "yes")',
    ]);
    expect(errors('processors: [queue]\n')).toEqual([
      'config.yaml:1:13: processors: must be a mapping of keys to values',
    ]);
  });

  it('say where a key of the feature description moved', () => {
    expect(errors('sli_targets:\n  response_time: 2\nmonitoring_dir: x\n')).toEqual([
      'config.yaml:1:1: sli_targets: unknown key: moved to slo.targets',
      'config.yaml:3:1: monitoring_dir: unknown key: state lives in the database named by `store`',
    ]);
  });

  it('name an unreadable file', () => {
    const result = loadConfig('/nonexistent/heterodyne.yaml', {});
    expect(!result.ok && result.error.map((e) => e.message)).toEqual([
      '/nonexistent/heterodyne.yaml: no such file',
    ]);
  });
});

describe('loadConfig', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('reads the file and names it in errors', () => {
    dir = mkdtempSync(join(tmpdir(), 'heterodyne-config-'));
    const path = join(dir, 'monitor.yaml');
    writeFileSync(path, 'api:\n  endpoint: localhost:9090\nslo:\n  targets: { throughput: -5 }\n');
    const result = loadConfig(path, {});
    expect(!result.ok && result.error.map((e) => e.message)).toEqual([
      `${path}:4:26: slo.targets.throughput: must be > 0 (got -5)`,
    ]);
    writeFileSync(path, 'api:\n  endpoint: localhost:9090\n');
    const valid = loadConfig(path, {});
    expect(valid.ok && valid.value.api.listen.port).toBe(9090);
    expect(valid.ok && valid.value.source).toBe(path);
  });
});

describe('environment references', () => {
  it('expand in any string, with fallbacks', () => {
    const c = parse('api:\n  endpoint: ${API_HOST:-localhost}:${API_PORT}\n', { API_PORT: '9001' });
    expect(c.api.listen).toEqual({ endpoint: 'localhost:9001', host: '127.0.0.1', port: 9001 });
  });

  it('fill numbers and booleans from the environment', () => {
    const c = parse(
      'processors:\n  series:\n    cardinality_limit: ${LIMIT}\nexporters:\n  prometheus:\n    pass_through: ${PASS}\n',
      { LIMIT: '500', PASS: 'false' },
    );
    expect(c.processors.series).toMatchObject({ cardinalityLimit: 500 });
    expect(c.exporters.prometheus).toMatchObject({ passThrough: false });
  });

  it('name a missing variable and the key that needed it', () => {
    expect(errors('api:\n  endpoint: localhost:${API_PORT}\n')).toEqual([
      'config.yaml:2:13: api.endpoint: environment variable API_PORT is not set',
    ]);
  });

  it('keep a literal ${ written as $${', () => {
    const c = parse(
      'exporters:\n  otlp:\n    endpoint: http://c:4318\n    headers:\n      X-Template: "$${NAME}"\n',
    );
    expect(c.exporters.otlp).toMatchObject({ headers: { 'X-Template': '${NAME}' } });
  });
});

describe('secrets', () => {
  const auth =
    'receivers:\n  otlp:\n    auth:\n      bearer_token_env: [INGEST_TOKEN, INGEST_TOKEN_NEXT]\n';

  it('read bearer tokens from the named variables', () => {
    const c = parse(auth, { INGEST_TOKEN: 'current', INGEST_TOKEN_NEXT: 'next' });
    const tokens = c.receivers.otlp?.auth?.tokens ?? [];
    expect(tokens.map((t) => t.reveal())).toEqual(['current', 'next']);
    expect(tokens.map((t) => t.envVariable)).toEqual(['INGEST_TOKEN', 'INGEST_TOKEN_NEXT']);
  });

  it('name the missing token variable', () => {
    expect(errors(auth, { INGEST_TOKEN: 'current' })).toEqual([
      'config.yaml:4:40: receivers.otlp.auth.bearer_token_env[1]: environment variable INGEST_TOKEN_NEXT is not set',
    ]);
  });

  it('accept a single variable name', () => {
    const c = parse('api:\n  auth:\n    bearer_token_env: API_TOKEN\n', { API_TOKEN: 't' });
    expect(c.api.auth?.tokens[0]?.matches('t')).toBe(true);
    expect(c.api.auth?.tokens[0]?.matches('x')).toBe(false);
  });

  it('refuse a literal token where a variable name belongs', () => {
    expect(errors('api:\n  auth:\n    bearer_token_env: "Bearer abc"\n')).toEqual([
      'config.yaml:3:23: api.auth.bearer_token_env: must name an environment variable (got "Bearer abc")',
    ]);
  });

  it('refuse literal credentials in headers and URLs', () => {
    const messages = errors(
      'exporters:\n  otlp:\n    endpoint: https://backend\n    headers:\n      authorization: Bearer abc\nstore: postgres://monitor:hunter2@db/heterodyne\n',
    );
    expect(messages[0]).toMatch(
      /^config\.yaml:5:22: exporters\.otlp\.headers\.authorization: carries a credential/,
    );
    expect(messages[1]).toMatch(/^config\.yaml:6:8: store: must not hold a literal password/);
    expect(messages.join('\n')).not.toContain('hunter2');
  });

  it('print as <redacted> wherever a config is logged', () => {
    const c = parse(
      'exporters:\n  otlp:\n    endpoint: https://backend\n    headers:\n      Authorization: Bearer ${TOKEN}\nstore: postgres://monitor:${PGPASS}@db/heterodyne\n',
      { TOKEN: 'tok-123', PGPASS: 'pw-456' },
    );
    const header = (c.exporters.otlp as { headers: Record<string, Secret> }).headers.Authorization;
    expect(header).toBeInstanceOf(Secret);
    expect(header?.reveal()).toBe('Bearer tok-123');
    const printed = `${JSON.stringify(c)} ${inspect(c, { depth: 10 })} ${String(header)}`;
    expect(printed).not.toContain('tok-123');
    expect(printed).not.toContain('pw-456');
    expect(c.store).toMatchObject({
      kind: 'postgres',
      display: 'postgres://monitor:<redacted>@db/heterodyne',
    });
    expect(c.store.kind === 'postgres' && c.store.url.reveal()).toBe(
      'postgres://monitor:pw-456@db/heterodyne',
    );
  });
});
