/**
 * Alerts whose labels come from OTel attribute keys (`service.name`,
 * `heterodyne.operation.name`: every SLO burn-rate alert) reach Alertmanager, which before
 * UTF-8 label names refuses a whole alert with a dotted name; and the same alert sent by two
 * replicas is one alert there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fingerprint } from '../../src/alerting/labels.js';
import {
  alertmanagerLabels,
  createAlertmanagerNotifier,
} from '../../src/alerting/notify/alertmanager.js';
import type { AlertmanagerChannelConfig } from '../../src/alerting/notify/alertmanager.js';
import type { Notification } from '../../src/alerting/types.js';
import { alertmanagerAvailable, startAlertmanager } from './real-servers.js';
import type { AlertmanagerProcess } from './real-servers.js';

describe('alertmanagerLabels', () => {
  it('turns attribute keys into label names, keeping names that are valid already', () => {
    expect(
      alertmanagerLabels({
        alertname: 'slo.burn_rate.page',
        'service.name': 'alpha',
        'heterodyne.operation.name': 'fit',
        '9lives': 'x',
      }),
    ).toEqual({
      alertname: 'slo.burn_rate.page',
      service_name: 'alpha',
      heterodyne_operation_name: 'fit',
      key_9lives: 'x',
    });
    // A valid name wins over a key that sanitizes to it, whatever the order.
    expect(alertmanagerLabels({ 'service.name': 'dotted', service_name: 'plain' })).toEqual({
      service_name: 'plain',
    });
  });
});

const available = alertmanagerAvailable();

describe.skipIf(!available)('SLO alerts against the real Alertmanager', () => {
  let am: AlertmanagerProcess;
  beforeAll(async () => {
    am = await startAlertmanager('route: { receiver: none }\nreceivers: [{ name: none }]\n');
  }, 60_000);
  afterAll(async () => {
    await am?.stop();
  });

  it('accepts a burn-rate alert with dotted attribute keys, once from two replicas', async () => {
    const config: AlertmanagerChannelConfig = {
      id: 'am',
      type: 'alertmanager',
      urls: [am.url],
      timeoutMillis: 5000,
      resendIntervalMillis: 60_000,
      rateLimitPerHour: undefined,
    };
    // The labels of an SLO engine finding turned alert.
    const labels = {
      alertname: 'slo.burn_rate.page',
      engine: 'slo',
      severity: 'critical',
      slo: 'error_rate',
      slo_group: 'error_rate-3f9a1c20',
      'service.name': 'alpha',
      'heterodyne.operation.name': 'fit',
    };
    const start = Date.now() - 5000;
    const notification: Notification = {
      id: 'n1',
      channel: 'am',
      groupKey: 'g',
      groupLabels: { alertname: labels.alertname },
      status: 'firing',
      alerts: [
        {
          labels,
          annotations: { summary: 'Error rate is burning its error budget' },
          fingerprint: fingerprint(labels),
          ruleId: 'slo',
          source: 'finding' as const,
          startsAtMillis: start,
          updatedAtMillis: start,
        },
      ],
      createdAtMillis: Date.now(),
    };
    // Two replicas (a service moved between them while burning) send the same alert.
    for (const replica of ['http://replica-1:8080', 'http://replica-2:8080']) {
      const notifier = createAlertmanagerNotifier(config, { externalUrl: replica });
      expect(await notifier.send(notification)).toEqual({ ok: true, value: undefined });
    }
    const listed = (await (await fetch(`${am.url}/api/v2/alerts`)).json()) as {
      labels: Record<string, string>;
    }[];
    expect(listed.map((a) => a.labels)).toEqual([
      {
        alertname: 'slo.burn_rate.page',
        engine: 'slo',
        severity: 'critical',
        slo: 'error_rate',
        slo_group: 'error_rate-3f9a1c20',
        service_name: 'alpha',
        heterodyne_operation_name: 'fit',
      },
    ]);
  });
});
