// The SQLite store on the binding this Node uses: `node:sqlite` on Node 22.13+ and 24,
// `better-sqlite3` on Node 20. Run it once per Node version to compare them:
//
//   node bench/sqlite-store.bench.js
//   npx -y node@24 bench/sqlite-store.bench.js
//
// Measured per available binding, on a WAL file store in the temp directory:
// - a checkpoint write of a series-store-like snapshot (`putCheckpoint`, JSON text of about
//   CHECKPOINT_MB), and reading it back, against `JSON.stringify`/`JSON.parse` of the same
//   value in the same run (the baseline: the serialisation the store cannot avoid);
// - small writes: `appendSloRecord`, one transaction each, and 100 of them per `batch`.
//
// Usage: node bench/sqlite-store.bench.js [checkpointMegabytes=20]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '@heterodyne/analysis';
import { Bench } from 'tinybench';
import { benchTimeMs, printMarkdownSummary } from './lib/report.js';
import { seededRandom } from './lib/seeded-random.js';

const CHECKPOINT_MB = Number(process.argv[2] ?? 20);
const TIME_MS = benchTimeMs(1500);

/** A snapshot-shaped value: series with attributes and sample rings, about `megabytes` as JSON. */
function snapshotOf(megabytes) {
  const random = seededRandom(7);
  const series = [];
  let bytes = 0;
  for (let i = 0; bytes < megabytes * 1e6; i++) {
    const entry = {
      id: i,
      metric: 'heterodyne.operation.duration',
      attributes: { 'heterodyne.operation.name': `op-${i % 97}`, dataset: `d${i}` },
      samples: Array.from({ length: 60 }, (_, k) => [1_700_000_000_000 + k * 1000, random()]),
    };
    bytes += JSON.stringify(entry).length;
    series.push(entry);
  }
  return { version: 1, series };
}

function sloRecord(i) {
  return {
    sliId: 'response_time',
    windowSeconds: 3600,
    recordedAt: 1_700_000_000_000 + i,
    value: 0.2,
    target: 0.5,
    compliant: true,
    errorBudgetRemaining: 0.9,
    burnRates: { '1h': 0.4 },
  };
}

const snapshot = snapshotOf(CHECKPOINT_MB);
const text = JSON.stringify(snapshot);
const rows = [];
const notes = [];
const drivers = ['node:sqlite', 'better-sqlite3'];

for (const driver of drivers) {
  const dir = mkdtempSync(join(tmpdir(), 'sqlite-bench-'));
  let store;
  try {
    store = await openStore({ kind: 'sqlite', path: join(dir, 'bench.db'), driver });
  } catch (error) {
    notes.push(
      `${driver}: not available on Node ${process.versions.node}: ${String(error.message).split('\n')[0]}`,
    );
    rmSync(dir, { recursive: true, force: true });
    continue;
  }
  try {
    let n = 0;
    const bench = new Bench({ time: TIME_MS, iterations: 5 });
    bench
      .add(`baseline: JSON.stringify ${Math.round(text.length / 1e6)} MB`, () => {
        JSON.stringify(snapshot);
      })
      .add(`putCheckpoint ${Math.round(text.length / 1e6)} MB`, async () => {
        await store.putCheckpoint({ key: 'series-store', version: 1, data: snapshot });
      })
      .add(`baseline: JSON.parse ${Math.round(text.length / 1e6)} MB`, () => {
        JSON.parse(text);
      })
      .add(`getCheckpoint ${Math.round(text.length / 1e6)} MB`, async () => {
        await store.getCheckpoint('series-store');
      })
      .add('appendSloRecord (one transaction)', async () => {
        await store.appendSloRecord(sloRecord(n++));
      })
      .add('batch of 100 appendSloRecord', async () => {
        await store.batch((b) => {
          for (let k = 0; k < 100; k++) b.appendSloRecord(sloRecord(n++));
        });
      });
    await bench.run();
    const ms = Object.fromEntries(bench.tasks.map((t) => [t.name, t.result.latency.mean]));
    for (const task of bench.tasks) {
      rows.push({
        node: process.versions.node,
        binding: driver,
        task: task.name,
        'ms/op': Number(task.result.latency.mean.toFixed(3)),
      });
    }
    const name = (prefix) => Object.keys(ms).find((k) => k.startsWith(prefix));
    notes.push(
      `${driver}: checkpoint write ${(ms[name('putCheckpoint')] / ms[name('baseline: JSON.stringify')]).toFixed(2)}x ` +
        `JSON.stringify, read ${(ms[name('getCheckpoint')] / ms[name('baseline: JSON.parse')]).toFixed(2)}x JSON.parse ` +
        `(same run); a batch of 100 writes costs ${(ms[name('batch of 100')] / ms[name('appendSloRecord')]).toFixed(1)}x one write`,
    );
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

printMarkdownSummary(`SQLite store on Node ${process.versions.node}`, rows, notes);
