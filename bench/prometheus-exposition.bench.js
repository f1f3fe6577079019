// Rendering a Prometheus `/metrics` scrape: 10,000 gauge series and 1,000 cumulative
// histograms with the registry's 21 duration bounds (one resource, one scope), from the
// decoded OTLP model through @heterodyne/analysis's Prometheus writer, against two
// baselines measured in the same run on the same data:
//  - plain string concatenation of the very same lines (checked byte for byte below): no
//    name checks, escaping or label sanitizing, metric names looked up once; the floor any
//    text writer pays;
//  - `JSON.stringify` of the same resource metrics: the cost of serializing the data at all.
//
// The writer comes from the built package's public entry point.
// `BENCH_TIME_MS` sets the time per task (default 1500).
import { toPrometheusFamilies, writePrometheusText } from '@heterodyne/analysis';
import {
  ATTR_OPERATION_NAME,
  ATTR_OPTIMIZATION_METHOD,
  DURATION_BUCKETS_SECONDS,
  METRIC_OPERATION_DURATION,
  METRIC_MEMORY_UTILIZATION,
} from '@heterodyne/semconv';
import { Bench } from 'tinybench';
import { benchTimeMs, printMarkdownSummary } from './lib/report.js';
import { seededRandom } from './lib/seeded-random.js';

const TIME_MS = benchTimeMs(1500);
const GAUGE_SERIES = 10_000;
const HISTOGRAMS = 1_000;
const CUMULATIVE = 2;
const METHODS = ['nelder-mead', 'wasserstein', 'scenario', 'ellipsoidal'];
const START_NANOS = 1_700_000_000e9;
const TIME_NANOS = START_NANOS + 3600e9;

/** Distinct attributes for series `i` of `count`: operation name and optimization method. */
function attributesOf(i, count) {
  const perMethod = count / METHODS.length;
  return {
    [ATTR_OPERATION_NAME]: `operation_${i % perMethod}`,
    [ATTR_OPTIMIZATION_METHOD]: METHODS[Math.floor(i / perMethod)],
  };
}

function makeResourceMetrics(rand) {
  const base = (i, count) => ({
    attributes: attributesOf(i, count),
    startTimeUnixNano: START_NANOS,
    timeUnixNano: TIME_NANOS,
    flags: 0,
  });
  const gauges = Array.from({ length: GAUGE_SERIES }, (_, i) => ({
    ...base(i, GAUGE_SERIES),
    value: rand(),
    isInt: false,
  }));
  const histograms = Array.from({ length: HISTOGRAMS }, (_, i) => {
    const bucketCounts = [...DURATION_BUCKETS_SECONDS, Infinity].map(() =>
      Math.floor(rand() * 100),
    );
    const count = bucketCounts.reduce((a, b) => a + b, 0);
    return {
      ...base(i, HISTOGRAMS),
      count,
      sum: count * rand() * 10,
      bucketCounts,
      explicitBounds: DURATION_BUCKETS_SECONDS,
      min: undefined,
      max: undefined,
    };
  });
  return [
    {
      resource: {
        attributes: {
          'service.name': 'heterodyne-analysis',
          'service.instance.id': 'node-0',
          'host.name': 'node-0',
        },
        droppedAttributesCount: 0,
      },
      schemaUrl: '',
      scopeMetrics: [
        {
          scope: {
            name: '@heterodyne/sdk',
            version: '0.1.0',
            attributes: {},
            droppedAttributesCount: 0,
          },
          schemaUrl: '',
          metrics: [
            {
              name: METRIC_MEMORY_UTILIZATION,
              description: 'Heap used over heap limit',
              unit: '1',
              data: { type: 'gauge', points: gauges },
            },
            {
              name: METRIC_OPERATION_DURATION,
              description: 'Duration of analysis operations',
              unit: 's',
              data: { type: 'histogram', points: histograms, temporality: CUMULATIVE },
            },
          ],
        },
      ],
    },
  ];
}

/**
 * The baseline: the same exposition text by concatenation, for this data's shape only (one
 * resource with job, instance and one more attribute; values that need no escaping).
 * `familyNames` maps OTLP metric names to Prometheus family names, computed once.
 */
function concatenate(resourceMetrics, familyNames) {
  let out = '';
  for (const rm of resourceMetrics) {
    const attrs = rm.resource.attributes;
    const target = `job="${attrs['service.name']}",instance="${attrs['service.instance.id']}"`;
    out += '# HELP target_info Target metadata\n# TYPE target_info gauge\n';
    out += `target_info{${target},host_name="${attrs['host.name']}"} 1\n`;
    for (const sm of rm.scopeMetrics) {
      const fixed = `otel_scope_name="${sm.scope.name}",otel_scope_version="${sm.scope.version}",${target}`;
      for (const metric of sm.metrics) {
        const name = familyNames.get(metric.name);
        const type = metric.data.type === 'histogram' ? 'histogram' : 'gauge';
        out += `# HELP ${name} ${metric.description}\n# TYPE ${name} ${type}\n`;
        for (const p of metric.data.points) {
          let labels = '';
          for (const key in p.attributes) {
            labels += `${key.replaceAll('.', '_')}="${p.attributes[key]}",`;
          }
          labels += fixed;
          if (type === 'gauge') {
            out += `${name}{${labels}} ${p.value}\n`;
            continue;
          }
          let cumulative = 0;
          for (let b = 0; b < p.explicitBounds.length; b++) {
            cumulative += p.bucketCounts[b];
            out += `${name}_bucket{${labels},le="${p.explicitBounds[b]}"} ${cumulative}\n`;
          }
          out += `${name}_bucket{${labels},le="+Inf"} ${p.count}\n`;
          out += `${name}_sum{${labels}} ${p.sum}\n${name}_count{${labels}} ${p.count}\n`;
        }
      }
    }
  }
  return out;
}

const resourceMetrics = makeResourceMetrics(seededRandom(20_250_301));
const translated = toPrometheusFamilies(resourceMetrics);
if (translated.dropped.length > 0) {
  throw new Error(`dropped metrics: ${JSON.stringify(translated.dropped)}`);
}
const families = translated.families;
const familyNames = new Map(
  resourceMetrics[0].scopeMetrics[0].metrics.map((m, i) => [m.name, families[i + 1].name]),
);

// Sanity check in the same run: the baseline writes exactly our text, and the text has one
// line per gauge series and 25 per histogram (21 bounds + `+Inf`, `_sum`, `_count`, plus
// the HELP/TYPE lines and target_info).
const ours = writePrometheusText(families);
if (concatenate(resourceMetrics, familyNames) !== ours) {
  throw new Error('the concatenation baseline does not write the same text as ours');
}
const sampleLines = ours.split('\n').filter((l) => l !== '' && !l.startsWith('#')).length;
const expectedLines = 1 + GAUGE_SERIES + HISTOGRAMS * (DURATION_BUCKETS_SECONDS.length + 3);
if (sampleLines !== expectedLines) {
  throw new Error(`expected ${expectedLines} sample lines, got ${sampleLines}`);
}
const scrapeBytes = Buffer.byteLength(ours);

const bench = new Bench({ time: TIME_MS, warmupTime: Math.min(300, TIME_MS) });
let sink = 0;
const TASKS = {
  full: 'ours: toPrometheusFamilies + writePrometheusText',
  translate: 'ours: toPrometheusFamilies only',
  write: 'ours: writePrometheusText only',
  concat: 'baseline: string concatenation',
  json: 'baseline: JSON.stringify',
};
bench.add(TASKS.full, () => {
  sink += writePrometheusText(toPrometheusFamilies(resourceMetrics).families).length;
});
bench.add(TASKS.translate, () => {
  sink += toPrometheusFamilies(resourceMetrics).families.length;
});
bench.add(TASKS.write, () => {
  sink += writePrometheusText(families).length;
});
bench.add(TASKS.concat, () => {
  sink += concatenate(resourceMetrics, familyNames).length;
});
bench.add(TASKS.json, () => {
  sink += JSON.stringify(resourceMetrics).length;
});
await bench.run();

const ms = (task) => task.result.latency.mean;
const rows = bench.tasks.map((task) => ({
  task: task.name,
  'ms/scrape': Number(ms(task).toFixed(2)),
  'scrapes/s': Number(task.result.throughput.mean.toFixed(1)),
  'rme %': Number(task.result.latency.rme.toFixed(2)),
}));
const msOf = (name) => ms(bench.getTask(name));
const full = msOf(TASKS.full);
printMarkdownSummary(
  `Prometheus exposition: ${GAUGE_SERIES.toLocaleString('en-US')} gauge series + ` +
    `${HISTOGRAMS.toLocaleString('en-US')} histograms (${DURATION_BUCKETS_SECONDS.length} bounds), ` +
    `${TIME_MS} ms per task, same run`,
  rows,
  [
    `scrape: ${expectedLines.toLocaleString('en-US')} sample lines, ` +
      `${(scrapeBytes / 1e6).toFixed(2)} MB of text`,
    `full render / string concatenation = ${(full / msOf(TASKS.concat)).toFixed(2)}x`,
    `full render / JSON.stringify of the same data = ${(full / msOf(TASKS.json)).toFixed(2)}x`,
    `translation share of the full render: ${((100 * msOf(TASKS.translate)) / full).toFixed(0)}%`,
  ],
);
if (sink < 0) console.log(sink);
