import { metrics, trace } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { TelemetrySource } from '../../src/telemetry/telemetry-source.js';
import { createProviders, installTelemetry } from '../helpers/telemetry.js';
import type { TestTelemetry } from '../helpers/telemetry.js';

describe('TelemetrySource', () => {
  let telemetry: TestTelemetry | undefined;
  afterEach(async () => {
    await telemetry?.uninstall();
    telemetry = undefined;
  });

  it('resolves to nothing while no SDK is registered', () => {
    expect(new TelemetrySource().resolve()).toBeUndefined();
  });

  it('follows the global providers as they are registered and removed', async () => {
    const source = new TelemetrySource();
    expect(source.resolve()).toBeUndefined();
    telemetry = installTelemetry();
    const active = source.resolve();
    expect(active?.tracer).toBeDefined();
    expect(active?.instruments).toBeDefined();
    expect(source.resolve()).toBe(active);
    await telemetry.uninstall();
    telemetry = undefined;
    expect(source.resolve()).toBeUndefined();
  });

  it('keeps tracing and metrics independent', () => {
    const providers = createProviders();
    trace.setGlobalTracerProvider(providers.tracerProvider);
    try {
      const active = new TelemetrySource().resolve();
      expect(active?.tracer).toBeDefined();
      expect(active?.instruments).toBeUndefined();
    } finally {
      trace.disable();
    }
    metrics.setGlobalMeterProvider(providers.meterProvider);
    try {
      const active = new TelemetrySource().resolve();
      expect(active?.tracer).toBeUndefined();
      expect(active?.instruments).toBeDefined();
    } finally {
      metrics.disable();
    }
  });

  it('uses explicit providers regardless of the globals', () => {
    const providers = createProviders();
    const source = new TelemetrySource(providers.tracerProvider, providers.meterProvider);
    const span = source.resolve()?.tracer?.startSpan('explicit');
    span?.end();
    expect(providers.spans().map((s) => s.name)).toEqual(['explicit']);
  });

  it('shares one set of instruments per meter', () => {
    const providers = createProviders();
    const a = new TelemetrySource(undefined, providers.meterProvider).resolve();
    const b = new TelemetrySource(undefined, providers.meterProvider).resolve();
    expect(a?.instruments).toBe(b?.instruments);
  });
});
