import { describe, expect, it } from 'vitest';
import { errors, parse } from './helpers.js';

describe('pipelines', () => {
  const components = [
    'receivers:\n  otlp:\n',
    'processors:\n  queue:\n  series:\n',
    'exporters:\n  prometheus:\n  otlp/backend:\n    endpoint: http://collector:4318\n',
  ].join('');

  it('must reference defined components, naming the pipeline and the reference', () => {
    const messages = errors(
      `${components}service:\n  pipelines:\n    metrics:\n      receivers: [otlp, zipkin]\n      exporters: [prometheus, otlp]\n`,
    );
    expect(messages).toEqual([
      'config.yaml:13:25: service.pipelines.metrics.receivers[1]: references undefined receiver "zipkin" (defined: otlp)',
      'config.yaml:14:31: service.pipelines.metrics.exporters[1]: references undefined exporter "otlp" (defined: prometheus, otlp/backend)',
    ]);
  });

  it('refuse components that do not handle the signal', () => {
    expect(
      errors(
        `${components}service:\n  pipelines:\n    traces:\n      receivers: [otlp]\n      exporters: [prometheus]\n`,
      ),
    ).toEqual([
      'config.yaml:14:19: service.pipelines.traces.exporters[0]: exporter "prometheus" does not handle traces',
    ]);
  });

  it('need a receiver, unique references and the queue before the series processor', () => {
    const messages = errors(
      `${components}service:\n  pipelines:\n    metrics:\n      processors: [series, queue]\n      exporters: [prometheus, prometheus]\n`,
    );
    expect(messages).toEqual([
      'config.yaml:12:5: service.pipelines.metrics.receivers: must list at least one receiver',
      'config.yaml:13:19: service.pipelines.metrics.processors: must list processors in the order queue, series (the queue admits data, the series processor stores it)',
      'config.yaml:14:31: service.pipelines.metrics.exporters[1]: lists exporter "prometheus" twice',
    ]);
  });

  it('accept named pipelines and named components', () => {
    const c = parse(
      `${components}service:\n  pipelines:\n    metrics/export:\n      receivers: [otlp]\n      processors: [queue, series]\n      exporters: [otlp/backend]\n`,
    );
    expect(c.service.pipelines['metrics/export']).toMatchObject({
      signal: 'metrics',
      exporters: ['otlp/backend'],
    });
    expect(c.warnings).toEqual(['exporters.prometheus is defined but no pipeline uses it']);
  });

  it('refuse ids that are not a signal', () => {
    expect(errors(`${components}service:\n  pipelines:\n    spans: {}\n`)).toEqual([
      'config.yaml:12:5: service.pipelines.spans: "spans" is not a pipeline id: write metrics, traces or logs, optionally with /name',
    ]);
  });

  it('refuse unknown component types', () => {
    expect(errors('exporters:\n  kafka:\n    brokers: [x]\n')).toEqual([
      'config.yaml:3:5: exporters.kafka: unknown exporter type "kafka" (known: otlp, prometheus, debug)',
    ]);
  });
});

describe('components', () => {
  it('reads the OTLP receiver with one protocol', () => {
    const c = parse(
      'receivers:\n  otlp:\n    protocols:\n      grpc:\n        endpoint: 0.0.0.0:14317\n        max_recv_msg_size: 4MiB\n',
    );
    expect(c.receivers.otlp).toEqual({
      type: 'otlp',
      id: 'otlp',
      http: undefined,
      grpc: {
        endpoint: '0.0.0.0:14317',
        host: '0.0.0.0',
        port: 14317,
        maxRecvMsgBytes: 4 * 2 ** 20,
        maxConcurrentStreams: 100,
      },
      auth: undefined,
      limits: {
        maxPointsPerRequest: undefined,
        maxItemsPerRequest: 1_000_000,
        maxNameBytes: 1024,
        maxAttributeKeyBytes: 1024,
      },
    });
  });

  it('reads the request limits, the connection cap and the queue bounds, and names a bad value', () => {
    const c = parse(
      [
        'receivers:',
        '  otlp:',
        '    protocols:',
        '      http: { endpoint: 127.0.0.1:14318, max_connections: 64, read_header_timeout: 2s }',
        '    limits:',
        '      max_points_per_request: 5000',
        '      max_items_per_request: 20000',
        '      max_name_length: 255',
        '      max_attribute_key_length: 128',
        'processors:',
        '  queue: { max_wait: 500ms, max_in_flight_bytes: 32MiB }',
        '  series: {}',
        '',
      ].join('\n'),
    );
    expect(c.receivers.otlp?.http).toMatchObject({
      maxConnections: 64,
      readHeaderTimeoutMillis: 2000,
    });
    expect(c.receivers.otlp?.limits).toEqual({
      maxPointsPerRequest: 5000,
      maxItemsPerRequest: 20000,
      maxNameBytes: 255,
      maxAttributeKeyBytes: 128,
    });
    expect(c.processors['queue']).toMatchObject({
      maxWaitMillis: 500,
      maxInFlightBytes: 32 * 2 ** 20,
    });
    expect(errors('receivers:\n  otlp:\n    limits:\n      max_points_per_request: 0\n')).toEqual([
      expect.stringMatching(
        /^config\.yaml:4:\d+: receivers\.otlp\.limits\.max_points_per_request: /,
      ),
    ]);
  });

  it('refuses two listeners on one port', () => {
    expect(
      errors(
        'receivers:\n  otlp:\n    protocols:\n      http:\n        endpoint: localhost:8080\n',
      ),
    ).toEqual([
      'config.yaml:5:19: receivers.otlp.protocols.http.endpoint: port 8080 is also used by api.endpoint (default localhost:8080)',
    ]);
  });

  it('reads the OTLP exporter, requiring an endpoint and a timeout within the interval', () => {
    const c = parse(
      'exporters:\n  otlp:\n    endpoint: https://otlp.example.org\n    protocol: grpc\n    interval: 15s\n    compression: gzip\n    temporality: delta\n',
    );
    expect(c.exporters.otlp).toEqual({
      type: 'otlp',
      id: 'otlp',
      endpoint: 'https://otlp.example.org',
      protocol: 'grpc',
      headers: {},
      intervalMillis: 15_000,
      timeoutMillis: 10_000,
      compression: 'gzip',
      temporality: 'delta',
    });
    expect(
      parse('exporters:\n  otlp:\n    endpoint: http://c\n    interval: 2s\n').exporters.otlp,
    ).toMatchObject({
      timeoutMillis: 2_000,
    });
    expect(errors('exporters:\n  otlp:\n    protocol: grpc\n')).toEqual([
      'config.yaml:3:5: exporters.otlp.endpoint: is required (the URL of an OTLP backend or Collector, like https://otlp.example.org:4318)',
    ]);
    expect(
      errors('exporters:\n  otlp:\n    endpoint: c:4317\n    interval: 5s\n    timeout: 6s\n'),
    ).toEqual([
      'config.yaml:3:15: exporters.otlp.endpoint: must be an http:// or https:// URL (got "c:4317")',
      'config.yaml:5:14: exporters.otlp.timeout: must not be longer than interval',
    ]);
  });

  it('reads the store URL', () => {
    expect(parse('store: "sqlite::memory:"\n').store).toEqual({
      kind: 'sqlite',
      url: 'sqlite::memory:',
      path: ':memory:',
    });
    expect(parse('store: sqlite:///var/lib/heterodyne.db\n').store).toMatchObject({
      path: '/var/lib/heterodyne.db',
    });
    expect(parse('store: postgresql://monitor@db:5432/h\n').store).toMatchObject({
      kind: 'postgres',
      display: 'postgresql://monitor@db:5432/h',
    });
    expect(errors('store: mysql://db/h\n')).toEqual([
      "config.yaml:1:8: store: unsupported URL scheme 'mysql:' (use sqlite:PATH, sqlite::memory:, postgres://... or a file path)",
    ]);
  });

  it('reads the store URL with the store parser: bare paths, and its refusals with file and key', () => {
    expect(parse('store: ./data/h.db\n').store).toEqual({
      kind: 'sqlite',
      url: './data/h.db',
      path: './data/h.db',
    });
    expect(errors('store: "sqlite:"\n')).toEqual([
      "config.yaml:1:8: store: 'sqlite:' names no file",
    ]);
    expect(errors('store: postgres://monitor@[bad/h\n')).toEqual([
      "config.yaml:1:8: store: 'postgres://(unparseable URL)' is not a valid URL",
    ]);
    expect(errors('store: postgres://monitor:hunter2@db/h\n')[0]).toMatch(
      /^config\.yaml:1:8: store: must not hold a literal password/,
    );
  });

  it('checks SLO targets against the SLI ids and their units', () => {
    expect(
      errors('slo:\n  targets:\n    latency: 2\n    cache_hit_rate: 1.2\n    throughput: 0\n'),
    ).toEqual([
      expect.stringMatching(
        /^config\.yaml:3:14: slo\.targets\.latency: unknown SLI "latency" \(known: accuracy_preservation, response_time/,
      ),
      'config.yaml:4:21: slo.targets.cache_hit_rate: must be <= 1 (got 1.2)',
      'config.yaml:5:17: slo.targets.throughput: must be > 0 (got 0)',
    ]);
  });

  it('reads the engine runtime limits, with defaults, and names bad values with file and key', () => {
    expect(parse('').engines).toEqual({
      findingsLimit: 1000,
      findingsWriteQueue: 10_000,
      shutdownWaitMillis: 30_000,
    });
    expect(
      parse('engines:\n  findings_limit: 50\n  findings_write_queue: 20\n  shutdown_wait: 2s\n')
        .engines,
    ).toEqual({ findingsLimit: 50, findingsWriteQueue: 20, shutdownWaitMillis: 2000 });
    expect(
      errors(
        'engines:\n  findings_limit: 0\n  shutdown_wait: soon\n  keep: 3\n  findings_write_queue: 1.5\n',
      ),
    ).toEqual([
      expect.stringMatching(/^config\.yaml:2:19: engines\.findings_limit: must be >= 1/),
      expect.stringMatching(/^config\.yaml:3:18: engines\.shutdown_wait: /),
      expect.stringMatching(/^config\.yaml:4:3: engines\.keep: unknown key/),
      'config.yaml:5:25: engines.findings_write_queue: must be a whole number (got 1.5)',
    ]);
  });

  it('reads service telemetry', () => {
    const c = parse(
      'service:\n  telemetry:\n    metrics: { level: basic }\n    logs: { level: debug }\n    resource:\n      service.name: monitor-a\n      replica: 3\n',
    );
    expect(c.service.telemetry).toEqual({
      logLevel: 'debug',
      metricsLevel: 'basic',
      resource: { 'service.name': 'monitor-a', replica: 3 },
    });
  });
});

describe('service.replica', () => {
  it('names this replica among those sharing a store; unset by default', () => {
    expect(parse('service:\n  replica: monitor-0\n').service.replica).toBe('monitor-0');
    expect(parse('').service.replica).toBeUndefined();
  });

  it('refuses a name that cannot be part of a state key, saying what it may hold', () => {
    expect(errors('service:\n  replica: "a b/c"\n')).toEqual([
      expect.stringMatching(
        /^config\.yaml:2:12: service\.replica: must be 1 to 63 letters, digits, '\.', '_' or '-'.*"a b\/c"/,
      ),
    ]);
  });
});

describe('reserved engine sections', () => {
  it('accept the documented keys and check their values', () => {
    const c = parse(
      'baselines:\n  drift_detection_sensitivity: 3\n  baseline_methods: { heterodyne.operation.duration: robust }\nanalytics:\n  ml_models:\n    anomaly_detection: { contamination: 0.05 }\n',
    );
    expect(c.baselines).toMatchObject({
      autoUpdateEnabled: true,
      driftDetectionSensitivity: 3,
      baselineMethods: { 'heterodyne.operation.duration': 'robust' },
    });
    expect(c.analytics.mlModels.anomalyDetection).toEqual({
      contamination: 0.05,
      nEstimators: 50,
    });
  });

  it('refuse undocumented keys, bad values and directories', () => {
    expect(
      errors(
        'optimization:\n  optimization_dir: ./opt\n  auto_execution_threshold: 1.5\n  aggressive: true\nbaselines:\n  baseline_methods: { x: median }\n',
      ),
    ).toEqual([
      'config.yaml:2:3: optimization.optimization_dir: is not used: all state lives in the database named by `store`',
      'config.yaml:3:29: optimization.auto_execution_threshold: must be <= 1 (got 1.5)',
      'config.yaml:4:3: optimization.aggressive: unknown key (known keys: accuracy_loss_threshold, auto_execution_threshold, auto_remediation_enabled, canary_window, dry_run, enabled, evaluation_interval, max_actions_per_hour, max_opportunities, optimization_priorities, optimization_templates, rollback_cooldown, significance, thresholds, webhooks, window)',
      'config.yaml:6:26: baselines.baseline_methods.x: must be one of "percentile", "robust", "mean" (got "median")',
    ]);
  });

  it('check alert rules against the defined channels and keep tokens out of the file', () => {
    const messages = errors(
      [
        'alerting:',
        '  channels:',
        '    slack:',
        '      type: slack',
        '      config: { bot_token: xoxb-literal, channel: "#alerts" }',
        '  rules:',
        '    slow:',
        '      metric_pattern: "*duration*"',
        '      threshold: 3',
        '      comparison: gt',
        '      severity: critical',
        '      channels: [slack]',
        '  route:',
        '    routes:',
        '      - matchers: [severity="critical", "oops"]',
        '        channels: [slack, pager]',
        '  inhibit_rules:',
        '    - source_matchers: [severity="critical"]',
      ].join('\n'),
    );
    expect(messages).toEqual([
      'config.yaml:5:28: alerting.channels.slack.config.bot_token: must come from the environment, like "${SLACK_BOT_TOKEN}"; secrets are never written in config files',
      'config.yaml:8:7: alerting.rules.slow.metric_pattern: is replaced by `metric` (an exact metric name) and `attributes` matchers',
      'config.yaml:8:7: alerting.rules.slow.metric: is required',
      'config.yaml:12:7: alerting.rules.slow.channels: is replaced by routing: add a route under `alerting.route.routes` with matchers: [alertname="<rule id>"] and its channels',
      'config.yaml:15:41: alerting.route.routes[0].matchers[1]: "oops": not a matcher; write name="value", name!="value", name=~"regex" or name!~"regex"',
      'config.yaml:16:27: alerting.route.routes[0].channels[1]: references undefined channel "pager" (defined: slack)',
      'config.yaml:18:7: alerting.inhibit_rules[0].target_matchers: is required',
    ]);
  });

  it('reads channels, rules, routes and inhibition with defaults filled in', () => {
    const a = parse(
      [
        'alerting:',
        '  channels:',
        '    hook: { type: webhook, config: { url: "http://127.0.0.1:9/x/", secret: "${HOOK_KEY}" }, rate_limit: 30 }',
        '    mail: { type: email, config: { smtp_server: "mx:2525", tls: none, from_address: a@b, to_addresses: c@d } }',
        '  rules:',
        '    hot: { metric: temp, threshold: 90, comparison: gte, for: 2m, labels: { room: a } }',
        '  route:',
        '    group_by: [alertname, room]',
        '    routes:',
        '      - { matchers: [room="a"], channels: [mail], group_wait: 0s }',
        '  inhibit_rules:',
        '    - { source_matchers: [severity="critical"], target_matchers: [severity="warning"], equal: [room] }',
      ].join('\n'),
      { HOOK_KEY: 'k-1' },
    ).alerting;
    expect(a.enabled).toBe(true);
    expect(a.channels.hook).toMatchObject({
      type: 'webhook',
      url: 'http://127.0.0.1:9/x',
      rateLimitPerHour: 30,
    });
    expect((a.channels.hook as { secret: { reveal(): string } }).secret.reveal()).toBe('k-1');
    expect(a.channels.mail).toMatchObject({
      smtpServer: 'mx',
      port: 2525,
      tls: 'none',
      toAddresses: ['c@d'],
    });
    expect(a.rules[0]).toMatchObject({
      id: 'hot',
      reduction: 'avg',
      comparison: 'gte',
      forMillis: 120_000,
      windowMillis: 300_000,
      severity: 'warning',
    });
    expect(a.route.channels).toEqual(['hook', 'mail']);
    expect(a.route.groupBy).toEqual(['alertname', 'room']);
    expect(a.route.routes[0]).toMatchObject({
      channels: ['mail'],
      groupWaitMillis: 0,
      groupBy: ['alertname', 'room'],
    });
    expect(a.inhibitRules[0]?.equal).toEqual(['room']);
    expect(a.delivery).toEqual({
      maxAttempts: 8,
      initialBackoffMillis: 1000,
      maxBackoffMillis: 300_000,
    });
  });

  it('without an alerting section alerting is off; an empty one notifies the console', () => {
    const off = parse('').alerting;
    const on = parse('alerting: {}').alerting;
    expect(off.enabled).toBe(false);
    expect(on.enabled).toBe(true);
    expect(Object.keys(on.channels)).toEqual(['console']);
    expect(on.route.channels).toEqual(['console']);
  });
});
