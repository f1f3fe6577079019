/**
 * The alert rules built with the foundation SDK (HTTP API shape) mapped to Grafana's
 * file-provisioning shape, and the generated `provisioning/alerting/heterodyne.yaml`.
 */
import type * as alerting from '@grafana/grafana-foundation-sdk/alerting';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  ALERT_RULE_SPECS,
  ENV_ALERT_WEBHOOK_URL,
  GRAFANA_FOLDER,
  GRAFANA_GENERATOR,
  alertRuleGroups,
  contactPoints,
  notificationPolicy,
  toAlertingFile,
} from '../src/index.js';
import type { AlertingFile } from '../src/index.js';

const OPTIONS = { orgId: 1, folders: { heterodyne: GRAFANA_FOLDER } };

function generatedYaml(path: string): unknown {
  const file = GRAFANA_GENERATOR.generate().find((f) => f.path === path);
  if (file === undefined) throw new Error(`${path} not generated`);
  return parse(file.content) as unknown;
}

describe('toAlertingFile', () => {
  const file = toAlertingFile(alertRuleGroups(), contactPoints(), notificationPolicy(), OPTIONS);

  it('writes groups with orgId, name, folder title and interval as a duration', () => {
    expect(file.apiVersion).toBe(1);
    expect(file.groups.map((g) => [g.orgId, g.name, g.folder, g.interval])).toEqual([
      [1, 'Heterodyne SLOs', 'Heterodyne', '60s'],
      [1, 'Heterodyne analysis service', 'Heterodyne', '60s'],
    ]);
    expect(file.groups.flatMap((g) => g.rules.map((r) => r.uid)).sort()).toEqual(
      ALERT_RULE_SPECS.map((s) => s.uid).sort(),
    );
  });

  it('keeps rules free of the API-only members and complete in the file ones', () => {
    for (const rule of file.groups.flatMap((g) => g.rules)) {
      expect(Object.keys(rule).sort()).toEqual(
        [
          'annotations',
          'condition',
          'data',
          'execErrState',
          'for',
          'isPaused',
          'labels',
          'noDataState',
          'title',
          'uid',
        ].sort(),
      );
      expect(rule.data.map((d) => d.refId)).toEqual(['A', 'B', 'C']);
      expect(rule.condition).toBe('C');
      expect(rule.data[0]?.datasourceUid).toBe('heterodyne-prometheus');
      expect(rule.data[1]?.datasourceUid).toBe('__expr__');
    }
  });

  it('groups contact points into receivers and adds the org to the policy', () => {
    expect(file.contactPoints).toEqual([
      {
        orgId: 1,
        name: 'heterodyne-webhook',
        receivers: [
          {
            uid: 'heterodyne-webhook',
            type: 'webhook',
            settings: { url: `\${${ENV_ALERT_WEBHOOK_URL}}`, httpMethod: 'POST' },
            disableResolveMessage: false,
          },
        ],
      },
    ]);
    expect(file.policies[0]).toMatchObject({ orgId: 1, receiver: 'heterodyne-webhook' });
  });

  it('refuses what the file shape cannot say', () => {
    const groups = alertRuleGroups();
    const moved = alertRuleGroups();
    const rule = moved[0]?.rules?.[0] as alerting.Rule;
    rule.folderUID = 'elsewhere';
    expect(() => toAlertingFile(moved, contactPoints(), notificationPolicy(), OPTIONS)).toThrow(
      /rule 'SLO fast burn \(page\)' of group 'Heterodyne SLOs' is in folder 'elsewhere'/,
    );
    expect(() =>
      toAlertingFile(groups, contactPoints(), notificationPolicy(), { orgId: 1, folders: {} }),
    ).toThrow(/unknown folder 'heterodyne'/);
    expect(() =>
      toAlertingFile(
        groups,
        contactPoints(),
        { ...notificationPolicy(), receiver: 'nobody' },
        OPTIONS,
      ),
    ).toThrow(/receiver 'nobody' is not a contact point/);
  });
});

describe('provisioning files', () => {
  it('alerting: the mapped file, with the webhook URL only as an environment reference', () => {
    const yaml = generatedYaml('provisioning/alerting/heterodyne.yaml') as AlertingFile;
    expect(yaml.groups).toHaveLength(2);
    expect(JSON.stringify(yaml.contactPoints)).toContain(`\${${ENV_ALERT_WEBHOOK_URL}}`);
    expect(JSON.stringify(yaml.contactPoints)).not.toMatch(/https?:\/\//);
  });

  it('alerting: no `$` where Grafana expands environment variables (labels, queries)', () => {
    // Grafana interpolates `$NAME` in rule labels and queries, not in annotations.
    const yaml = generatedYaml('provisioning/alerting/heterodyne.yaml') as AlertingFile;
    for (const rule of yaml.groups.flatMap((g) => g.rules)) {
      expect(JSON.stringify(rule.labels), rule.uid).not.toContain('$');
      expect(JSON.stringify(rule.data), rule.uid).not.toContain('$');
    }
  });

  it('datasource: Prometheus at ${HETERODYNE_PROMETHEUS_URL} with a fixed UID', () => {
    const yaml = generatedYaml('provisioning/datasources/heterodyne.yaml') as {
      apiVersion: number;
      datasources: { type: string; uid: string; url: string }[];
    };
    expect(yaml.apiVersion).toBe(1);
    expect(yaml.datasources).toEqual([
      expect.objectContaining({
        type: 'prometheus',
        uid: 'heterodyne-prometheus',
        url: '${HETERODYNE_PROMETHEUS_URL}',
      }),
    ]);
  });

  it('dashboard provider: reads the mounted dashboards into the Heterodyne folder', () => {
    const yaml = generatedYaml('provisioning/dashboards/heterodyne.yaml') as {
      providers: { type: string; folder: string; options: { path: string } }[];
    };
    expect(yaml.providers).toEqual([
      expect.objectContaining({
        type: 'file',
        folder: GRAFANA_FOLDER,
        options: expect.objectContaining({ path: '/var/lib/grafana/dashboards/heterodyne' }),
      }),
    ]);
  });
});
