/**
 * Alerting in the running service: threshold rules over received OTLP and engine findings
 * become notifications through a real webhook receiver; the API and the CLI acknowledge,
 * silence, unsilence and test channels behind the bearer token; alerts, acknowledgements and
 * silences survive a restart without notifying again.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { parseConfig } from '../../src/config/load-config.js';
import type { AnalysisConfig } from '../../src/config/types.js';
import type { EngineFactory } from '../../src/engines/registry.js';
import { createAnalysisService } from '../../src/service/analysis-service.js';
import { fakeIo } from '../cli/fake-io.js';
import { webhookSignature } from '../../src/alerting/notify/webhook.js';
import { startRecorder } from './real-servers.js';

let dir: string;
const cleanups: (() => Promise<void>)[] = [];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'service-alerting-'));
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  await rm(dir, { recursive: true, force: true });
});

const ENV = { API_TOKEN: 'api-tok', HOOK_SECRET: 'hook-key' };

function config(db: string, hookUrl: string): AnalysisConfig {
  const text = [
    'receivers:',
    '  otlp:',
    '    protocols:',
    '      http: { endpoint: 127.0.0.1:0 }',
    'api:',
    '  endpoint: 127.0.0.1:0',
    '  auth: { bearer_token_env: API_TOKEN }',
    `store: sqlite:${db}`,
    'alerting:',
    '  evaluation_interval: 200ms',
    '  default_rules: false',
    '  channels:',
    `    hook: { type: webhook, config: { url: "${hookUrl}/hook", secret: "\${HOOK_SECRET}" } }`,
    '  rules:',
    '    too_hot:',
    '      metric: beamline.temperature',
    '      window: 10m',
    '      reduction: last',
    '      comparison: gt',
    '      threshold: 90',
    '      severity: critical',
    '      annotations: { summary: "temperature {{ $value }} above {{ $threshold }}" }',
    '  route:',
    '    channels: [hook]',
    '    group_by: [alertname]',
    '    group_wait: 0s',
    '    group_interval: 1s',
    '    repeat_interval: 1h',
    '',
  ].join('\n');
  const parsed = parseConfig(text, { file: 'alerting.yaml', env: ENV });
  if (!parsed.ok) throw new Error(parsed.error.join('\n'));
  return parsed.value;
}

/** An engine that raises one finding at its first evaluation. */
const findingEngine: EngineFactory = () => [
  {
    name: 'drift',
    intervalMillis: 100,
    evaluate(at, context) {
      context.emit({
        engine: 'drift',
        kind: 'baseline.drift',
        severity: 'warning',
        state: 'firing',
        labels: { metric: 'fit.duration' },
        summary: 'fit duration drifted 40% above its baseline',
        suggestedAction: 'compare with the last good build',
        startsAtMillis: at,
      });
    },
    report: () => ({ name: 'drift', healthy: true }),
  },
];

function gauge(value: number): string {
  return JSON.stringify({
    resourceMetrics: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'beamline' } }] },
        scopeMetrics: [
          {
            metrics: [
              {
                name: 'beamline.temperature',
                gauge: {
                  dataPoints: [
                    {
                      timeUnixNano: String(BigInt(Date.now()) * 1_000_000n),
                      asDouble: value,
                      attributes: [{ key: 'sensor', value: { stringValue: 's1' } }],
                    },
                  ],
                },
              },
            ],
          },
        ],
      },
    ],
  });
}

async function until<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface HookBody {
  status: string;
  groupLabels: Record<string, string>;
  alerts: {
    labels: Record<string, string>;
    annotations: Record<string, string>;
    fingerprint: string;
  }[];
}

describe('alerting in the service', () => {
  it('notifies rule and finding alerts, takes acks and silences over the API and CLI, and keeps them across a restart', async () => {
    const hook = await startRecorder();
    cleanups.push(hook.close);
    const db = join(dir, 'alerts.db');
    const auth = { authorization: 'Bearer api-tok' };

    const service = createAnalysisService(config(db, hook.url), {
      engineFactories: [findingEngine],
    });
    const addresses = await service.start();
    let stopped = false;
    cleanups.push(async () => {
      if (!stopped) await service.shutdown();
    });
    const sent = await fetch(`${addresses.otlpHttp}/v1/metrics`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: gauge(97.5),
    });
    expect(sent.status).toBe(200);

    const bodies = (): HookBody[] => hook.requests.map((r) => JSON.parse(r.body) as HookBody);
    const byName = (name: string) => () => bodies().find((b) => b.groupLabels.alertname === name);
    const rule = await until('the threshold rule notification', byName('too_hot'));
    expect(rule.status).toBe('firing');
    expect(rule.alerts[0]?.labels).toMatchObject({
      sensor: 's1',
      'service.name': 'beamline',
      severity: 'critical',
    });
    expect(rule.alerts[0]?.annotations.summary).toBe('temperature 97.5 above 90');
    const finding = await until('the finding notification', byName('baseline.drift'));
    expect(finding.alerts[0]?.labels).toMatchObject({ engine: 'drift', severity: 'warning' });
    expect(finding.alerts[0]?.annotations.suggested_action).toBe(
      'compare with the last good build',
    );
    // Every request is signed with the channel's secret.
    for (const r of hook.requests) {
      const ts = String(r.headers['x-heterodyne-timestamp']);
      expect(r.headers['x-heterodyne-signature']).toBe(webhookSignature('hook-key', ts, r.body));
    }

    // Writes need the bearer token.
    const unauth = await fetch(`${addresses.api}/api/v1/silences`, { method: 'POST', body: '{}' });
    expect(unauth.status).toBe(401);
    const list = (await (
      await fetch(`${addresses.api}/api/v1/alerts`, { headers: auth })
    ).json()) as {
      alerts: { fingerprint: string; labels: Record<string, string>; id: string }[];
    };
    expect(list.alerts.map((a) => a.labels.alertname).sort()).toEqual([
      'baseline.drift',
      'too_hot',
    ]);
    const drift = list.alerts.find((a) => a.labels.alertname === 'baseline.drift');
    // The channels list shows settings with the secret redacted.
    const channels = await (
      await fetch(`${addresses.api}/api/v1/channels`, { headers: auth })
    ).text();
    expect(channels).toContain('"secret":"<redacted>"');
    expect(channels).not.toContain('hook-key');

    const env = {
      HETERODYNE_API_URL: addresses.api ?? '',
      HETERODYNE_API_TOKEN: 'api-tok',
      USER: 'operator',
    };
    const ackIo = fakeIo(env);
    expect(
      await runCli(['alerts', 'ack', drift?.fingerprint ?? '', '--comment', 'looking'], ackIo),
    ).toBe(0);
    expect(ackIo.out()).toBe(`acknowledged ${drift?.fingerprint} by operator\n`);
    const silenceIo = fakeIo(env);
    expect(
      await runCli(
        ['alerts', 'silence', 'alertname="too_hot"', '--duration', '2h', '--comment', 'bake-out'],
        silenceIo,
      ),
    ).toBe(0);
    const silenceId = /^silence (\S+) until /.exec(silenceIo.out())?.[1];
    expect(silenceId).toBeDefined();
    const listIo = fakeIo(env);
    expect(await runCli(['alerts', 'list'], listIo)).toBe(0);
    expect(listIo.out()).toMatch(/warning\s+baseline\.drift .*\[acked\]/);
    expect(listIo.out()).toMatch(/critical\s+too_hot .*\[silenced\]/);
    const testIo = fakeIo(env);
    expect(await runCli(['alerts', 'test-channel', 'hook'], testIo)).toBe(0);
    expect(bodies().some((b) => b.groupLabels.alertname === 'HeterodyneTestNotification')).toBe(
      true,
    );
    const missing = fakeIo(env);
    expect(await runCli(['alerts', 'test-channel', 'pager'], missing)).toBe(1);
    expect(missing.err()).toContain('channel "pager" is not configured (channels: hook)');
    const badAck = fakeIo(env);
    expect(await runCli(['alerts', 'ack', 'nope'], badAck)).toBe(1);

    const deliveries = (await (
      await fetch(`${addresses.api}/api/v1/deliveries?status=delivered`, { headers: auth })
    ).json()) as {
      deliveries: { channel: string }[];
    };
    expect(deliveries.deliveries.length).toBeGreaterThanOrEqual(2);

    // Self-telemetry: deliveries by channel and outcome, active alerts by severity.
    const metrics = await (await fetch(`${addresses.api}/metrics`, { headers: auth })).text();
    expect(metrics).toMatch(
      /heterodyne_monitor_alert_deliveries(_attempt)?_total\{[^}]*heterodyne_monitor_alert_channel="hook"[^}]*heterodyne_monitor_alert_outcome="delivered"[^}]*\} [2-9]/,
    );
    expect(metrics).toMatch(
      /heterodyne_monitor_alerts_active(_alert)?\{[^}]*heterodyne_monitor_alert_severity="critical"[^}]*\} 1/,
    );

    await service.shutdown();
    stopped = true;
    const before = hook.requests.length;

    // A new process over the same store.
    const again = createAnalysisService(config(db, hook.url), { engineFactories: [] });
    const second = await again.start();
    cleanups.push(() => again.shutdown());
    const restored = (await (
      await fetch(`${second.api}/api/v1/alerts`, { headers: auth })
    ).json()) as {
      alerts: { labels: Record<string, string>; acknowledged: boolean; silencedBy: string[] }[];
    };
    const restoredDrift = restored.alerts.find((a) => a.labels.alertname === 'baseline.drift');
    expect(restoredDrift?.acknowledged).toBe(true);
    const silences = (await (
      await fetch(`${second.api}/api/v1/silences?active=true`, { headers: auth })
    ).json()) as {
      silences: { id: string; comment: string; createdBy: string }[];
    };
    expect(silences.silences).toMatchObject([
      { id: silenceId, comment: 'bake-out', createdBy: 'operator' },
    ]);
    // Restored alerts were notified before: no new firing notification for them.
    await new Promise((r) => setTimeout(r, 1500));
    const after = bodies().slice(before);
    expect(
      after.filter((b) => b.status === 'firing' && b.groupLabels.alertname === 'baseline.drift'),
    ).toEqual([]);

    const unsilenceIo = fakeIo({ ...env, HETERODYNE_API_URL: second.api ?? '' });
    expect(await runCli(['alerts', 'unsilence', silenceId ?? ''], unsilenceIo)).toBe(0);
    const active = (await (
      await fetch(`${second.api}/api/v1/silences?active=true`, { headers: auth })
    ).json()) as {
      silences: unknown[];
    };
    expect(active.silences).toEqual([]);
  }, 60_000);
});
