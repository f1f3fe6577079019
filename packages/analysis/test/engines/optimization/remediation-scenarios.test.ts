import { describe, expect, it } from 'vitest';
import { PerformanceAnalytics } from '../../../src/engines/analytics/performance-analytics.js';
import { BaselineManager } from '../../../src/engines/baselines/baseline-manager.js';
import { OptimizationEngine } from '../../../src/engines/optimization/optimization-engine.js';
import type { RemediationRequest } from '../../../src/engines/optimization/types.js';
import { parse } from '../../config/helpers.js';
import { useClockedEngines } from '../../helpers/clocked-engines.js';
import { InstrumentedApp } from './instrumented-app.js';

const T0 = 1_700_000_000_000;
const TICK = 10_000;
const ACTING = `optimization:
  evaluation_interval: 1m
  window: 10m
  auto_remediation_enabled: true
  dry_run: false
  canary_window: 10m
`;

describe('optimization scenarios on the injected clock', () => {
  const clocked = useClockedEngines({ startMillis: T0, tickMillis: TICK, ringCapacity: 400 });

  async function setUp(yaml: string): Promise<OptimizationEngine> {
    const engine = new OptimizationEngine({
      config: parse(yaml).optimization,
      store: clocked.store,
      now: clocked.now,
    });
    await clocked.start([engine]);
    return engine;
  }

  /** Runs the application for `minutes`, evaluating the engines on their boundaries. */
  async function run(app: InstrumentedApp, minutes: number, tick?: () => void): Promise<void> {
    await clocked.run(minutes, tick ?? (() => app.tick()));
  }

  it('grows a cache whose hit rate is under target, measures the improvement and keeps it', async () => {
    const engine = await setUp(ACTING);
    const app = new InstrumentedApp({ series: clocked.series, now: clocked.now, cacheSize: 8 });
    const calls: RemediationRequest[] = [];
    engine.registerRemediationCallback('cache_tune', (request) => {
      calls.push(request);
      const before = app.cacheSize;
      app.cacheSize = request.phase === 'apply' ? before * 5 : before / 5;
      return { cacheSizeBefore: before, cacheSizeAfter: app.cacheSize };
    });

    await run(app, 2);
    const [top] = engine.getTopOpportunities(1);
    expect(top).toMatchObject({
      template: 'cache_tuning',
      subject: 'correlation',
      category: 'algorithm',
    });
    expect(top!.confidence).toBeGreaterThan(0.99);
    expect(top!.evidence.values.hitRate).toBeLessThan(0.75);
    // Impact from the data: the share of misses reaching the target would avoid.
    const rate = top!.evidence.values.hitRate as number;
    expect(top!.impact.ratio).toBeCloseTo((0.85 - rate) / (1 - rate), 4);
    expect(calls.map((c) => c.phase)).toEqual(['apply']);
    expect(app.cacheSize).toBe(40);

    await run(app, 12);
    const [remediation] = await clocked.store.listRemediations();
    expect(remediation).toMatchObject({
      action: 'cache_tune',
      status: 'succeeded',
      rolledBack: false,
    });
    const verdict = remediation!.details.verdict as {
      reason: string;
      numbers: Record<string, number>;
    };
    expect(verdict.reason).toBe('improved');
    expect(verdict.numbers.latencyMedianAfterSeconds).toBeLessThan(
      verdict.numbers.latencyMedianBeforeSeconds! / 2,
    );
    expect(verdict.numbers.latencyPValue).toBeLessThan(0.05);
    expect(calls.map((c) => c.phase)).toEqual(['apply']);
    expect(app.cacheSize).toBe(40);
    expect((await clocked.store.getOpportunity('cache_tuning:correlation'))?.status).toBe(
      'applied',
    );

    const events = (
      await clocked.store.listRemediationAudit({ opportunityId: 'cache_tuning:correlation' })
    )
      .map((e) => e.event)
      .reverse();
    expect(events).toEqual(['decided', 'executed', 'kept']);
    // The window now holds only the larger cache's lookups: the opportunity is gone.
    await run(app, 11);
    expect(engine.getTopOpportunities()).toEqual([]);
    expect(clocked.runtime.findings.list({ engine: 'optimization' }).map((f) => f.state)).toEqual([
      'resolved',
      'firing',
    ]);
  });

  it('rolls back a change that costs accuracy, and the audit log says why', async () => {
    const engine = await setUp(ACTING);
    const app = new InstrumentedApp({ series: clocked.series, now: clocked.now, cacheSize: 8 });
    const phases: string[] = [];
    engine.registerRemediationCallback(
      'cache_tune',
      () => {
        phases.push('apply');
        app.coarseKeys = true;
      },
      (request) => {
        phases.push(`rollback:${request.reason}`);
        app.coarseKeys = false;
      },
    );
    await run(app, 14);
    expect(phases).toEqual(['apply', 'rollback:accuracy-loss']);
    expect(app.coarseKeys).toBe(false);
    const [remediation] = await clocked.store.listRemediations();
    expect(remediation).toMatchObject({ status: 'rolled-back', rolledBack: true });
    expect(remediation!.accuracyBefore! - remediation!.accuracyAfter!).toBeGreaterThan(0.01);

    const audit = await clocked.store.listRemediationAudit({
      opportunityId: 'cache_tuning:correlation',
    });
    const rolledBack = audit.find((e) => e.event === 'rolled_back')!;
    expect(rolledBack.reason).toBe('rolled back: accuracy-loss');
    expect(rolledBack.remediationId).toBe(remediation!.id);
    expect(rolledBack.numbers.accuracyLoss as number).toBeGreaterThan(0.01);
    expect(rolledBack.numbers.accuracyLossThreshold).toBe(0.01);
    expect(rolledBack.numbers.accuracyReferenceSource).toBe('before-window');
    expect((await clocked.store.getOpportunity('cache_tuning:correlation'))?.status).toBe(
      'rolled-back',
    );

    // Within the cooldown the same opportunity is only recommended, with the reason.
    await run(app, 5);
    expect(phases).toHaveLength(2);
    const latest = (
      await clocked.store.listRemediationAudit({
        opportunityId: 'cache_tuning:correlation',
        limit: 1,
      })
    )[0]!;
    expect(latest.event).toBe('recommended');
    expect(latest.reason).toMatch(/rolled back \d+ s ago/);
  });

  it('judges accuracy against the stored baseline once a baseline manager is attached', async () => {
    const engine = await setUp(ACTING);
    await clocked.store.upsertBaseline({
      key: 'heterodyne.accuracy.achieved{heterodyne.operation.name="correlation_model"}',
      metric: 'heterodyne.accuracy.achieved',
      method: 'mean',
      p50: 0.9995,
      p95: 0.9999,
      p99: 0.9999,
      mean: 0.9995,
      std: 0.0002,
      median: 0.9995,
      mad: 0.0001,
      ciLower: 0.9994,
      ciUpper: 0.9996,
      ciLevel: 0.95,
      sampleCount: 500,
      details: { location: 0.9995 },
    });
    engine.setBaselineManager(new BaselineManager({ store: clocked.store, now: clocked.now }));
    const app = new InstrumentedApp({ series: clocked.series, now: clocked.now, cacheSize: 8 });
    engine.registerRemediationCallback('cache_tune', (r) => {
      app.coarseKeys = r.phase === 'apply';
    });
    await run(app, 14);
    const rolledBack = (await clocked.store.listRemediationAudit()).find(
      (e) => e.event === 'rolled_back',
    )!;
    expect(rolledBack.numbers).toMatchObject({
      accuracyReference: 0.9995,
      accuracyReferenceSource: 'baseline',
    });
    expect(rolledBack.numbers.accuracyLoss as number).toBeGreaterThan(0.01);
  });

  it('finds memory growth in the analytics it was given', async () => {
    const engine = await setUp('optimization:\n  evaluation_interval: 1m\n  window: 10m\n');
    const analytics = new PerformanceAnalytics({ clock: clocked.now });
    engine.setAnalytics(analytics);
    const app = new InstrumentedApp({ series: clocked.series, now: clocked.now, cacheSize: 40 });
    let i = 0;
    await run(app, 10, () => {
      app.tick();
      analytics.addPerformanceData('heap_memory_bytes', 100e6 * (1 + 0.005 * i++));
    });
    expect(engine.getTopOpportunities().map((o) => [o.template, o.subject, o.category])).toEqual([
      ['memory_pooling', 'analytics:heap_memory_bytes', 'memory'],
    ]);
  });

  it('only recommends when the confidence is under auto_execution_threshold', async () => {
    const engine = await setUp(`${ACTING}  thresholds: { min_cache_lookups: 50 }\n`);
    const app = new InstrumentedApp({ series: clocked.series, now: clocked.now, cacheSize: 8 });
    let called = 0;
    engine.registerRemediationCallback('cache_tune', () => void called++);
    // One lookup per interval, four in five hit: a hit rate of 0.8 against 0.85, from few lookups.
    let i = 0;
    await run(app, 11, () => app.tick(1, () => i++ % 5 !== 0));
    const [top] = engine.getTopOpportunities();
    expect(top?.template).toBe('cache_tuning');
    expect(top!.confidence).toBeGreaterThan(0.5);
    expect(top!.confidence).toBeLessThan(0.9);
    expect(called).toBe(0);
    expect(await clocked.store.listRemediations()).toEqual([]);
    const [entry] = await clocked.store.listRemediationAudit({ opportunityId: top!.id });
    expect(entry!.event).toBe('recommended');
    expect(entry!.reason).toMatch(/^confidence 0\.\d{3} is below 0\.9$/);
    expect(entry!.numbers.autoExecutionThreshold).toBe(0.9);
    expect(entry!.numbers.confidence as number).toBeLessThan(0.9);
  });

  it('decides but never acts in dry-run mode, the default', async () => {
    const engine = await setUp(
      'optimization:\n  evaluation_interval: 1m\n  window: 10m\n  auto_remediation_enabled: true\n',
    );
    const app = new InstrumentedApp({ series: clocked.series, now: clocked.now, cacheSize: 8 });
    let called = 0;
    engine.registerRemediationCallback('cache_tune', () => void called++);
    await run(app, 5);
    expect(called).toBe(0);
    const audit = await clocked.store.listRemediationAudit();
    expect(audit.map((e) => e.event)).toEqual(['dry_run']);
    expect(audit[0]!.reason).toContain('dry_run is on: would run cache_tune');
  });

  it('looks for nothing while stopped, and resumes on start', async () => {
    const engine = await setUp('optimization:\n  evaluation_interval: 1m\n  window: 10m\n');
    const app = new InstrumentedApp({ series: clocked.series, now: clocked.now, cacheSize: 8 });
    engine.stop();
    await run(app, 3);
    expect(engine.getOptimizationStatus()).toMatchObject({ running: false, totalOpportunities: 0 });
    await engine.start();
    await run(app, 1);
    expect(engine.getTopOpportunities().map((o) => o.template)).toEqual(['cache_tuning']);
  });

  it('finds no opportunity in a steady, healthy workload', async () => {
    const engine = await setUp('optimization:\n  evaluation_interval: 1m\n  window: 10m\n');
    const app = new InstrumentedApp({
      series: clocked.series,
      now: clocked.now,
      cacheSize: 40,
      operations: ['chi_squared', 'correlation_model', 'robust_fit'],
    });
    await run(app, 60);
    expect(engine.getTopOpportunities()).toEqual([]);
    expect(clocked.runtime.findings.list({ engine: 'optimization' })).toEqual([]);
    expect(await clocked.store.listOpportunities()).toEqual([]);
    expect(engine.getOptimizationStatus()).toMatchObject({ running: true, totalOpportunities: 0 });
  });
});
