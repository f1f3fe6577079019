/**
 * OpenSLO v1 documents (`apiVersion: openslo/v1`, `kind: SLO`, with SLIs inline or as
 * `kind: SLI` documents referenced by `indicatorRef`) over this system's metrics. A metric
 * source names one of our metrics:
 *
 * ```yaml
 * metricSource:
 *   type: heterodyne
 *   spec: { metric: heterodyne.operation.duration, quantity: count, where: { error.type: { present: true } } }
 * ```
 *
 * Mapping: `ratioMetric` (good or bad, and total) counts events; `thresholdMetric` with
 * `Occurrences` counts histogram observations `lte` the objective's `value`; with
 * `Timeslices` it reads a gauge per time slice (`timeSliceWindow`), each good when the
 * slice's worst value satisfies `op value`. `timeWindow` is rolling (`28d`, `4w`) or a UTC
 * calendar period (`1d`, `1w`, `1M`, `1Q`). Each objective becomes one SLO, named after the
 * document (`name`, or `name.objective` when there are several).
 */
import { dirname, isAbsolute, resolve as resolvePath } from 'node:path';
import { LineCounter, isSeq, parseAllDocuments } from 'yaml';
import type { Node } from 'yaml';
import type { BurnAlertWindow } from '../engines/slo/alert-windows.js';
import type { BudgetWindow, SloIndicator, SloSpec } from '../engines/slo/types.js';
import { DEFAULTS_SOURCE } from './defaults.js';
import { ConfigError } from './errors.js';
import { readSliSpec } from './openslo-indicator.js';
import type { OpenSloIndicator } from './openslo-indicator.js';
import { readTimeWindow } from './openslo-time-window.js';
import { MapReader } from './yaml-reader.js';
import { readNumber, report } from './yaml-scalars.js';
import type { ReadContext, YamlValue } from './yaml-scalars.js';

/** Reads a file's text; throws (with `code`) when it cannot. */
export type ReadFile = (path: string) => string;

/** What OpenSLO SLOs inherit from the `slo` section. */
interface Shared {
  window: BudgetWindow;
  groupBy: readonly string[];
  alertWindows: readonly BurnAlertWindow[];
  sliceSeconds: number;
}

/** OpenSLO kinds this reader accepts and ignores (they describe things outside SLO math). */
const IGNORED_KINDS = [
  'Service',
  'AlertPolicy',
  'AlertCondition',
  'AlertNotificationTarget',
  'DataSource',
];

const OPS = { lt: '<', lte: '<=', gt: '>', gte: '>=' } as const;

interface SliDoc {
  reader: MapReader;
  name: string;
}

/** Reads the OpenSLO files listed under `slo.openslo`. */
export function readOpenSloFiles(
  ctx: ReadContext,
  files: readonly { value: string; node: YamlValue; path: string }[],
  shared: Shared,
  readFile: ReadFile | undefined,
): SloSpec[] {
  const out: SloSpec[] = [];
  for (const file of files) {
    if (!readFile) {
      report(
        ctx,
        file.path,
        'OpenSLO files are read only when the configuration comes from a file',
        file.node,
      );
      continue;
    }
    const base = ctx.file === DEFAULTS_SOURCE ? process.cwd() : dirname(resolvePath(ctx.file));
    const path = isAbsolute(file.value) ? file.value : resolvePath(base, file.value);
    let text: string;
    try {
      text = readFile(path);
    } catch (cause) {
      const code = (cause as NodeJS.ErrnoException).code;
      report(
        ctx,
        file.path,
        `cannot read OpenSLO file ${path}: ${code === 'ENOENT' ? 'no such file' : String(cause)}`,
        file.node,
      );
      continue;
    }
    out.push(...readOpenSloText(ctx, text, path, shared));
  }
  return out;
}

/** Reads the documents of one OpenSLO file (`file` names it in errors). */
export function readOpenSloText(
  parent: ReadContext,
  text: string,
  file: string,
  shared?: Shared,
): SloSpec[] {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, {
    lineCounter: lines,
    prettyErrors: true,
    uniqueKeys: true,
  });
  const list = Array.isArray(docs) ? docs : [];
  const readers: MapReader[] = [];
  for (const doc of list) {
    for (const e of doc.errors) {
      const pos = e.linePos?.[0];
      parent.errors.push(
        new ConfigError(
          file,
          '',
          `YAML: ${e.message.split(' at line ')[0] ?? e.message}`,
          pos?.line,
          pos?.col,
        ),
      );
    }
    if (doc.errors.length > 0) continue;
    const ctx: ReadContext = { file, env: parent.env, doc, lines, errors: parent.errors };
    const contents = doc.contents as YamlValue;
    if (contents && isSeq(contents)) {
      contents.items.forEach((item, i) => readers.push(new MapReader(ctx, item as Node, `[${i}]`)));
    } else if (contents) {
      readers.push(new MapReader(ctx, contents, ''));
    }
  }
  const slis = new Map<string, SliDoc>();
  const slos: MapReader[] = [];
  for (const r of readers) {
    const api = r.string('apiVersion', '');
    if (api !== 'openslo/v1') {
      report(
        r.ctx,
        r.pathOf('apiVersion'),
        `must be openslo/v1 (got ${api ? `"${api}"` : 'nothing'})`,
        r.node('apiVersion') ?? r.mapNode,
      );
      continue;
    }
    const kind = r.string('kind', '');
    const name = r.map('metadata').string('name', '');
    if (!name) report(r.ctx, r.pathOf('metadata.name'), 'is required', r.mapNode);
    if (kind === 'SLI') slis.set(name, { reader: r, name });
    else if (kind === 'SLO') slos.push(r);
    else if (!IGNORED_KINDS.includes(kind)) {
      report(
        r.ctx,
        r.pathOf('kind'),
        `must be SLO or SLI (or one of ${IGNORED_KINDS.join(', ')}, which are ignored); got "${kind}"`,
        r.node('kind'),
      );
    }
  }
  const defaults: Shared = shared ?? {
    window: { kind: 'rolling', seconds: 30 * 86_400 },
    groupBy: ['service.name', 'heterodyne.operation.name'],
    alertWindows: [],
    sliceSeconds: 60,
  };
  return slos.flatMap((r) => readSlo(r, slis, defaults));
}

function readSlo(r: MapReader, slis: ReadonlyMap<string, SliDoc>, shared: Shared): SloSpec[] {
  const metadata = r.map('metadata');
  const name = metadata.string('name', '');
  const displayName = metadata.string('displayName', name);
  for (const key of ['labels', 'annotations', 'namespace']) metadata.node(key);
  metadata.finish();
  const spec = r.map('spec');
  const description = spec.string('description', '');
  spec.string('service');
  spec.node('alertPolicies');
  let indicator: OpenSloIndicator | undefined;
  if (spec.has('indicator')) {
    const inline = spec.map('indicator');
    inline.node('metadata');
    indicator = readSliSpec(inline.map('spec'));
    inline.finish();
  } else if (spec.has('indicatorRef')) {
    const ref = spec.string('indicatorRef', '');
    const sli = slis.get(ref);
    if (!sli) {
      const known = [...slis.keys()].join(', ') || 'none';
      report(
        r.ctx,
        spec.pathOf('indicatorRef'),
        `references undefined SLI "${ref}" (defined in this file: ${known})`,
        spec.node('indicatorRef'),
      );
    } else {
      sli.reader.node('metadata');
      indicator = readSliSpec(sli.reader.map('spec'));
    }
  } else {
    report(r.ctx, spec.pathOf('indicator'), 'is required (or indicatorRef)', spec.mapNode);
  }
  const window = readTimeWindow(spec, shared.window);
  const method = spec.oneOf(
    'budgetingMethod',
    ['Occurrences', 'Timeslices', 'RatioTimeslices'] as const,
    'Occurrences',
  );
  if (method === 'RatioTimeslices') {
    report(
      r.ctx,
      spec.pathOf('budgetingMethod'),
      'RatioTimeslices is not supported: use Occurrences or Timeslices',
      spec.node('budgetingMethod'),
    );
  }
  const out: SloSpec[] = [];
  const objectivesNode = spec.node('objectives');
  const items = objectivesNode && isSeq(objectivesNode) ? objectivesNode.items : [];
  if (items.length === 0)
    report(
      r.ctx,
      spec.pathOf('objectives'),
      'must list at least one objective',
      objectivesNode ?? spec.mapNode,
    );
  items.forEach((item, index) => {
    const o = new MapReader(r.ctx, item as Node, `${spec.pathOf('objectives')}[${index}]`);
    const objName = o.string('name', o.string('displayName', String(index)));
    let target: number | undefined;
    if (o.has('target'))
      target = readNumber(o.ctx, o.node('target'), o.pathOf('target'), { above: 0, max: 0.999999 });
    else if (o.has('targetPercent')) {
      const p = readNumber(o.ctx, o.node('targetPercent'), o.pathOf('targetPercent'), {
        above: 0,
        max: 99.9999,
      });
      target = p === undefined ? undefined : p / 100;
    } else report(o.ctx, o.pathOf('target'), 'is required (or targetPercent)', o.mapNode);
    const op = o.oneOf('op', ['lt', 'lte', 'gt', 'gte'] as const, 'lte');
    const value = o.number('value', undefined);
    const sliceTarget = o.number('timeSliceTarget', 1, { above: 0, max: 1 });
    const sliceMillis = o.duration('timeSliceWindow', shared.sliceSeconds * 1000, { min: 1000 });
    o.node('compositeWeight');
    o.finish();
    if (!indicator || target === undefined || method === 'RatioTimeslices') return;
    let ind: SloIndicator;
    const sliced = method === 'Timeslices';
    if (indicator.kind === 'ratio') {
      ind = {
        kind: 'ratio',
        total: indicator.total,
        ...(indicator.good ? { good: indicator.good } : {}),
        ...(indicator.bad ? { bad: indicator.bad } : {}),
      };
    } else {
      if (value === undefined) {
        report(o.ctx, o.pathOf('value'), 'is required for a thresholdMetric', item as Node);
        return;
      }
      if (!sliced && op !== 'lte' && op !== 'lt') {
        report(
          o.ctx,
          o.pathOf('op'),
          'with Occurrences a threshold counts histogram observations at or below value: use lte',
          item as Node,
        );
        return;
      }
      const where = indicator.source.where;
      ind = sliced
        ? {
            kind: 'gauge',
            metric: indicator.source.metric,
            op: OPS[op],
            threshold: value,
            ...(where ? { where } : {}),
          }
        : {
            kind: 'threshold',
            metric: indicator.source.metric,
            threshold: value,
            ...(where ? { where } : {}),
          };
    }
    const id = items.length > 1 ? `${name}.${objName}` : name;
    out.push({
      id,
      title: items.length > 1 ? `${displayName} (${objName})` : displayName,
      description,
      display: ind.kind === 'ratio' && ind.bad ? 'bad_ratio' : 'good_ratio',
      indicator: ind,
      objective: target,
      budgeting:
        sliced || ind.kind === 'gauge'
          ? {
              method: 'timeslices',
              sliceSeconds: Math.max(1, Math.round(sliceMillis / 1000)),
              sliceObjective: ind.kind === 'gauge' ? 1 : sliceTarget,
            }
          : { method: 'occurrences' },
      window,
      groupBy: shared.groupBy,
      alertWindows: shared.alertWindows,
      origin: `${r.ctx.file}: ${r.path || 'document'}`,
      source: 'openslo',
    });
  });
  spec.finish();
  r.finish();
  return out;
}
