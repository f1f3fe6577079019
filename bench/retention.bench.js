// What the retention clean-up costs the event loop: 100,000 expired SLO evaluations and
// 20,000 expired drift events deleted from a SQLite store, in the service's batches
// (`retention.batch_size`, 500 rows per transaction, a setImmediate turn between them) and in
// one transaction per kind (what a single DELETE would do). The longest event-loop stall is
// measured with `monitorEventLoopDelay`, and a 1 ms "ingest" timer counts how many of its
// ticks ran during the clean-up, in the same run.
//
// Usage: node bench/retention.bench.js [rows=100000]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { openStore } from '@heterodyne/analysis';
import { DEFAULT_RETENTION_MILLIS } from '../packages/analysis/dist/config/retention-config.js';
import { runRetention } from '../packages/analysis/dist/service/retention-runner.js';
import { printMarkdownSummary } from './lib/report.js';

const ROWS = Number(process.argv[2] ?? 100_000);
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 5, 1);

async function filledStore(dir) {
  const store = await openStore({ kind: 'sqlite', path: join(dir, 'r.db'), now: () => NOW });
  const old = NOW - 500 * DAY;
  for (let i = 0; i < ROWS; i += 5000) {
    const batch = [];
    for (let j = i; j < Math.min(ROWS, i + 5000); j++) {
      batch.push({
        sliId: `sli-${j % 50}`,
        windowSeconds: 3600,
        recordedAt: old + j,
        value: 0.999,
        target: 0.999,
        compliant: true,
        errorBudgetRemaining: 0.5,
        burnRates: { '1h': 1, '6h': 1 },
      });
    }
    await store.appendSloRecords(batch);
  }
  await store.batch((b) => {
    for (let j = 0; j < ROWS / 5; j++) {
      b.recordDriftEvent({
        metric: 'm',
        seriesKey: `k${j % 100}`,
        detectedAt: old + j,
        magnitude: 1,
        confidence: 0.9,
        test: 'welch-t',
        details: {},
      });
    }
  });
  return store;
}

async function measure(label, batchSize) {
  const dir = mkdtempSync(join(tmpdir(), 'retention-bench-'));
  const store = await filledStore(dir);
  const config = {
    intervalMillis: 3_600_000,
    batchSize,
    maxAgeMillis: { ...DEFAULT_RETENTION_MILLIS },
    baselineVersions: 0,
  };
  const delay = monitorEventLoopDelay({ resolution: 1 });
  let ticks = 0;
  const ingest = setInterval(() => ticks++, 1);
  delay.enable();
  const started = performance.now();
  const result = await runRetention({ store, config, nowMillis: NOW });
  const seconds = (performance.now() - started) / 1000;
  // The delay of a stall is recorded when the loop turns again: let it turn before reading.
  await new Promise((resolve) => setTimeout(resolve, 20));
  delay.disable();
  clearInterval(ingest);
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  const deleted = Object.values(result.deleted).reduce((a, b) => a + b, 0);
  return {
    mode: label,
    'batch size': batchSize,
    'rows deleted': deleted,
    transactions: result.batches,
    'total s': Number(seconds.toFixed(2)),
    'rows/s': Math.round(deleted / seconds),
    'max event-loop stall ms': Number((delay.max / 1e6).toFixed(1)),
    'p99 stall ms': Number((delay.percentile(99) / 1e6).toFixed(1)),
    'ingest ticks (1 ms timer)': ticks,
  };
}

const batched = await measure('batched (service default)', 500);
const whole = await measure('one transaction per kind', ROWS);
printMarkdownSummary(
  `Retention clean-up of ${ROWS.toLocaleString('en-US')} + ${(ROWS / 5).toLocaleString('en-US')} expired rows (SQLite)`,
  [batched, whole],
  [
    `longest stall, one transaction / batched: ${(whole['max event-loop stall ms'] / batched['max event-loop stall ms']).toFixed(1)}x`,
    `time, batched / one transaction: ${(batched['total s'] / whole['total s']).toFixed(2)}x`,
  ],
);
