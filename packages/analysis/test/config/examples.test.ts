import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { describeConfig } from '../../src/config/describe-config.js';
import { loadConfig, parseConfig } from '../../src/config/load-config.js';
import type { AnalysisConfig } from '../../src/config/types.js';

const example = (name: string): string =>
  fileURLToPath(new URL(`../../../../examples/config/${name}`, import.meta.url));

/** The variables the examples say they need. */
const ENV = {
  HETERODYNE_INGEST_TOKEN: 'ingest-token',
  HETERODYNE_API_TOKEN: 'api-token',
  OTLP_BACKEND_TOKEN: 'backend-token',
  SLACK_BOT_TOKEN: 'xoxb-slack',
  SMTP_PASSWORD: 'smtp-password',
  WEBHOOK_SECRET: 'webhook-secret',
  PGPASSWORD: 'pg-password',
};

function load(name: string, env: Record<string, string> = ENV): AnalysisConfig {
  const result = loadConfig(example(name), env);
  if (!result.ok) throw new Error(result.error.map((e) => e.message).join('\n'));
  return result.value;
}

describe('examples/config', () => {
  it('minimal.yaml is the defaults with two SLO targets', () => {
    const config = load('minimal.yaml', {});
    const defaults = loadConfig(undefined, {});
    expect(defaults.ok).toBe(true);
    if (!defaults.ok) return;
    expect({ ...config, source: undefined }).toEqual(defaults.value);
    expect(config.warnings).toEqual([]);
  });

  it('full.yaml sets every section, with all components in use', () => {
    const config = load('full.yaml');
    expect(Object.keys(config.exporters)).toEqual(['otlp', 'prometheus', 'debug']);
    expect(config.exporters.prometheus).toMatchObject({
      endpoint: { host: '127.0.0.1', port: 9464 },
    });
    expect(config.exporters.otlp).toMatchObject({ protocol: 'http/protobuf', compression: 'gzip' });
    expect(config.receivers.otlp?.auth?.tokens.map((t) => t.reveal())).toEqual(['ingest-token']);
    expect(config.api.auth?.tokens.map((t) => t.reveal())).toEqual(['api-token']);
    expect(config.alerting.rules.map((r) => r.id)).toEqual([
      'response_time_critical',
      'accuracy_floor',
    ]);
    expect(config.alerting.rules[0]).toMatchObject({
      attributes: { 'heterodyne.operation.name': 'chi_squared_calculation' },
      forMillis: 60_000,
      keepFiringForMillis: 120_000,
    });
    expect(Object.keys(config.alerting.channels)).toEqual([
      'console',
      'email',
      'slack',
      'webhook',
      'alertmanager',
      'file',
      'otlp',
    ]);
    expect(config.alerting.channels.slack).toMatchObject({
      type: 'slack',
      channel: '#performance-alerts',
    });
    expect(config.alerting.route.routes.map((r) => r.channels)).toEqual([
      ['email', 'slack', 'alertmanager'],
      ['webhook', 'file', 'otlp'],
    ]);
    expect(config.optimization.optimizationTemplates.vectorize_chi_squared).toMatchObject({
      category: 'algorithm',
      riskLevel: 'low',
    });
    expect(config.service.telemetry.resource).toMatchObject({
      'service.namespace': 'beamline',
      'deployment.environment.name': 'production',
    });
    expect(config.warnings).toEqual([]);
  });

  it('full.yaml names every variable it needs when they are missing', () => {
    const result = loadConfig(example('full.yaml'), {});
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const missing = result.error.map(
      (e) => /environment variable (\w+) is not set/.exec(e.message)?.[1],
    );
    expect(missing).toEqual([
      'HETERODYNE_INGEST_TOKEN',
      'OTLP_BACKEND_TOKEN',
      'HETERODYNE_API_TOKEN',
      'SMTP_PASSWORD',
      'SLACK_BOT_TOKEN',
      'WEBHOOK_SECRET',
    ]);
  });

  it('postgres.yaml stores state in PostgreSQL without a password in the file', () => {
    const config = load('postgres.yaml', { HETERODYNE_INGEST_TOKEN: 't', PGHOST: 'db.internal' });
    expect(config.store).toMatchObject({
      kind: 'postgres',
      display: 'postgres://heterodyne@db.internal:5432/heterodyne',
    });
    expect(config.receivers.otlp?.grpc).toMatchObject({ host: '0.0.0.0', port: 4317 });
    expect(config.exporters.prometheus).toMatchObject({ passThrough: false, endpoint: undefined });
    expect(config.service.telemetry.resource['service.instance.id']).toBe('replica-0');
    expect(config.service.replica).toBe('replica-0');
  });

  it.each(['minimal.yaml', 'full.yaml', 'postgres.yaml'])(
    '%s described and parsed again gives the same configuration (secrets aside)',
    (name) => {
      const config = load(name);
      const text = describeConfig(config);
      // Header values from the environment print as <redacted>; give them back for the comparison.
      const restored = text
        .replace('Authorization: <redacted>', 'Authorization: Bearer ${OTLP_BACKEND_TOKEN}')
        .replace('bot_token: <redacted>', 'bot_token: ${SLACK_BOT_TOKEN}')
        .replace('password: <redacted>', 'password: ${SMTP_PASSWORD}')
        .replace('secret: <redacted>', 'secret: ${WEBHOOK_SECRET}');
      const again = parseConfig(restored, { file: config.source, env: ENV });
      if (!again.ok) throw new Error(again.error.map((e) => e.message).join('\n'));
      // Which inactive sections are written (and on which line) is about the file, not the
      // configuration: the description writes every section.
      const settings = (c: AnalysisConfig): unknown =>
        JSON.parse(JSON.stringify({ ...c, inactiveSections: undefined }));
      expect(settings(again.value)).toEqual(settings(config));
    },
  );
});
