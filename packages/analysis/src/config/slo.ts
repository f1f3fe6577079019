/**
 * The `slo` section: the built-in SLOs (one per `@heterodyne/semconv` SLI, with `targets`),
 * user-defined `objectives`, OpenSLO documents, and what they share.
 *
 * ```yaml
 * slo:
 *   evaluation_interval: 30s
 *   window: 30d                       # or 7d, 28d, 90d, "calendar month" ...
 *   group_by: [service.name, heterodyne.operation.name]
 *   targets: { response_time: 2.0, accuracy_preservation: 0.999 }
 *   objectives:
 *     fit_latency:
 *       objective: 0.99
 *       threshold: { metric: heterodyne.operation.duration, le: 0.5 }
 *   openslo: [slos/fit.yaml]          # OpenSLO v1 `kind: SLO` documents
 * ```
 */
import { SLIS } from '@heterodyne/semconv';
import { DEFAULT_BURN_ALERT_WINDOWS } from '../engines/slo/alert-windows.js';
import type { SloIndicator, SloSpec } from '../engines/slo/types.js';
import { DEFAULT_SLO_EVALUATION_INTERVAL_MILLIS } from './defaults.js';
import { readOpenSloFiles } from './openslo.js';
import type { ReadFile } from './openslo.js';
import {
  readAlertWindows,
  readBudgetWindow,
  readMetric,
  readObjective,
  readQuantity,
  readWhere,
} from './slo-reader-parts.js';
import type { SloConfig } from './types.js';
import { readNumber, report } from './yaml-scalars.js';
import type { MapReader } from './yaml-reader.js';

/** Default SLO section values. */
export const SLO_CONFIG_DEFAULTS = {
  windowSeconds: 30 * 86_400,
  groupBy: ['service.name', 'heterodyne.operation.name'],
  sliceSeconds: 60,
  gaugeSliceObjective: 0.99,
  historyIntervalMillis: 300_000,
  checkpointIntervalMillis: 300_000,
};

const GAUGE_OPS = ['<', '<=', '>', '>='] as const;

function readIndicator(o: MapReader): SloIndicator | undefined {
  const kinds = ['ratio', 'threshold', 'gauge'].filter((k) => o.has(k));
  if (kinds.length !== 1) {
    report(
      o.ctx,
      o.path,
      kinds.length === 0
        ? 'needs an indicator: one of ratio, threshold, gauge'
        : `has several indicators (${kinds.join(', ')}): give one`,
      o.mapNode,
    );
    return undefined;
  }
  if (kinds[0] === 'ratio') {
    const r = o.map('ratio');
    if (!r.has('total')) report(o.ctx, r.pathOf('total'), 'is required', r.mapNode);
    if (r.has('good') === r.has('bad')) {
      report(o.ctx, r.path, 'needs exactly one of good and bad', r.mapNode);
    }
    const total = readQuantity(r.map('total'));
    const good = r.has('good') ? readQuantity(r.map('good')) : undefined;
    const bad = r.has('bad') ? readQuantity(r.map('bad')) : undefined;
    r.finish();
    return { kind: 'ratio', total, ...(good ? { good } : {}), ...(bad ? { bad } : {}) };
  }
  if (kinds[0] === 'threshold') {
    const t = o.map('threshold');
    const metric = readMetric(t);
    if (!t.has('le'))
      report(o.ctx, t.pathOf('le'), 'is required (good observations are <= le)', t.mapNode);
    const threshold = t.number('le', 1, { above: 0 });
    const where = readWhere(t, 'where');
    t.finish();
    return { kind: 'threshold', metric, threshold, ...(where ? { where } : {}) };
  }
  const g = o.map('gauge');
  const metric = readMetric(g);
  for (const key of ['op', 'value']) {
    if (!g.has(key)) report(o.ctx, g.pathOf(key), 'is required', g.mapNode);
  }
  const op = g.oneOf('op', GAUGE_OPS, '<');
  const threshold = g.number('value', 0);
  const where = readWhere(g, 'where');
  g.finish();
  return { kind: 'gauge', metric, op, threshold, ...(where ? { where } : {}) };
}

function readObjectiveEntry(
  reader: MapReader,
  id: string,
  shared: Pick<SloConfig, 'window' | 'alertWindows' | 'sliceSeconds'> & {
    groupBy: readonly string[];
  },
): SloSpec | undefined {
  const o = reader.map(id);
  const indicator = readIndicator(o);
  if (!o.has('objective'))
    report(
      o.ctx,
      o.pathOf('objective'),
      'is required (the share of good events, e.g. 0.99)',
      o.mapNode,
    );
  const objective = o.has('objective')
    ? readObjective(o.ctx, o.node('objective'), o.pathOf('objective'))
    : undefined;
  const sliced = indicator?.kind === 'gauge';
  const method = o.oneOf(
    'budgeting',
    ['occurrences', 'timeslices'] as const,
    sliced ? 'timeslices' : 'occurrences',
  );
  if (sliced && method !== 'timeslices') {
    report(
      o.ctx,
      o.pathOf('budgeting'),
      'a gauge indicator is counted in time slices: use timeslices',
      o.node('budgeting'),
    );
  }
  const sliceSeconds = o.duration('slice', shared.sliceSeconds * 1000, { min: 1000 }) / 1000;
  const sliceObjective = o.number('slice_objective', sliced ? 1 : 0.99, { above: 0, max: 1 });
  const display = o.oneOf(
    'display',
    ['good_ratio', 'bad_ratio'] as const,
    indicator?.kind === 'ratio' && indicator.bad ? 'bad_ratio' : 'good_ratio',
  );
  const spec: SloSpec | undefined =
    indicator && objective !== undefined
      ? {
          id,
          title: o.string('title', id),
          description: o.string('description', ''),
          display,
          indicator,
          objective,
          budgeting:
            method === 'timeslices'
              ? { method, sliceSeconds: Math.max(1, Math.round(sliceSeconds)), sliceObjective }
              : { method },
          window: readBudgetWindow(o, 'window', shared.window),
          groupBy: o.has('group_by') ? o.stringList('group_by', []) : shared.groupBy,
          alertWindows: readAlertWindows(o, 'alert_windows', shared.alertWindows),
          origin: `${o.ctx.file}: ${o.path}`,
          source: 'config',
        }
      : undefined;
  // Read every key so finish() reports only unknown ones.
  for (const key of ['title', 'description', 'window', 'group_by', 'alert_windows']) o.node(key);
  o.finish();
  return spec;
}

/** Reads `slo`. `readFile` loads OpenSLO documents (paths relative to `baseDir`). */
export function readSlo(root: MapReader, readFile?: ReadFile): SloConfig {
  const slo = root.map('slo');
  const targets: Record<string, number> = Object.fromEntries(SLIS.map((s) => [s.id, s.target]));
  const targetsReader = slo.map('targets');
  for (const { key, node, path } of targetsReader.entries()) {
    const sli = SLIS.find((s) => s.id === key);
    if (!sli) {
      const known = SLIS.map((s) => s.id).join(', ');
      report(root.ctx, path, `unknown SLI "${key}" (known: ${known})`, node);
      continue;
    }
    // Ratios (unit 1) lie in [0, 1]; times, rates and sizes must be positive.
    const rule = sli.unit === '1' ? { min: 0, max: 1 } : { above: 0 };
    const value = readNumber(root.ctx, node, path, rule);
    if (value !== undefined) targets[key] = value;
  }
  targetsReader.finish();
  const evaluationIntervalMillis = slo.duration(
    'evaluation_interval',
    DEFAULT_SLO_EVALUATION_INTERVAL_MILLIS,
    { min: 1000 },
  );
  const window = readBudgetWindow(slo, 'window', {
    kind: 'rolling',
    seconds: SLO_CONFIG_DEFAULTS.windowSeconds,
  });
  const groupBy = slo.stringList('group_by', SLO_CONFIG_DEFAULTS.groupBy);
  const sliceSeconds =
    slo.duration('slice', SLO_CONFIG_DEFAULTS.sliceSeconds * 1000, { min: 1000, max: 86_400_000 }) /
    1000;
  const gaugeSliceObjective = slo.has('gauge_slice_objective')
    ? (readObjective(
        slo.ctx,
        slo.node('gauge_slice_objective'),
        slo.pathOf('gauge_slice_objective'),
      ) ?? SLO_CONFIG_DEFAULTS.gaugeSliceObjective)
    : SLO_CONFIG_DEFAULTS.gaugeSliceObjective;
  const alertWindows = readAlertWindows(slo, 'alert_windows', DEFAULT_BURN_ALERT_WINDOWS);
  const shared = { window, groupBy, alertWindows, sliceSeconds: Math.round(sliceSeconds) };
  const objectives: SloSpec[] = [];
  const objectivesReader = slo.map('objectives');
  const builtinIds = new Set(SLIS.map((s) => s.id));
  for (const { key, path } of objectivesReader.entries()) {
    if (!/^[a-z0-9][a-z0-9_.-]{0,62}$/.test(key)) {
      report(
        root.ctx,
        path,
        'must be an id of lowercase letters, digits, _ . - (at most 63)',
        objectivesReader.keyNode(key),
      );
    }
    if (builtinIds.has(key)) {
      report(
        root.ctx,
        path,
        `"${key}" is a built-in SLO: set its target under slo.targets, or pick another id`,
        objectivesReader.keyNode(key),
      );
    }
    const spec = readObjectiveEntry(objectivesReader, key, shared);
    if (spec) objectives.push(spec);
  }
  objectivesReader.finish();
  const opensloFiles = slo.stringItems('openslo', { single: true });
  for (const spec of readOpenSloFiles(slo.ctx, opensloFiles, shared, readFile)) {
    if (builtinIds.has(spec.id) || objectives.some((o) => o.id === spec.id)) {
      report(
        slo.ctx,
        slo.pathOf('openslo'),
        `SLO "${spec.id}" (${spec.origin}) is defined twice`,
        slo.node('openslo'),
      );
      continue;
    }
    objectives.push(spec);
  }
  const out: SloConfig = {
    targets,
    evaluationIntervalMillis,
    builtin: slo.boolean('builtin', true),
    window,
    groupBy,
    sliceSeconds: shared.sliceSeconds,
    gaugeSliceObjective,
    alertWindows,
    historyIntervalMillis: slo.duration(
      'history_interval',
      SLO_CONFIG_DEFAULTS.historyIntervalMillis,
      { min: 0 },
    ),
    checkpointIntervalMillis: slo.duration(
      'checkpoint_interval',
      SLO_CONFIG_DEFAULTS.checkpointIntervalMillis,
      {
        min: 1000,
      },
    ),
    objectives,
    openslo: opensloFiles.map((f) => f.value),
  };
  slo.finish();
  return out;
}
