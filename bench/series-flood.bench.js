// A flood of new series: 200 metrics x 10,000 streams = 2,000,000 series offered to a store
// with the default store-wide limits (250,000 series, 1 GiB estimated), one gauge point
// each, as a client sending unbounded label values would. Reports what was stored and
// refused, the store's own memory figure and the process RSS (peak, sampled every 100,000
// writes), and write throughput for stored and for refused series.
//
// Usage: node --expose-gc bench/series-flood.bench.js [metrics=200] [streams=10000] [maxSeries]
import { createSeriesStore } from '@heterodyne/analysis';
import { printMarkdownSummary } from './lib/report.js';

const METRICS = Number(process.argv[2] ?? 200);
const STREAMS = Number(process.argv[3] ?? 10_000);
const maxSeries = process.argv[4] === undefined ? undefined : Number(process.argv[4]);
const NOW = 1_700_000_000_000;
const store = createSeriesStore({ clock: { now: () => NOW }, maxSeries });
const mb = (n) => Number((n / 2 ** 20).toFixed(0));

globalThis.gc?.();
const rssBefore = process.memoryUsage().rss;
let peak = rssBefore;
let written = 0;
let storedMs = 0;
let refusedMs = 0;
let stored = 0;
let refused = 0;
for (let m = 0; m < METRICS; m++) {
  const metric = store.metric(
    store.prefix(
      { 'service.name': 'flood', 'service.instance.id': `i-${m % 20}` },
      { name: 'f', version: '' },
    ),
    `flood_metric_${m}`,
    'gauge',
    '1',
  );
  for (let i = 0; i < STREAMS; i++) {
    const t = performance.now();
    const result = store.writeNumber(
      metric,
      0,
      {
        attributes: { request_id: `r-${m}-${i}` },
        startTimeUnixNano: 0,
        timeUnixNano: NOW * 1e6,
        flags: 0,
        value: i,
        isInt: false,
      },
      NOW,
    );
    const took = performance.now() - t;
    if (result === 0) {
      stored++;
      storedMs += took;
    } else {
      refused++;
      refusedMs += took;
    }
    if (++written % 100_000 === 0) peak = Math.max(peak, process.memoryUsage().rss);
  }
}
peak = Math.max(peak, process.memoryUsage().rss);
const stats = store.stats();
printMarkdownSummary(
  `Series flood: ${(METRICS * STREAMS).toLocaleString('en-US')} new series offered`,
  [
    {
      'max series': stats.maxSeries,
      stored: stats.series,
      refused: stats.refusedSeries.series_limit + stats.refusedSeries.memory_limit,
      'store estimate MiB': mb(stats.memoryBytes),
      'RSS before MiB': mb(rssBefore),
      'RSS peak MiB': mb(peak),
      'stored writes/s': Math.round(stored / (storedMs / 1000)),
      'refused writes/s': Math.round(refused / (refusedMs / 1000)),
    },
  ],
  [`refusals by reason: ${JSON.stringify(stats.refusedSeries)}`],
);
