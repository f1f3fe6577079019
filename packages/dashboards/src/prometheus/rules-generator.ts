/**
 * `heterodyne-monitor generate rules`: the Prometheus SLO rules of a list of SLO definitions,
 * written to `prometheus/`. The example Prometheus and Alertmanager configurations, the
 * promtool unit tests and the README there are written by hand.
 */
import type { GeneratedFile, Generator } from '../generator.js';
import { generatePrometheusRules } from './generate-rules.js';
import type { GeneratePrometheusRulesOptions } from './generate-rules.js';
import type { RuleSloDefinition } from './types.js';

/** Files under `prometheus/` that are not generated. */
export const PROMETHEUS_HAND_WRITTEN: readonly string[] = [
  'README.md',
  'prometheus.yml',
  'alertmanager.yml',
  'tests/',
];

/** The `rules` generator for `slos`. */
export function createPrometheusRulesGenerator(
  slos: readonly RuleSloDefinition[],
  options: GeneratePrometheusRulesOptions = {},
): Generator {
  return {
    name: 'rules',
    description: 'Prometheus SLO recording and multi-window, multi-burn-rate alerting rules',
    defaultOutDir: 'prometheus',
    handWritten: PROMETHEUS_HAND_WRITTEN,
    generate(): GeneratedFile[] {
      return generatePrometheusRules(slos, options).files;
    },
  };
}
