/**
 * Loading and validating the configuration file.
 *
 * `parseConfig` is pure (text and environment in, config or errors out); `loadConfig` adds
 * reading the file. Every problem is collected, not just the first, and each names the
 * file, the key path and, where the YAML parser knows it, the line.
 */
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import { err, ok } from '../result.js';
import type { Result } from '../result.js';
import { checkListenConflicts } from './components.js';
import type { ListenClaim } from './components.js';
import { DEFAULTS_SOURCE } from './defaults.js';
import type { Environment } from './env.js';
import { ConfigError } from './errors.js';
import { readEngines } from './engines-config.js';
import { readExporters } from './exporters.js';
import { readProcessors } from './processors.js';
import type { ReadFile } from './openslo.js';
import { checkTokensSeparate } from './api-auth-config.js';
import { readApi, readStore } from './product.js';
import { readRetention } from './retention-config.js';
import { readApprovals } from './approvals-config.js';
import { readReceivers } from './receivers.js';
import { readSlo } from './slo.js';
import { readBaselines } from './baselines-config.js';
import { readAlerting } from '../alerting/read-config.js';
import { readOptimization } from './optimization-config.js';
import { readAnalytics } from './analytics-config.js';
import { readPipelines, readReplica, readServiceTelemetry, unusedComponents } from './service.js';
import { INACTIVE_SECTIONS } from './inactive-sections.js';
import type { InactiveSection } from './inactive-sections.js';
import { MapReader } from './yaml-reader.js';
import type { ReadContext } from './yaml-scalars.js';
import type { AnalysisConfig } from './types.js';

/**
 * Keys of the feature description's flat configuration and where they live here, so a
 * configuration carried over from it gets an error that says where each key went.
 */
const MOVED_KEYS: Readonly<Record<string, string>> = {
  sli_targets: 'slo.targets',
  monitoring_interval: 'slo.evaluation_interval',
  monitoring_dir: 'store',
  analytics_dir: 'store',
  alerts_dir: 'store',
  baselines_dir: 'store',
  optimization_dir: 'store',
  ml_models: 'analytics.ml_models',
  channels: 'alerting.channels',
  rules: 'alerting.rules',
  auto_update_enabled: 'baselines.auto_update_enabled',
  drift_detection_sensitivity: 'baselines.drift_detection_sensitivity',
  baseline_methods: 'baselines.baseline_methods',
  auto_remediation_enabled: 'optimization.auto_remediation_enabled',
  auto_execution_threshold: 'optimization.auto_execution_threshold',
  accuracy_loss_threshold: 'optimization.accuracy_loss_threshold',
  optimization_priorities: 'optimization.optimization_priorities',
  optimization_templates: 'optimization.optimization_templates',
};

/** Options of {@link parseConfig}. */
export interface ParseConfigOptions {
  /** The file name used in errors. @default '<defaults>' */
  file?: string;
  /** Environment for `${ENV}` references and `*_env` secrets. Never read from `process`. */
  env?: Environment;
  /** Reads files the configuration names (OpenSLO documents); without it, naming one is an error. */
  readFile?: ReadFile;
}

function readRoot(
  root: MapReader,
  source: string | undefined,
  readFile: ReadFile | undefined,
): AnalysisConfig {
  for (const [key, target] of Object.entries(MOVED_KEYS)) {
    const problem =
      target === 'store' ? 'state lives in the database named by `store`' : `moved to ${target}`;
    root.refuse(key, `unknown key: ${problem}`);
  }
  const listens: ListenClaim[] = [];
  const receivers = readReceivers(root, listens);
  const processors = readProcessors(root, listens);
  const exporters = readExporters(root, listens);
  const service = root.map('service');
  const components = { receivers, processors, exporters };
  const pipelines = readPipelines(service, components);
  const telemetry = readServiceTelemetry(service);
  const replica = readReplica(service);
  service.finish();
  const config: AnalysisConfig = {
    source,
    receivers,
    processors,
    exporters,
    service: { pipelines, telemetry, ...(replica === undefined ? {} : { replica }) },
    store: readStore(root),
    api: readApi(root, listens),
    engines: readEngines(root),
    slo: readSlo(root, readFile),
    alerting: readAlerting(root),
    baselines: readBaselines(root),
    analytics: readAnalytics(root),
    optimization: readOptimization(root),
    retention: readRetention(root),
    approvals: readApprovals(root),
    warnings: unusedComponents(components, pipelines),
  };
  checkTokensSeparate(
    root,
    config.api.auth,
    Object.values(receivers).map((r) => ({ id: r.id, auth: r.auth })),
  );
  const inactive = inactiveSections(root);
  if (inactive.length > 0) config.inactiveSections = inactive;
  checkListenConflicts(root, listens);
  root.finish();
  return config;
}

/** The inactive sections written in the file, with their lines. */
function inactiveSections(root: MapReader): InactiveSection[] {
  const out: InactiveSection[] = [];
  for (const name of Object.keys(INACTIVE_SECTIONS)) {
    if (!root.has(name)) continue;
    const key = root.keyNode(name);
    const offset = key && 'range' in key ? key.range?.[0] : undefined;
    const line = offset === undefined ? undefined : root.ctx.lines?.linePos(offset).line;
    out.push(line === undefined ? { name } : { name, line });
  }
  return out;
}

/**
 * Parses and validates configuration text. An empty text gives the defaults, which run a
 * complete single-node service (receivers on 4318/4317, API and `/metrics` on 8080, SQLite
 * under `./monitoring-data`).
 */
export function parseConfig(
  text: string,
  options: ParseConfigOptions = {},
): Result<AnalysisConfig, ConfigError[]> {
  const file = options.file ?? DEFAULTS_SOURCE;
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  const errors: ConfigError[] = doc.errors.map((e) => {
    const pos = e.linePos?.[0];
    const message = e.message.split(' at line ')[0] ?? e.message;
    return new ConfigError(file, '', `YAML: ${message}`, pos?.line, pos?.col, { cause: e });
  });
  if (errors.length > 0) return err(errors);
  const ctx: ReadContext = { file, env: options.env ?? {}, doc, lines, errors };
  const root = new MapReader(ctx, doc.contents, '');
  const config = readRoot(root, options.file, options.readFile);
  return errors.length > 0 ? err(sortByLine(errors)) : ok(config);
}

/** Orders errors by position; errors without a line (absent keys) keep their order at the end. */
function sortByLine(errors: ConfigError[]): ConfigError[] {
  const rank = (e: ConfigError): number => (e.line ?? Infinity) * 1e4 + (e.column ?? 0);
  return errors
    .map((e, index) => ({ e, index }))
    .sort((a, b) => rank(a.e) - rank(b.e) || a.index - b.index)
    .map(({ e }) => e);
}

/**
 * Loads the configuration file at `path`, or the defaults when `path` is `undefined`.
 * `env` supplies `${ENV}` references and secrets (pass `process.env` at the edge).
 */
export function loadConfig(
  path: string | undefined,
  env: Environment,
): Result<AnalysisConfig, ConfigError[]> {
  if (path === undefined) return parseConfig('', { env });
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const problem =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a directory'
          : `cannot read: ${String(cause)}`;
    return err([new ConfigError(path, '', problem, undefined, undefined, { cause })]);
  }
  return parseConfig(text, { file: path, env, readFile: (p) => readFileSync(p, 'utf8') });
}

/** The built-in defaults (what an absent configuration file means). */
export function defaultConfig(): AnalysisConfig {
  const result = parseConfig('');
  if (!result.ok) throw new Error(`built-in defaults are invalid: ${result.error.join('; ')}`);
  return result.value;
}
