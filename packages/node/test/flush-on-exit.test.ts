import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { CONFIG_WARNING_CODE } from '../src/config-warnings.js';
import { startHttpSink, type HttpSink } from './helpers/http-sink.js';

const PACKAGE = fileURLToPath(new URL('..', import.meta.url));
const DIST = fileURLToPath(new URL('../dist/index.js', import.meta.url));

let sink: HttpSink | undefined;
afterEach(async () => {
  await sink?.close();
  sink = undefined;
});

interface ChildRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a program that starts monitoring against `url`, records a span and a counter, and
 * returns without calling `shutdown()`: the event loop empties and the process ends.
 */
function runForgetfulProgram(
  url: string,
  extra = '',
  env: Record<string, string> = {},
): Promise<ChildRun> {
  if (!existsSync(DIST)) {
    throw new Error(`${DIST} is missing: build first (npm run build, or npm test which builds)`);
  }
  const script = `
    import { metrics, trace } from '@opentelemetry/api';
    const { startMonitoring } = await import(${JSON.stringify(pathToFileURL(DIST).href)});
    startMonitoring({
      serviceName: 'forgetful-analysis',
      endpoint: ${JSON.stringify(url)},
      resourceDetectors: [],
      memoryGauges: false,
      ${extra}
    });
    trace.getTracer('analysis').startSpan('fit').end();
    metrics.getMeter('analysis').createCounter('fits').add(1);
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    cwd: PACKAGE,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

const paths = (s: HttpSink): string[] => s.requests.map((r) => r.path).sort();

describe('a program that never calls shutdown()', () => {
  it('still exports its spans and metrics when the event loop empties', async () => {
    sink = await startHttpSink();
    const run = await runForgetfulProgram(sink.url);
    expect(run.code).toBe(0);
    expect(paths(sink)).toEqual(['/v1/metrics', '/v1/traces']);
    // The exports carry what the program recorded, not empty requests (OTLP/protobuf keeps
    // strings as plain bytes).
    const body = (path: string): string =>
      Buffer.concat(sink!.requests.filter((r) => r.path === path).map((r) => r.body)).toString(
        'latin1',
      );
    expect(body('/v1/traces')).toContain('forgetful-analysis');
    expect(body('/v1/traces')).toContain('\n\x08analysis');
    expect(body('/v1/traces')).toContain('\x03fit');
    expect(body('/v1/metrics')).toContain('\x04fits');
  });

  it('loses them with flushOnExit: false, as documented', async () => {
    sink = await startHttpSink();
    const run = await runForgetfulProgram(sink.url, 'flushOnExit: false,');
    expect(run.code).toBe(0);
    expect(sink.requests).toEqual([]);
  });
});

describe('configuration warnings', () => {
  it('reach stderr as a process warning when no diagnostic log level is configured', async () => {
    sink = await startHttpSink();
    const run = await runForgetfulProgram(sink.url, '', { OTEL_TRACES_EXPORTER: 'zipkin' });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`[${CONFIG_WARNING_CODE}]`);
    expect(run.stderr).toMatch(/OTEL_TRACES_EXPORTER=zipkin: unknown value/);
  });
});
