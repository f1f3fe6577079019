/**
 * OTel → Prometheus names, as the OpenTelemetry "Prometheus and OpenMetrics Compatibility"
 * specification describes them
 * (https://opentelemetry.io/docs/specs/otel/compatibility/prometheus_and_openmetrics/):
 *
 * - characters outside `[a-zA-Z0-9_:]` (labels: `[a-zA-Z0-9_]`) become `_`, and runs of `_`
 *   collapse to one;
 * - the UCUM unit becomes a word suffix (`s` → `_seconds`, `By` → `_bytes`, `{packet}` → none,
 *   `1` → `_ratio` on gauges, `By/s` → `_bytes_per_second`) unless the name already has it;
 * - monotonic sums end in `_total`.
 */
import type { InstrumentKind, MetricDefinition } from './metrics.js';

/** Main units (UCUM case-sensitive codes) and their Prometheus words. */
const UNIT_WORDS: Readonly<Record<string, string>> = {
  // Time
  d: 'days',
  h: 'hours',
  min: 'minutes',
  s: 'seconds',
  ms: 'milliseconds',
  us: 'microseconds',
  ns: 'nanoseconds',
  // Bytes and bits
  By: 'bytes',
  KiBy: 'kibibytes',
  MiBy: 'mebibytes',
  GiBy: 'gibibytes',
  TiBy: 'tebibytes',
  KBy: 'kilobytes',
  kBy: 'kilobytes',
  MBy: 'megabytes',
  GBy: 'gigabytes',
  TBy: 'terabytes',
  bit: 'bits',
  // SI
  m: 'meters',
  V: 'volts',
  A: 'amperes',
  J: 'joules',
  W: 'watts',
  g: 'grams',
  Cel: 'celsius',
  // Prometheus spells the SI temperature unit `kelvin` (its naming practices prefer celsius,
  // and allow kelvin where temperatures must be absolute).
  K: 'kelvin',
  Hz: 'hertz',
  '%': 'percent',
};

/** Units after `/` (a rate's denominator) and their singular words. */
const PER_UNIT_WORDS: Readonly<Record<string, string>> = {
  s: 'second',
  m: 'minute',
  min: 'minute',
  h: 'hour',
  d: 'day',
  w: 'week',
  mo: 'month',
  y: 'year',
};

/** How a metric is exposed, which decides its suffixes. */
export type PrometheusKind = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

function cleanWord(text: string): string {
  return text.replace(/[^a-zA-Z0-9]+/g, '_').replace(/^_+|_+$/g, '');
}

/**
 * The Prometheus unit words for a UCUM unit, or '' when it has none (`{request}`, `1` on
 * anything but a gauge). Unknown units are kept, cleaned of invalid characters.
 */
export function unitSuffix(unit: string, kind: PrometheusKind): string {
  // Annotations in braces (`{packet}`, `By{compressed}`) carry no unit.
  const stripped = unit.replace(/\{[^}]*\}/g, '').trim();
  if (stripped === '1') return kind === 'gauge' ? 'ratio' : '';
  if (stripped === '') return '';
  const slash = stripped.indexOf('/');
  const main = slash < 0 ? stripped : stripped.slice(0, slash);
  const per = slash < 0 ? '' : stripped.slice(slash + 1);
  const mainWord = main === '' || main === '1' ? '' : (UNIT_WORDS[main] ?? cleanWord(main));
  const perWord = per === '' ? '' : (PER_UNIT_WORDS[per] ?? UNIT_WORDS[per] ?? cleanWord(per));
  if (perWord === '') return mainWord;
  return mainWord === '' ? `per_${perWord}` : `${mainWord}_per_${perWord}`;
}

/** `name` with invalid characters replaced by `_`, runs of `_` collapsed, no leading digit. */
export function sanitizeMetricName(name: string): string {
  const out = name.replace(/[^a-zA-Z0-9_:]/g, '_').replace(/__+/g, '_');
  if (out === '') return '_';
  return /^[0-9]/.test(out) ? `_${out}` : out;
}

/**
 * An attribute key as a label name: invalid characters become `_`, runs of `_` collapse,
 * and a leading digit gets the `key_` prefix. Returns '' for an empty key.
 */
export function sanitizeLabelName(key: string): string {
  if (key === '') return '';
  const out = key.replace(/[^a-zA-Z0-9_]/g, '_').replace(/__+/g, '_');
  return /^[0-9]/.test(out) ? `key_${out}` : out;
}

function containsRun(tokens: readonly string[], run: readonly string[]): boolean {
  outer: for (let i = 0; i + run.length <= tokens.length; i += 1) {
    for (let j = 0; j < run.length; j += 1) if (tokens[i + j] !== run[j]) continue outer;
    return true;
  }
  return false;
}

/**
 * The Prometheus name of an OTel metric. With `addSuffixes` (the default), the unit word is
 * appended unless the name already contains it, and counters end in `_total` (moved after
 * the unit when the name already had it: `io.total` in `By` → `io_bytes_total`).
 */
export function prometheusMetricName(
  name: string,
  unit: string,
  kind: PrometheusKind,
  addSuffixes = true,
): string {
  const sanitized = sanitizeMetricName(name);
  if (!addSuffixes) return sanitized;
  const tokens = sanitized.split('_').filter((t) => t !== '');
  const isCounter = kind === 'counter';
  if (isCounter && tokens[tokens.length - 1] === 'total') tokens.pop();
  const suffix = unitSuffix(unit, kind);
  if (suffix !== '') {
    const run = suffix.split('_');
    if (!containsRun(tokens, run)) tokens.push(...run);
  }
  if (isCounter) tokens.push('total');
  const joined = tokens.join('_');
  if (joined === '') return '_';
  // A leading underscore or colon of the original survives; a leading digit gets one.
  const lead = sanitized.startsWith('_') && !joined.startsWith('_') ? '_' : '';
  return /^[0-9]/.test(joined) ? `_${joined}` : lead + joined;
}

/** The Prometheus kind an OTel instrument is exposed as (cumulative temporality). */
export function prometheusKindOf(instrument: InstrumentKind): PrometheusKind {
  switch (instrument) {
    case 'counter':
      return 'counter';
    case 'histogram':
      return 'histogram';
    case 'updowncounter':
    case 'gauge':
      return 'gauge';
  }
}

/**
 * The Prometheus name a registry metric is scraped under from the analysis service's
 * `/metrics` (and from any exporter following the OTel compatibility rules with suffixes):
 * `heterodyne.operation.duration` (histogram, `s`) → `heterodyne_operation_duration_seconds`.
 * Histograms add `_bucket`, `_sum` and `_count` to this base name.
 */
export function prometheusNameOf(
  definition: Pick<MetricDefinition, 'name' | 'unit' | 'instrument'>,
): string {
  return prometheusMetricName(
    definition.name,
    definition.unit,
    prometheusKindOf(definition.instrument),
  );
}
