/**
 * The Prometheus text exposition format, version 0.0.4
 * (https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format):
 *
 * ```
 * # HELP http_requests_total The total number of HTTP requests.
 * # TYPE http_requests_total counter
 * http_requests_total{method="post",code="200"} 1027
 * ```
 *
 * One `# HELP` and `# TYPE` per family, every sample of a family together, label values
 * escaped (`\\`, `\"`, `\n`), HELP text escaped (`\\`, `\n`), and `+Inf`/`-Inf`/`NaN`
 * spelled as Prometheus parses them.
 */

/** The media type of this format, for `Content-Type`. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** The `TYPE` of a metric family. */
export type PrometheusMetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

/** Label name/value pairs, in output order. */
export type PrometheusLabels = ReadonlyArray<readonly [name: string, value: string]>;

/** One sample line. */
export interface PrometheusSample {
  /** Appended to the family name: '' or `_bucket`, `_sum`, `_count`. */
  suffix: '' | '_bucket' | '_sum' | '_count';
  labels: PrometheusLabels;
  /**
   * One more label after `labels` (`le` of a bucket, `quantile` of a summary), so the
   * samples of one point share their `labels` array and it is rendered once.
   */
  extra?: readonly [name: string, value: string];
  value: number;
  /** Milliseconds since the epoch; omitted means "scrape time". */
  timestampMillis?: number;
}

/** A metric family: its name, help, type and samples. */
export interface MetricFamily {
  /** Full name (`http_requests_total`, `rpc_duration_seconds`). */
  name: string;
  /** HELP text; '' writes no HELP line. */
  help: string;
  type: PrometheusMetricType;
  samples: PrometheusSample[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Escapes a label value: backslash, double quote and line feed. */
export function escapeLabelValue(value: string): string {
  if (!/[\\"\n]/.test(value)) return value;
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** Escapes HELP text: backslash and line feed. */
export function escapeHelp(text: string): string {
  if (!/[\\\n]/.test(text)) return text;
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

/** A sample value or bucket bound as Prometheus writes it (`+Inf`, `-Inf`, `NaN`, `0.25`). */
export function formatPrometheusValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return Object.is(value, -0) ? '0' : String(value);
}

/** Label names already checked, so each distinct name is tested once per process. */
const validLabelNames = new Set<string>();

function checkLabelName(name: string, family: string): void {
  if (validLabelNames.has(name)) return;
  if (!LABEL_NAME.test(name) || name.startsWith('__')) {
    throw new Error(`writePrometheusText: invalid label name "${name}" in ${family}`);
  }
  // Label names are few (attribute keys); the bound only guards against misuse.
  if (validLabelNames.size < 10_000) validLabelNames.add(name);
}

/** `name="value",...` without braces. */
function labelBody(labels: PrometheusLabels, family: string): string {
  let out = '';
  for (let i = 0; i < labels.length; i += 1) {
    const [name, value] = labels[i] as readonly [string, string];
    checkLabelName(name, family);
    if (i > 0) out += ',';
    out += `${name}="${escapeLabelValue(value)}"`;
  }
  return out;
}

/** The sample lines of one family, without its HELP and TYPE lines. */
export function writeFamilySamples(family: MetricFamily): string {
  let out = '';
  // The samples of one point share their labels array: render it once.
  let lastLabels: PrometheusLabels | undefined;
  let lastBody = '';
  for (const sample of family.samples) {
    if (sample.labels !== lastLabels) {
      lastLabels = sample.labels;
      lastBody = labelBody(sample.labels, family.name);
    }
    let body = lastBody;
    if (sample.extra) {
      checkLabelName(sample.extra[0], family.name);
      const extra = `${sample.extra[0]}="${escapeLabelValue(sample.extra[1])}"`;
      body = body === '' ? extra : `${body},${extra}`;
    }
    out += family.name + sample.suffix + (body === '' ? '' : `{${body}}`);
    out += ` ${formatPrometheusValue(sample.value)}`;
    if (sample.timestampMillis !== undefined) out += ` ${Math.round(sample.timestampMillis)}`;
    out += '\n';
  }
  return out;
}

/** The `# HELP` (when there is help text) and `# TYPE` lines of a family. */
export function familyHeader(name: string, help: string, type: PrometheusMetricType): string {
  const helpLine = help === '' ? '' : `# HELP ${name} ${escapeHelp(help)}\n`;
  return `${helpLine}# TYPE ${name} ${type}\n`;
}

/** Whether `name` is a valid Prometheus metric name. */
export function isValidMetricName(name: string): boolean {
  return METRIC_NAME.test(name);
}

/**
 * Writes families as exposition text. Names are checked (an invalid one is a bug in the
 * caller, so it throws); a family with no samples still gets its HELP/TYPE lines, and
 * families with the same name must already have been merged.
 */
export function writePrometheusText(families: readonly MetricFamily[]): string {
  let out = '';
  const seen = new Set<string>();
  for (const family of families) {
    if (!METRIC_NAME.test(family.name)) {
      throw new Error(`writePrometheusText: invalid metric name "${family.name}"`);
    }
    if (seen.has(family.name)) {
      throw new Error(`writePrometheusText: metric family "${family.name}" appears twice`);
    }
    seen.add(family.name);
    out += familyHeader(family.name, family.help, family.type);
    out += writeFamilySamples(family);
  }
  return out;
}
