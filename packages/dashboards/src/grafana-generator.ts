import { DASHBOARDS } from './dashboards/all-dashboards.js';
import type { DashboardDefinition } from './dashboards/dashboard-definition.js';
import type { GeneratedFile, Generator } from './generator.js';
import { DATASOURCE_NAME } from './provisioning/names.js';
import { provisioningFiles } from './provisioning/provisioning-files.js';

/**
 * Builds a dashboard as provisioned: with the provisioned datasource as its default and
 * panel ids 1, 2, ... in layout order (stable, so links to a panel survive regeneration).
 */
export function buildDashboard(
  definition: DashboardDefinition,
): ReturnType<DashboardDefinition['build']> {
  const built = definition.build(DATASOURCE_NAME);
  let id = 0;
  for (const panel of built.panels ?? []) {
    panel.id = ++id;
    for (const nested of 'panels' in panel ? (panel.panels ?? []) : []) nested.id = ++id;
  }
  return built;
}

/** The dashboards as JSON files under `dashboards/`. */
export function dashboardFiles(): GeneratedFile[] {
  return DASHBOARDS.map((d) => ({
    path: `dashboards/${d.file}`,
    content: `${JSON.stringify(buildDashboard(d), null, 2)}\n`,
  }));
}

/** Every file of `grafana/`: provisioning (datasource, dashboard provider, alerting) and dashboards. */
export function generateGrafanaFiles(): GeneratedFile[] {
  return [...provisioningFiles(), ...dashboardFiles()].sort((a, b) =>
    a.path < b.path ? -1 : a.path > b.path ? 1 : 0,
  );
}

/** `heterodyne-monitor generate dashboards`: writes `grafana/`. */
export const GRAFANA_GENERATOR: Generator = {
  name: 'dashboards',
  description: 'Grafana dashboards, datasource, dashboard provider and alerting provisioning',
  defaultOutDir: 'grafana',
  handWritten: ['README.md'],
  generate: generateGrafanaFiles,
};
