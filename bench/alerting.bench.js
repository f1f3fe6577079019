// Alerting: (1) finding-to-notification latency through the whole AlertSystem (dedup,
// routing, grouping with group_wait 0, the persisted delivery queue on an in-memory SQLite
// store) to the console channel, next to the console channel called directly; (2) alerts
// evaluated per second by the alerting core while 10,000 alerts are active (every active
// alert re-reported, as rules do at each evaluation, then a group flush), next to the same
// with 100 active alerts, so the ratio shows what the size of the active set costs per alert.
//
// `BENCH_TIME_MS` sets the time per measurement (default 2000).
import {
  AlertSystem,
  buildRoute,
  createAlertingCore,
  createConsoleNotifier,
  fingerprint,
  openStore,
} from '@heterodyne/analysis';
import { benchTimeMs, printMarkdownSummary } from './lib/report.js';

const TIME_MS = benchTimeMs(2000);

function percentile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

async function latency() {
  const store = await openStore({ kind: 'sqlite', path: ':memory:' });
  let delivered;
  const sink = () => {
    delivered = performance.now();
  };
  const channel = { id: 'console', type: 'console', stream: 'stdout', rateLimitPerHour: undefined };
  const console_ = createConsoleNotifier(channel, sink);
  const config = {
    enabled: true,
    evaluationIntervalMillis: 15_000,
    defaultRules: false,
    rules: [],
    channels: { console: channel },
    route: buildRoute({ channels: ['console'], groupBy: ['...'], groupWaitMillis: 0 }),
    inhibitRules: [],
    timeIntervals: {},
    escalationPolicies: {},
    onCall: { users: {}, rotations: {} },
    delivery: { maxAttempts: 3, initialBackoffMillis: 1000, maxBackoffMillis: 10_000 },
    externalUrl: undefined,
  };
  const system = new AlertSystem({
    config,
    store,
    clock: { now: () => Date.now() },
    notifiers: new Map([['console', console_]]),
  });
  await system.start();
  const pipeline = [];
  const end = performance.now() + TIME_MS;
  for (let i = 0; performance.now() < end; i++) {
    const t0 = performance.now();
    delivered = undefined;
    system.receiveFinding({
      engine: 'bench',
      kind: 'bench.finding',
      severity: 'warning',
      state: 'firing',
      labels: { n: String(i) },
      summary: `finding ${i}`,
      startsAtMillis: Date.now(),
    });
    await system.tick();
    if (delivered === undefined) throw new Error('the notification was not delivered in one tick');
    pipeline.push(delivered - t0);
  }
  await system.shutdown();
  await store.close();
  const direct = [];
  const note = {
    id: 'n',
    channel: 'console',
    groupKey: 'g',
    groupLabels: {},
    status: 'firing',
    alerts: [],
    createdAtMillis: Date.now(),
  };
  const directEnd = performance.now() + TIME_MS / 4;
  while (performance.now() < directEnd) {
    const t0 = performance.now();
    await console_.send(note);
    direct.push(delivered - t0);
  }
  pipeline.sort((a, b) => a - b);
  direct.sort((a, b) => a - b);
  return { pipeline, direct };
}

function evaluationRate(active) {
  const core = createAlertingCore({
    route: buildRoute({ channels: ['console'], groupBy: ['alertname', 'op'] }),
  });
  let now = 1_800_000_000_000;
  const alerts = Array.from({ length: active }, (_, i) => {
    const labels = {
      alertname: `Rule${i % 20}`,
      op: `op${i % 200}`,
      series: String(i),
      severity: 'warning',
    };
    return {
      labels,
      annotations: { summary: `series ${i}` },
      fingerprint: fingerprint(labels),
      ruleId: labels.alertname,
      source: 'rule',
      startsAtMillis: now,
      updatedAtMillis: now,
    };
  });
  for (const a of alerts) core.receive(a, now);
  core.tick(now + 30_000);
  let evaluated = 0;
  const start = performance.now();
  while (performance.now() - start < TIME_MS) {
    now += 15_000;
    for (const a of alerts) {
      // Re-reported with a fresh value, as a rule does at each evaluation.
      core.receive({ ...a, updatedAtMillis: now }, now);
    }
    core.tick(now);
    evaluated += alerts.length;
  }
  const seconds = (performance.now() - start) / 1000;
  if (core.active(now).length !== active) throw new Error('active set changed');
  return evaluated / seconds;
}

const { pipeline, direct } = await latency();
const small = evaluationRate(100);
const large = evaluationRate(10_000);

printMarkdownSummary('Finding to console notification (ms)', [
  {
    path: 'console channel called directly',
    samples: direct.length,
    p50: Number(percentile(direct, 0.5).toFixed(4)),
    p99: Number(percentile(direct, 0.99).toFixed(4)),
  },
  {
    path: 'finding → dedup → route → group → queue (SQLite) → console',
    samples: pipeline.length,
    p50: Number(percentile(pipeline, 0.5).toFixed(4)),
    p99: Number(percentile(pipeline, 0.99).toFixed(4)),
  },
]);
printMarkdownSummary('Alerts evaluated per second by the alerting core', [
  { 'active alerts': 100, 'alerts/s': Math.round(small) },
  { 'active alerts': 10_000, 'alerts/s': Math.round(large) },
]);
console.log(`10,000 vs 100 active alerts: ${(large / small).toFixed(3)}x the per-alert rate`);
