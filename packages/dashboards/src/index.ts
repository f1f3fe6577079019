/**
 * `@heterodyne/dashboards`: Grafana dashboards, provisioning and alert rules as code, built
 * with the Grafana foundation SDK from the names in `@heterodyne/semconv`.
 */
export type { GeneratedFile, Generator } from './generator.js';
export { GRAFANA_GENERATOR, generateGrafanaFiles } from './grafana-generator.js';
