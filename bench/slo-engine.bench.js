// SLO engine cost: one full evaluation of 10,000 SLO groups with 30-day budget windows
// (target: under 1 s), and memory per SLO group for 30 days of history.
//
// One error-ratio SLO (`app.ops` total, `app.errors` bad, 99.9 %, the default windows and
// alert table) grouped by operation over 10,000 operations: 10,000 groups reading 20,000
// delta-counter series from the real series store through the engines' series view. The
// counters are first filled with 30 days of history (one evaluation every 6 hours; what an
// evaluation costs does not depend on how many slots hold data: the counters are fixed-size
// arrays), then 20 minutes at the default 30 s interval. Timed: full evaluations at the 30 s interval, each after one new point per
// series (every group's burn rates over 7 windows, 30-day budget, alert table).
//
// Wall time and CPU time (process.cpuUsage, user + system) of each evaluation are reported:
// on a shared machine the wall time includes waiting for a core, the CPU time does not.
//
// Memory: the counters' own bytes (engine.memoryBytes()) per group, and heap + array
// buffers after forced GC before and after the fill, per group (counters, last totals per
// series, group maps; the series store's memory is measured before the engine exists), and
// the size of the JSON state persisted at shutdown, per group.
//
// Usage: node --expose-gc bench/slo-engine.bench.js [groups=10000]
import {
  createSeriesStore,
  createSeriesView,
  createSloEngine,
  DEFAULT_BURN_ALERT_WINDOWS,
} from '@heterodyne/analysis';
import { isQuickRun, printMarkdownSummary } from './lib/report.js';

const gc = globalThis.gc;
if (typeof gc !== 'function') {
  console.error('slo-engine.bench.js: run with node --expose-gc (bench/run.js does)');
  process.exit(1);
}
const GROUPS = Number(process.argv[2] ?? (isQuickRun(1500) ? 2000 : 10_000));
const T0 = Date.UTC(2026, 0, 1);
const HOUR = 3_600_000;
const INTERVAL = 30_000;
const DELTA = 1;

function heapBytes() {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

let now = T0;
const store = createSeriesStore({ clock: { now: () => now }, cardinalityLimit: GROUPS * 2 });
const prefix = store.prefix({ 'service.name': 'bench' }, { name: 'bench', version: '1' });
const ops = store.metric(prefix, 'app.ops', 'counter', '{operation}');
const errors = store.metric(prefix, 'app.errors', 'counter', '{operation}');
const attributes = Array.from({ length: GROUPS }, (_, i) => ({
  'heterodyne.operation.name': `op-${i}`,
}));

function writeAll(timeMillis) {
  for (let i = 0; i < GROUPS; i++) {
    const base = {
      attributes: attributes[i],
      startTimeUnixNano: 0,
      timeUnixNano: timeMillis * 1e6,
      flags: 0,
      isInt: true,
    };
    store.writeNumber(ops, DELTA, { ...base, value: 1000 }, timeMillis);
    store.writeNumber(errors, DELTA, { ...base, value: i % 100 === 0 ? 5 : 1 }, timeMillis);
  }
}

writeAll(T0);
const view = createSeriesView(store);
const before = heapBytes();
let persistedBytes = 0;
const engine = createSloEngine({
  slos: [
    {
      id: 'app_errors',
      title: 'App errors',
      description: '',
      display: 'bad_ratio',
      indicator: {
        kind: 'ratio',
        total: { metric: 'app.ops', quantity: 'sum' },
        bad: { metric: 'app.errors', quantity: 'sum' },
      },
      objective: 0.999,
      budgeting: { method: 'occurrences' },
      window: { kind: 'rolling', seconds: 30 * 86_400 },
      groupBy: ['service.name', 'heterodyne.operation.name'],
      alertWindows: DEFAULT_BURN_ALERT_WINDOWS,
      origin: 'bench',
    },
  ],
  historyIntervalMillis: Infinity,
  checkpointIntervalMillis: Infinity,
  // Captures what would be persisted, to measure its size.
  store: {
    putSloStates: async (states) => {
      persistedBytes = states.reduce((n, st) => n + JSON.stringify(st.data).length, 0);
    },
    listSloStates: async () => [],
    deleteSloState: async () => false,
    appendSloRecord: async () => undefined,
    appendSloRecords: async () => undefined,
    listSloHistory: async () => [],
  },
});
let findings = 0;
const context = { series: view, emit: () => findings++ };

const fillStarted = performance.now();
for (let h = 6; h <= 30 * 24; h += 6) {
  now = T0 + h * HOUR;
  writeAll(now);
  await engine.evaluate(now, context);
}
for (let k = 1; k <= 40; k++) {
  now += INTERVAL;
  writeAll(now);
  await engine.evaluate(now, context);
}
const fillSeconds = (performance.now() - fillStarted) / 1000;
const after = heapBytes();

const runs = isQuickRun(1500) ? 5 : 20;
const times = [];
const cpuTimes = [];
for (let r = 0; r < runs; r++) {
  now += INTERVAL;
  writeAll(now);
  const started = performance.now();
  const cpu = process.cpuUsage();
  await engine.evaluate(now, context);
  const used = process.cpuUsage(cpu);
  times.push(performance.now() - started);
  cpuTimes.push((used.user + used.system) / 1000);
}
cpuTimes.sort((a, b) => a - b);
times.sort((a, b) => a - b);
await engine.shutdown();
const groups = engine.statuses().length;
if (groups !== GROUPS) throw new Error(`expected ${GROUPS} groups, got ${groups}`);
const status = engine.statuses()[0];
if (!(status.total > 0) || status.windowSeconds !== 30 * 86_400)
  throw new Error('the groups hold no 30-day history');

printMarkdownSummary(
  `SLO engine: one evaluation of ${GROUPS.toLocaleString('en-US')} SLO groups (30-day windows, 7 burn windows, 4 alert rows)`,
  [
    {
      groups: GROUPS,
      series: GROUPS * 2,
      'median evaluation (ms)': Number(times[Math.floor(times.length / 2)].toFixed(1)),
      'max evaluation (ms)': Number(times.at(-1).toFixed(1)),
      'median evaluation CPU (ms)': Number(cpuTimes[Math.floor(cpuTimes.length / 2)].toFixed(1)),
      'target (ms)': 1000,
      'counter bytes / group': Math.round(engine.memoryBytes() / GROUPS),
      'heap bytes / group': Math.round((after - before) / GROUPS),
      'persisted bytes / group': Math.round(persistedBytes / GROUPS),
      'fill: 160 evaluations (s)': Number(fillSeconds.toFixed(1)),
    },
  ],
);
