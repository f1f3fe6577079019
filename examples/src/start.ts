/**
 * `npm start`: the whole system on one machine. Starts the analysis service with the demo
 * configuration (examples/config/demo.yaml: SQLite store, console and file alert channels,
 * `/metrics`, short windows), runs the instrumented heterodyne analysis in a loop exporting
 * to it over OTLP, turns the scripted faults on and off on their timeline, acknowledges the
 * first alert through the API, and redraws a status view until Ctrl-C. Flags: see
 * `demo/demo-options.ts` or `npm start -- --help`.
 */
import { createWriteStream, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createAnalysisService, createLineLogger, loadConfig } from '@heterodyne/analysis';
import type { AnalysisService } from '@heterodyne/analysis';
import { Worker } from 'node:worker_threads';
import type { RunSummary } from './analysis/workload.js';
import { DEMO_USAGE, parseDemoOptions } from './demo/demo-options.js';
import { FAULT_TIMELINE, activeFaults, settingsWith } from './demo/fault-timeline.js';
import { fetchStatus, renderStatus } from './demo/status-view.js';
import type { WorkerCommand, WorkerEvent, WorkerSetup } from './demo/workload-worker.js';
import type { StatusSnapshot } from './demo/status-view.js';

const message = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);
/** Where the service logs while the status view redraws the terminal. */
const SERVICE_LOG = 'monitoring-data/demo-service.log';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const parsed = parseDemoOptions(process.argv.slice(2));
if (!parsed.ok) {
  console.error(parsed.error);
  process.exit(parsed.error === DEMO_USAGE ? 0 : 2);
}
const options = parsed.value;
const plain = options.plain || !process.stdout.isTTY;
let began = Date.now();
const elapsed = () => (Date.now() - began) / 1000;
const events: string[] = [];
const event = (line: string) => {
  const stamped = `t+${elapsed().toFixed(0).padStart(3)}s  ${line}`;
  events.push(stamped);
  if (plain) console.log(`event: ${stamped}`);
};

let service: AnalysisService | undefined;
let api: string | undefined;
let otlpEndpoint = options.endpoint;
if (options.endpoint === undefined) {
  const configPath =
    options.config ?? fileURLToPath(new URL('../config/demo.yaml', import.meta.url));
  const config = loadConfig(configPath, process.env);
  if (!config.ok) {
    console.error(config.error.map(String).join('\n'));
    process.exit(2);
  }
  // On a redrawn terminal the service's log lines would scroll the view away: they go to a
  // file then (with --plain, or when stdout is not a terminal, to stderr).
  let write = (line: string) => void process.stderr.write(line);
  if (!plain) {
    mkdirSync('monitoring-data', { recursive: true });
    const log = createWriteStream(SERVICE_LOG, { flags: 'a' });
    write = (line) => void log.write(line);
  }
  service = createAnalysisService(config.value, { logger: createLineLogger(write) });
  try {
    const addresses = await service.start();
    api = addresses.api;
    otlpEndpoint = addresses.otlpHttp;
  } catch (error) {
    console.error(`the analysis service could not start: ${message(error)}`);
    console.error('(ports 4318, 4317 and 8080 must be free: is another instance running?)');
    process.exit(1);
  }
}

const links = [
  ...(api === undefined
    ? [`sending OTLP to ${otlpEndpoint} (no local service: status view off)`]
    : [
        `status   ${api}/api/v1/status      SLOs  ${api}/api/v1/slos`,
        `alerts   ${api}/api/v1/alerts      findings  ${api}/api/v1/findings`,
        `report   ${api}/report             metrics   ${api}/metrics`,
        `OTLP     ${otlpEndpoint}`,
        ...(plain ? [] : [`service log  ${SERVICE_LOG}`]),
        'dashboards: Grafana provisioned from grafana/ (see README), http://localhost:3000/dashboards',
      ]),
];
console.log(['heterodyne-monitoring demo', ...links].join('\n'));

// Ctrl-C and SIGTERM stop the loops; the rest of this file then shuts down in order.
let stopping = false;
const wakers = new Set<() => void>();
let stopAfterDuration: () => void = () => {};
const stopped = new Promise<void>((resolve) => {
  const stop = () => {
    stopping = true;
    for (const wake of wakers) wake();
    resolve();
  };
  process.once('SIGINT', stop).once('SIGTERM', stop);
  stopAfterDuration = () => {
    if (options.durationSeconds !== undefined) {
      setTimeout(stop, options.durationSeconds * 1000).unref();
    }
  };
});
async function pause(ms: number): Promise<void> {
  let wake: () => void = () => {};
  const woken = new Promise<void>((resolve) => (wake = resolve));
  wakers.add(wake);
  await Promise.race([sleep(ms), woken]);
  wakers.delete(wake);
}

// The workload runs in a worker thread (see demo/workload-worker.ts): the fits never hold up
// the service, the timeline or the status view. The timeline and --duration count from the
// moment it has warmed its cache and started exporting.
const SEEDS = [1, 2];
let last: RunSummary | undefined;
let runs = 0;
let activeNames: string[] = [];
let ready = false;

async function workloadLoop(): Promise<void> {
  const setup: WorkerSetup = {
    endpoint: otlpEndpoint as string,
    seeds: SEEDS,
    exportIntervalMillis: 500,
  };
  const worker = new Worker(new URL('./demo/workload-worker.js', import.meta.url), {
    workerData: setup,
  });
  const exited = new Promise<number>((resolve) => worker.once('exit', resolve));
  worker.on('error', (error) => event(`workload failed: ${message(error)}`));
  worker.on('message', (e: WorkerEvent) => {
    if (e.type === 'ready') {
      ready = true;
      began = Date.now();
      stopAfterDuration();
      event('workload exporting (evaluation cache warm)');
    } else if (e.type === 'run') {
      runs++;
      last = e.summary;
    } else if (e.type === 'error') event(`analysis failed: ${e.message}`);
    // Flushed: end the thread (the exporter's kept-alive sockets would hold it open).
    else if (e.type === 'stopped') void worker.terminate();
  });
  while (!stopping) {
    if (ready) {
      const faults = options.faults ? activeFaults(elapsed(), options.timelineSeconds) : [];
      const names = faults.map((f) => f.name);
      const changed = names.join() !== activeNames.join();
      for (const f of faults) {
        if (!activeNames.includes(f.name)) event(`fault on:  ${f.name}: ${f.description}`);
      }
      for (const name of activeNames) if (!names.includes(name)) event(`fault off: ${name}`);
      activeNames = names;
      if (changed) {
        const command: WorkerCommand = { type: 'faults', faults: settingsWith(faults) };
        worker.postMessage(command);
      }
    }
    await pause(250);
  }
  const stop: WorkerCommand = { type: 'stop' };
  worker.postMessage(stop);
  // The worker finishes its analysis and flushes its telemetry; a hung one is ended.
  const timer = setTimeout(() => void worker.terminate(), 30_000);
  await exited;
  clearTimeout(timer);
}

let acknowledged: string | undefined;
async function statusLoop(): Promise<void> {
  while (!stopping) {
    await draw();
    await pause(options.refreshSeconds * 1000);
  }
}

async function draw(): Promise<void> {
  let snapshot: StatusSnapshot | undefined;
  if (api !== undefined) {
    snapshot = await fetchStatus(api).catch(() => undefined);
    // The demo acknowledges the first firing alert, as the person on call would.
    const firing = snapshot?.alerts?.find((a) => a.status === 'firing');
    if (acknowledged === undefined && firing !== undefined) {
      const res = await fetch(`${api}/api/v1/alerts/${encodeURIComponent(firing.id)}/ack`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ by: 'demo', comment: 'looking into it' }),
      }).catch(() => undefined);
      if (res?.ok) {
        acknowledged = firing.id;
        event(`acknowledged alert ${firing.name} (${firing.id}) via POST /api/v1/alerts/<id>/ack`);
      }
    }
  }
  const timeline = options.faults
    ? FAULT_TIMELINE.map(
        (f) =>
          `${activeNames.includes(f.name) ? '>' : ' '} ${f.name.padEnd(20)} ${Math.round(f.from * options.timelineSeconds)}-${Math.round(f.to * options.timelineSeconds)} s`,
      )
    : ['  faults off (--no-faults)'];
  const header = [
    `heterodyne-monitoring demo   t+${elapsed().toFixed(0)}s   ${runs} analyses   Ctrl-C stops`,
    ...links,
    '',
    'Fault timeline',
    ...timeline,
    '',
    options.serviceOnly
      ? 'Workload: none (--service-only)'
      : last === undefined
        ? ready
          ? 'Workload: first analysis running'
          : 'Workload: warming the evaluation cache'
        : `Workload: seed ${last.seed}, ${last.points} points; robust reduced chi² ${last.robust.reducedChiSquared.toFixed(2)}, ` +
          `model accuracy ${(100 * last.modelAccuracy).toFixed(1)}%, cache ${last.cache.hits}/${last.cache.hits + last.cache.misses} hits`,
    '',
    'Events',
    ...(events.length === 0 ? ['  none yet'] : events.slice(-6).map((e) => `  ${e}`)),
  ];
  const text = snapshot === undefined ? header.join('\n') : renderStatus(snapshot, header);
  if (plain) console.log(`----- status -----\n${text}\n------------------`);
  else process.stdout.write(`\x1b[2J\x1b[H${text}\n`);
}

if (options.serviceOnly) stopAfterDuration();
const loops = Promise.all([options.serviceOnly ? Promise.resolve() : workloadLoop(), statusLoop()]);
await stopped;
event('stopping: the workload finishes its analysis and flushes its telemetry');
await loops;
if (service !== undefined) {
  event('stopping the service');
  await service.shutdown();
}
console.log(`stopped cleanly after ${elapsed().toFixed(0)} s and ${runs} analyses`);
