/**
 * The demo's workload in a worker thread, so that the fits (synchronous, up to seconds each
 * under the cache-thrashing fault) never hold up the analysis service, the fault timeline or
 * the status view on the main thread. The worker has its own OpenTelemetry SDK and exports
 * over OTLP like any separate application would.
 *
 * Messages in: {@link WorkerCommand}; out: {@link WorkerEvent}.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { startMonitoring } from '@heterodyne/node';
import { createWorkload } from '../analysis/workload.js';
import type { RunSummary, WorkloadFaults } from '../analysis/workload.js';

/** What the worker is started with. */
export interface WorkerSetup {
  /** OTLP/HTTP endpoint to export to. */
  readonly endpoint: string;
  /** Dataset seeds, analysed in turn. */
  readonly seeds: readonly number[];
  /** Metric export interval, ms. */
  readonly exportIntervalMillis: number;
}

/** Commands from the main thread. */
export type WorkerCommand = { type: 'faults'; faults: WorkloadFaults } | { type: 'stop' };

/** Events to the main thread. */
export type WorkerEvent =
  | { type: 'ready' }
  | { type: 'run'; summary: RunSummary }
  | { type: 'error'; message: string }
  | { type: 'stopped' };

const port = parentPort;
if (port === null) throw new Error('workload-worker.js runs as a worker thread');
const setup = workerData as WorkerSetup;
const post = (event: WorkerEvent) => port.postMessage(event);
// Lighter fits than the defaults (two IRLS passes, one restart, tolerances 1e-4 in scaled
// coordinates): about half the evaluations for the same reduced chi², so an analysis takes
// a fraction of a second once the cache is warm.
const workload = createWorkload({
  robustPasses: 2,
  restarts: 1,
  nelderMead: { xTolerance: 1e-4, fTolerance: 1e-4 },
});
let stopping = false;
port.on('message', (command: WorkerCommand) => {
  if (command.type === 'stop') stopping = true;
  else {
    Object.assign(workload.faults, command.faults);
    if (workload.faults.leakBytesPerRun === 0) workload.releaseLeak();
  }
});

// The evaluation cache starts cold; one unmonitored pass over the datasets fills it, so the
// timeline begins in the steady state (no SDK is registered yet: nothing is recorded).
for (const seed of setup.seeds) if (!stopping) await workload.run(seed);
const monitoring = startMonitoring({
  serviceName: 'heterodyne-xpcs-demo',
  protocol: 'http/protobuf',
  endpoint: setup.endpoint,
  metrics: { exportIntervalMillis: setup.exportIntervalMillis },
});
post({ type: 'ready' });
let runs = 0;
while (!stopping) {
  try {
    const result = await workload.run(setup.seeds[runs % setup.seeds.length] as number);
    runs++;
    post(
      result.ok ? { type: 'run', summary: result.value } : { type: 'error', message: result.error },
    );
  } catch (error) {
    post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
  // Let the commands in.
  await new Promise((resolve) => setTimeout(resolve, 50));
}
await monitoring.shutdown();
post({ type: 'stopped' });
