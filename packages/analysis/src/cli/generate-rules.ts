/**
 * The `rules` generator of `heterodyne-monitor generate`: the SLOs of a configuration (the
 * built-in ones by default) through {@link sloRuleDefinitionsOf} into the Prometheus rule
 * generator of `@heterodyne/dashboards`.
 */
import { createPrometheusRulesGenerator, PROMETHEUS_HAND_WRITTEN } from '@heterodyne/dashboards';
import type { GeneratedFile, Generator } from '@heterodyne/dashboards';
import { defaultConfig } from '../config/load-config.js';
import type { AnalysisConfig } from '../config/types.js';
import { sloSpecsOf } from '../engines/slo/slo-factory.js';
import { sloRuleDefinitionsOf } from './generate-slo-definitions.js';

/** The generator of `config`'s SLOs; `source` names them in the file header. */
export function rulesGeneratorFor(config: AnalysisConfig, source: string): Generator {
  const { definitions, skipped } = sloRuleDefinitionsOf(sloSpecsOf(config.slo));
  return createPrometheusRulesGenerator(definitions, { source, skipped });
}

/** The generator of the built-in SLOs with their default targets (resolved when run). */
export const DEFAULT_RULES_GENERATOR: Generator = {
  name: 'rules',
  description: 'Prometheus SLO recording and multi-window, multi-burn-rate alerting rules',
  defaultOutDir: 'prometheus',
  handWritten: PROMETHEUS_HAND_WRITTEN,
  generate(): readonly GeneratedFile[] {
    return rulesGeneratorFor(defaultConfig(), 'the built-in SLOs').generate();
  },
};
