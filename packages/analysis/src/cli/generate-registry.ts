/**
 * The generators `heterodyne-monitor generate` knows, by name. Each is a pure function of
 * the definitions in `@heterodyne/semconv` (and the SLO defaults) writing one directory.
 */
import { GRAFANA_GENERATOR } from '@heterodyne/dashboards';
import type { Generator } from '@heterodyne/dashboards';
import { DEFAULT_RULES_GENERATOR } from './generate-rules.js';

/** Every generator, in the order `generate all` runs them. */
export const GENERATORS: readonly Generator[] = [GRAFANA_GENERATOR, DEFAULT_RULES_GENERATOR];

/** The generator called `name`, or undefined. */
export function findGenerator(name: string): Generator | undefined {
  return GENERATORS.find((g) => g.name === name);
}
