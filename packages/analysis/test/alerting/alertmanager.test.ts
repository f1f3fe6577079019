import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fingerprint } from '../../src/alerting/labels.js';
import { createAlertmanagerNotifier } from '../../src/alerting/notify/alertmanager.js';
import type { AlertmanagerChannelConfig } from '../../src/alerting/notify/alertmanager.js';
import type { Notification } from '../../src/alerting/types.js';
import { alertmanagerAvailable, startAlertmanager, startRecorder } from './real-servers.js';
import type { AlertmanagerProcess } from './real-servers.js';

const available = alertmanagerAvailable();

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMillis = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMillis;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(!available)('Alertmanager channel against the real Alertmanager', () => {
  let am: AlertmanagerProcess;
  let second: AlertmanagerProcess;
  let hook: Awaited<ReturnType<typeof startRecorder>>;

  beforeAll(async () => {
    hook = await startRecorder();
    // Alertmanager routes what we send to a webhook of its own, resolved ones too.
    const yaml = [
      'route:',
      '  receiver: hook',
      '  group_by: [alertname]',
      '  group_wait: 100ms',
      '  group_interval: 500ms',
      '  repeat_interval: 1h',
      'receivers:',
      '  - name: hook',
      '    webhook_configs:',
      `      - url: ${hook.url}/am`,
      '        send_resolved: true',
      '',
    ].join('\n');
    am = await startAlertmanager(yaml);
    second = await startAlertmanager(yaml);
  }, 60_000);

  afterAll(async () => {
    await am?.stop();
    await second?.stop();
    await hook?.close();
  });

  it('posts to every URL; Alertmanager lists the alert under our fingerprint and routes its resolution', async () => {
    const config: AlertmanagerChannelConfig = {
      id: 'am',
      type: 'alertmanager',
      urls: [am.url, second.url],
      timeoutMillis: 5000,
      resendIntervalMillis: 60_000,
      rateLimitPerHour: undefined,
    };
    const notifier = createAlertmanagerNotifier(config, { externalUrl: 'http://monitor:8080' });
    const labels = { alertname: 'SlowFit', severity: 'critical', op: 'fit' };
    const start = Date.now() - 5000;
    const alert = {
      labels,
      annotations: { summary: 'fit took 3.2 s' },
      fingerprint: fingerprint(labels),
      ruleId: 'SlowFit',
      source: 'rule' as const,
      startsAtMillis: start,
      updatedAtMillis: start,
    };
    const n: Notification = {
      id: 'n1',
      channel: 'am',
      groupKey: 'g',
      groupLabels: { alertname: 'SlowFit' },
      status: 'firing',
      alerts: [alert],
      createdAtMillis: Date.now(),
    };
    expect(await notifier.send(n)).toEqual({ ok: true, value: undefined });

    for (const url of [am.url, second.url]) {
      const listed = await until('the alert in Alertmanager', async () => {
        const body = (await (await fetch(`${url}/api/v2/alerts`)).json()) as {
          fingerprint: string;
          labels: Record<string, string>;
          annotations: Record<string, string>;
          status: { state: string };
          generatorURL: string;
        }[];
        return body.length > 0 ? body : undefined;
      });
      expect(listed).toHaveLength(1);
      // The identity is the same on both sides.
      expect(listed[0]?.fingerprint).toBe(alert.fingerprint);
      expect(listed[0]?.labels).toEqual(labels);
      expect(listed[0]?.annotations.summary).toBe('fit took 3.2 s');
      expect(listed[0]?.status.state).toBe('active');
      expect(listed[0]?.generatorURL).toBe(
        `http://monitor:8080/api/v1/alerts?fingerprint=${alert.fingerprint}`,
      );
    }

    const end = Date.now() - 1000;
    const resolution = {
      ...n,
      id: 'n2',
      status: 'resolved' as const,
      alerts: [{ ...alert, endsAtMillis: end, updatedAtMillis: end }],
      createdAtMillis: Date.now(),
    };
    expect(await notifier.send(resolution)).toEqual({ ok: true, value: undefined });
    // Resolved alerts leave Alertmanager's list of active alerts ...
    await until('the alert to leave the active list', async () => {
      const body = (await (await fetch(`${am.url}/api/v2/alerts?active=true`)).json()) as unknown[];
      return body.length === 0 ? true : undefined;
    });
    // ... and Alertmanager notifies its own receiver of the resolution.
    const resolvedHook = await until('the resolved webhook from Alertmanager', async () => {
      const r = hook.requests
        .map(
          (req) =>
            JSON.parse(req.body) as {
              status: string;
              alerts: { fingerprint: string; endsAt: string }[];
            },
        )
        .find((b) => b.status === 'resolved');
      return r;
    });
    expect(resolvedHook.alerts[0]?.fingerprint).toBe(alert.fingerprint);
    expect(Date.parse(resolvedHook.alerts[0]?.endsAt ?? '')).toBe(end);
  }, 60_000);

  it('succeeds when one of several Alertmanagers is down, and names every failure when all are', async () => {
    const down = 'http://127.0.0.1:1';
    const base = {
      id: 'am',
      type: 'alertmanager' as const,
      timeoutMillis: 2000,
      resendIntervalMillis: 60_000,
      rateLimitPerHour: undefined,
    };
    const labels = { alertname: 'X' };
    const n: Notification = {
      id: 'n',
      channel: 'am',
      groupKey: 'g',
      groupLabels: {},
      status: 'firing',
      alerts: [
        {
          labels,
          annotations: {},
          fingerprint: fingerprint(labels),
          ruleId: 'X',
          source: 'api',
          startsAtMillis: Date.now(),
          updatedAtMillis: Date.now(),
        },
      ],
      createdAtMillis: Date.now(),
    };
    expect(
      (await createAlertmanagerNotifier({ ...base, urls: [down, am.url] }, {}).send(n)).ok,
    ).toBe(true);
    const failed = await createAlertmanagerNotifier(
      { ...base, urls: [down, 'http://127.0.0.1:2'] },
      {},
    ).send(n);
    expect(failed.ok).toBe(false);
    if (!failed.ok) {
      expect(failed.error).toContain('POST http://127.0.0.1:1/api/v2/alerts');
      expect(failed.error).toContain('POST http://127.0.0.1:2/api/v2/alerts');
    }
  });
});
