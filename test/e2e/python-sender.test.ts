/**
 * Any OpenTelemetry producer that records the `heterodyne.*` names is understood by the
 * analysis service: the standard-library Python sender of `examples/python/` exports a small
 * fit loop over OTLP/JSON into a running service, and the service stores what it recorded.
 */
import { execFile, execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  ATTR_CACHE_RESULT,
  METRIC_ACCURACY_CHECKS,
  METRIC_CACHE_REQUESTS,
  METRIC_OPERATION_DURATION,
} from '@heterodyne/semconv';
import { describe, expect, it } from 'vitest';
import { countOf, samplesOf, seriesOf, sumOf } from './helpers/api.js';
import { useCleanup } from './helpers/cleanup.js';
import { sqliteUrl, startTestService, tempDir } from './helpers/service.js';

const SCRIPT = fileURLToPath(new URL('../../examples/python/heterodyne_otlp.py', import.meta.url));
const SERVICE = 'xpcs-python-e2e';

function pythonAvailable(): boolean {
  try {
    execFileSync('python3', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const available = pythonAvailable();
if (!available) {
  if (process.env.CI === 'true') throw new Error('python3 is required in CI (python sender test)');
  console.warn('SKIPPED: the Python sender test needs python3 on PATH');
}

const cleanup = useCleanup();

describe('a Python producer without OpenTelemetry packages', () => {
  it.skipIf(!available)('exports heterodyne metrics the service stores as recorded', async () => {
    const { dir, remove } = await tempDir('e2e-python-');
    cleanup.push(remove);
    const t = await startTestService({ store: sqliteUrl(dir) });
    cleanup.push(t.stop);
    const { stdout } = await promisify(execFile)('python3', [SCRIPT], {
      env: {
        PATH: process.env.PATH ?? '',
        OTEL_EXPORTER_OTLP_ENDPOINT: t.addresses.otlpHttp,
        OTEL_SERVICE_NAME: SERVICE,
      },
      timeout: 30_000,
    });
    expect(JSON.parse(stdout)).toEqual({ exported: true, rejectedDataPoints: 0 });

    const api = t.addresses.api;
    const ofService = async (metric: string) =>
      (await seriesOf(api, metric)).filter((s) => s.resource['service.name'] === SERVICE);
    const durations = await ofService(METRIC_OPERATION_DURATION);
    expect(durations).toHaveLength(1);
    expect(countOf(await samplesOf(api, (durations[0] as { id: string }).id))).toBe(20);

    const lookups: Record<string, number> = {};
    for (const s of await ofService(METRIC_CACHE_REQUESTS)) {
      lookups[String(s.attributes[ATTR_CACHE_RESULT])] = sumOf(await samplesOf(api, s.id));
    }
    expect(lookups).toEqual({ hit: 16, miss: 4 });
    let checks = 0;
    for (const s of await ofService(METRIC_ACCURACY_CHECKS)) {
      checks += sumOf(await samplesOf(api, s.id));
    }
    expect(checks).toBe(20);
  });
});
