import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import type { AnalysisConfig } from '../../src/config/types.js';
import { createAnalysisService } from '../../src/service/analysis-service.js';
import { SERIES_CHECKPOINT_KEY, sqliteDurabilityDir } from '../../src/service/service-core.js';
import { createSeriesStore } from '../../src/series/series-store.js';
import { openStore } from '../../src/store/open-store.js';
import { listCheckpoints } from '../../src/wal/checkpoint-files.js';
import { loopbackServiceYaml, occupyLoopbackPort } from '../helpers/loopback.js';
import { recordingLogger } from '../helpers/recording-logger.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'analysis-service-'));
});
afterEach(async () => {
  vi.useRealTimers();
  await rm(dir, { recursive: true, force: true });
});

function config(db: string, apiPort = 0): AnalysisConfig {
  const text = loopbackServiceYaml(db, apiPort);
  const parsed = parseConfig(text, { file: 'service.yaml' });
  if (!parsed.ok) throw new Error(parsed.error.join('\n'));
  return parsed.value;
}

describe('analysis service lifecycle', () => {
  it('rejects status before start, and start after shutdown', async () => {
    const service = createAnalysisService(config(join(dir, 'a.db')));
    await expect(service.status()).rejects.toThrow('analysis service: not started');
    await service.shutdown();
    await expect(service.start()).rejects.toThrow('analysis service: already shut down');
  });

  it('names the server that cannot listen and releases what it opened', async () => {
    const blocker = await occupyLoopbackPort();
    const { port } = blocker;
    const db = join(dir, 'busy.db');
    const logger = recordingLogger();
    try {
      const service = createAnalysisService(config(db, port), { logger });
      await expect(service.start()).rejects.toThrow(
        new RegExp(`^api: cannot listen on 127\\.0\\.0\\.1:${port}: .*EADDRINUSE`),
      );
      await expect(service.start()).rejects.toThrow('start() was already called');
      await service.shutdown();
    } finally {
      blocker.release();
    }
    expect(logger.lines.some((l) => l.startsWith('info analysis service started'))).toBe(false);
    // The store was closed again: a new service opens the same file and starts.
    const again = createAnalysisService(config(db));
    await again.start();
    await again.shutdown();
  });

  it('names the Prometheus exporter endpoint that cannot listen and releases what it opened', async () => {
    const blocker = await occupyLoopbackPort();
    const { port } = blocker;
    const db = join(dir, 'busy-scrape.db');
    const yaml = [
      loopbackServiceYaml(db),
      'exporters:',
      `  prometheus: { endpoint: 127.0.0.1:${port} }`,
      'service:',
      '  pipelines:',
      '    metrics: { receivers: [otlp], processors: [queue, series], exporters: [prometheus] }',
      '',
    ].join('\n');
    const parsed = parseConfig(yaml, { file: 'service.yaml' });
    if (!parsed.ok) throw new Error(parsed.error.join('\n'));
    try {
      const service = createAnalysisService(parsed.value);
      await expect(service.start()).rejects.toThrow(
        new RegExp(`^exporter prometheus: cannot listen on 127\\.0\\.0\\.1:${port}: .*EADDRINUSE`),
      );
      await service.shutdown();
    } finally {
      blocker.release();
    }
    const again = createAnalysisService(config(db));
    await again.start();
    await again.shutdown();
  });

  it('checkpoints the series store periodically while running', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const db = join(dir, 'periodic.db');
    const service = createAnalysisService(config(db), { checkpointIntervalMillis: 5_000 });
    await service.start();
    try {
      expect(await listCheckpoints(sqliteDurabilityDir(db))).toEqual([]);
      vi.advanceTimersByTime(5_000);
      await vi.waitFor(async () => {
        expect((await listCheckpoints(sqliteDurabilityDir(db))).length).toBe(1);
      });
    } finally {
      await service.shutdown();
    }
  });

  it('restores a checkpoint of the single-value format kept in the store (upgrade)', async () => {
    const db = join(dir, 'upgrade.db');
    const old = createSeriesStore({ clock: { now: () => 1_700_000_000_000 } });
    const prefix = old.prefix({ 'service.name': 'before-upgrade' }, { name: 's', version: '' });
    old.writeNumber(
      old.metric(prefix, 'jobs.done', 'counter', '1'),
      1,
      {
        attributes: {},
        startTimeUnixNano: 1e18,
        timeUnixNano: 1e18 + 1e9,
        flags: 0,
        value: 4,
        isInt: false,
      },
      1_700_000_000_000,
    );
    const store = await openStore(`sqlite:${db}`, { now: () => 1_000 });
    const snapshot = old.snapshot();
    await store.putCheckpoint({
      key: SERIES_CHECKPOINT_KEY,
      version: snapshot.version,
      data: snapshot,
    });
    await store.close();

    const service = createAnalysisService(config(db), { clock: { now: () => 1_700_000_001_000 } });
    await service.start();
    expect((await service.status()).series.byMetric).toEqual({ 'jobs.done': 1 });
    await service.shutdown();
    // The next start reads the checkpoint file written at shutdown.
    expect((await listCheckpoints(sqliteDurabilityDir(db))).length).toBe(1);
    const again = createAnalysisService(config(db), { clock: { now: () => 1_700_000_002_000 } });
    await again.start();
    expect((await again.status()).series.byMetric).toEqual({ 'jobs.done': 1 });
    await again.shutdown();
  });

  it('keeps a checkpoint it cannot restore under another key and starts empty', async () => {
    const db = join(dir, 'corrupt.db');
    const store = await openStore(`sqlite:${db}`, { now: () => 1_000 });
    await store.putCheckpoint({
      key: SERIES_CHECKPOINT_KEY,
      version: 999,
      data: { what: 'future format' },
    });
    await store.close();
    const logger = recordingLogger();
    const service = createAnalysisService(config(db), {
      logger,
      clock: { now: () => 1_700_000_000_000 },
    });
    await service.start();
    expect((await service.status()).series.active).toBe(0);
    await service.shutdown();
    const warning = logger.lines.find((l) => l.startsWith('warn series checkpoint not restored'));
    expect(warning).toContain('checkpoint format version 999');
    const reopened = await openStore(`sqlite:${db}`);
    try {
      const kept = await reopened.getCheckpoint(
        `${SERIES_CHECKPOINT_KEY}.unrestored-1700000000000`,
      );
      expect(kept).toMatchObject({ version: 999, data: { what: 'future format' } });
      // Shutdown wrote a fresh checkpoint in the current format, beside the store.
      expect((await listCheckpoints(sqliteDurabilityDir(db))).length).toBe(1);
    } finally {
      await reopened.close();
    }
  });
});
