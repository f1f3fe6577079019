/** Number, time and label formatting of the HTML report (the results are plain text). */

/** A number with four significant digits; `–` for null, NaN or undefined. */
export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '-∞';
  if (value !== 0 && (Math.abs(value) >= 1e6 || Math.abs(value) < 1e-3)) {
    return value.toExponential(3);
  }
  return String(Number(value.toPrecision(4)));
}

/** A ratio as a percentage with up to two decimals; `–` for null. */
export function formatPercent(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '–';
  return `${String(Number((ratio * 100).toFixed(2)))}%`;
}

/** A time as ISO 8601 without milliseconds (UTC); `–` when not finite. */
export function formatTime(millis: number | null | undefined): string {
  if (millis === null || millis === undefined || !Number.isFinite(millis)) return '–';
  return new Date(millis).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A duration in seconds as `1d 2h`, `3h 4m`, `5m 6s` or `7s`; `–` for null. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '–';
  const s = Math.max(0, Math.round(seconds));
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${m}m`;
  if (m > 0) return `${m}m ${s % 60}s`;
  return `${s}s`;
}

/** Labels as `k="v", k2="v2"` (sorted by key), or '' when there are none. */
export function formatLabels(labels: Readonly<Record<string, string>>): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`)
    .join(', ');
}

/** A series' display name: `metric{labels}`. */
export function seriesName(metric: string, labels: Readonly<Record<string, string>>): string {
  const body = formatLabels(labels);
  return body === '' ? metric : `${metric}{${body}}`;
}
