/**
 * The key of a series for baselines: its metric and identifying attributes in a stable,
 * readable form, `metric{service.name="a",heterodyne.operation.name="fit"}`.
 */
import type { ViewSeries } from '../series-view.js';

/** Resource attributes that identify where a series comes from. */
const RESOURCE_KEYS = ['service.name', 'service.instance.id', 'host.name'];

/** Stable key of `series`: point attributes and identifying resource attributes, sorted. */
export function baselineSeriesKey(series: ViewSeries): string {
  const pairs: Array<[string, string]> = [];
  for (const key of RESOURCE_KEYS) {
    const v = series.resource[key];
    if (v !== undefined) pairs.push([key, String(v)]);
  }
  for (const [key, v] of Object.entries(series.attributes)) {
    if (!RESOURCE_KEYS.includes(key)) pairs.push([key, String(v)]);
  }
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const body = pairs.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',');
  return `${series.metric}{${body}}`;
}
