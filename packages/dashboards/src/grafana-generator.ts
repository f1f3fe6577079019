import type { GeneratedFile, Generator } from './generator.js';
import { provisioningFiles } from './provisioning/provisioning-files.js';

/** Every file of `grafana/`: provisioning (datasource, dashboard provider, alerting) and dashboards. */
export function generateGrafanaFiles(): GeneratedFile[] {
  return [...provisioningFiles()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** `heterodyne-monitor generate dashboards`: writes `grafana/`. */
export const GRAFANA_GENERATOR: Generator = {
  name: 'dashboards',
  description: 'Grafana dashboards, datasource, dashboard provider and alerting provisioning',
  defaultOutDir: 'grafana',
  handWritten: ['README.md'],
  generate: generateGrafanaFiles,
};
