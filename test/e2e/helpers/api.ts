import type { SampleView, SeriesSummary, StatusReport } from '@heterodyne/analysis';
import { getJson } from './http.js';

/** Every series of `metric` (up to 10,000). */
export async function seriesOf(api: string, metric: string): Promise<SeriesSummary[]> {
  const res = await getJson<{ series: SeriesSummary[] }>(
    `${api}/api/v1/series?metric=${encodeURIComponent(metric)}&limit=10000`,
  );
  if (res.status !== 200) throw new Error(`series of ${metric}: HTTP ${res.status}`);
  return res.body.series;
}

/** The one series of `metric` whose attributes include `attributes`; throws unless exactly one. */
export async function oneSeries(
  api: string,
  metric: string,
  attributes: Record<string, unknown> = {},
): Promise<SeriesSummary> {
  const all = await seriesOf(api, metric);
  const matching = all.filter((s) =>
    Object.entries(attributes).every(([k, v]) => s.attributes[k] === v),
  );
  if (matching.length !== 1) {
    throw new Error(
      `expected one series of ${metric} with ${JSON.stringify(attributes)}, found ${matching.length}: ${JSON.stringify(all.map((s) => s.attributes))}`,
    );
  }
  return matching[0] as SeriesSummary;
}

/** The samples of a series, oldest first. */
export async function samplesOf(api: string, id: string): Promise<SampleView[]> {
  const res = await getJson<{ samples: SampleView[] }>(
    `${api}/api/v1/series/${encodeURIComponent(id)}/samples?limit=10000`,
  );
  if (res.status !== 200) throw new Error(`samples of ${id}: HTTP ${res.status}`);
  return res.body.samples;
}

/** The status body. */
export async function statusOf(api: string): Promise<StatusReport> {
  const res = await getJson<StatusReport>(`${api}/api/v1/status`);
  if (res.status !== 200) throw new Error(`status: HTTP ${res.status}`);
  return res.body;
}

/** Sum of sample values (counter increments, histogram sums). */
export function sumOf(samples: readonly SampleView[]): number {
  return samples.reduce((a, s) => a + s.value, 0);
}

/** Sum of sample counts (histogram observations). */
export function countOf(samples: readonly SampleView[]): number {
  return samples.reduce((a, s) => a + (s.count ?? 0), 0);
}
