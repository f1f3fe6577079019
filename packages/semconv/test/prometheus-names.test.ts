import {
  METRIC_CACHE_REQUESTS,
  METRIC_MEMORY_USAGE,
  METRIC_MEMORY_UTILIZATION,
  METRIC_OPERATION_DURATION,
  getMetricDefinition,
} from '@heterodyne/semconv';
import { describe, expect, it } from 'vitest';
import {
  prometheusMetricName,
  prometheusNameOf,
  sanitizeLabelName,
  sanitizeMetricName,
  unitSuffix,
} from '../src/prometheus-names.js';
import type { PrometheusKind } from '../src/prometheus-names.js';

describe('unitSuffix', () => {
  it.each<[string, PrometheusKind, string]>([
    ['s', 'histogram', 'seconds'],
    ['ms', 'gauge', 'milliseconds'],
    ['By', 'gauge', 'bytes'],
    ['MiBy', 'gauge', 'mebibytes'],
    ['1', 'gauge', 'ratio'],
    ['1', 'counter', ''],
    ['1', 'histogram', ''],
    ['{request}', 'counter', ''],
    ['{operation}/min', 'gauge', 'per_minute'],
    ['By/s', 'counter', 'bytes_per_second'],
    ['m/s', 'gauge', 'meters_per_second'],
    ['Cel', 'gauge', 'celsius'],
    ['K', 'gauge', 'kelvin'],
    ['K/s', 'gauge', 'kelvin_per_second'],
    ['%', 'gauge', 'percent'],
    ['By{compressed}', 'gauge', 'bytes'],
    ['widgets', 'gauge', 'widgets'],
    ['furlong.fortnight', 'gauge', 'furlong_fortnight'],
    ['', 'gauge', ''],
  ])('%j on a %s → %j', (unit, kind, suffix) => {
    expect(unitSuffix(unit, kind)).toBe(suffix);
  });
});

describe('sanitizeMetricName', () => {
  it.each([
    ['heterodyne.operation.duration', 'heterodyne_operation_duration'],
    ['http.server.request-size', 'http_server_request_size'],
    ['a..b', 'a_b'],
    ['2xx.count', '_2xx_count'],
    ['recording:rule', 'recording:rule'],
    ['ünïcode', '_n_code'],
    ['', '_'],
  ])('%j → %j', (name, expected) => {
    expect(sanitizeMetricName(name)).toBe(expected);
  });
});

describe('sanitizeLabelName', () => {
  it.each([
    ['heterodyne.operation.name', 'heterodyne_operation_name'],
    ['http.response.status_code', 'http_response_status_code'],
    ['a-b/c', 'a_b_c'],
    ['0day', 'key_0day'],
    ['x::y', 'x_y'],
    ['_private', '_private'],
    ['', ''],
  ])('%j → %j', (key, expected) => {
    expect(sanitizeLabelName(key)).toBe(expected);
  });
});

describe('prometheusMetricName', () => {
  it.each<[string, string, PrometheusKind, string]>([
    ['heterodyne.operation.duration', 's', 'histogram', 'heterodyne_operation_duration_seconds'],
    ['heterodyne.cache.requests', '{request}', 'counter', 'heterodyne_cache_requests_total'],
    [
      'heterodyne.process.memory.utilization',
      '1',
      'gauge',
      'heterodyne_process_memory_utilization_ratio',
    ],
    ['heterodyne.process.memory.usage', 'By', 'gauge', 'heterodyne_process_memory_usage_bytes'],
    ['requests_total', '{request}', 'counter', 'requests_total'],
    ['io.total', 'By', 'counter', 'io_bytes_total'],
    ['latency_seconds', 's', 'histogram', 'latency_seconds'],
    ['seconds.spent', 's', 'counter', 'seconds_spent_total'],
    ['net.io', 'By/s', 'gauge', 'net_io_bytes_per_second'],
    ['cpu.time', 's', 'counter', 'cpu_time_seconds_total'],
    ['queue.size', '{request}', 'gauge', 'queue_size'],
    ['hit_ratio', '1', 'gauge', 'hit_ratio'],
    ['total', '', 'counter', 'total'],
    ['2xx', '', 'counter', '_2xx_total'],
    ['rpc.duration', 's', 'summary', 'rpc_duration_seconds'],
    ['xpcs.sample.temperature', 'K', 'gauge', 'xpcs_sample_temperature_kelvin'],
    ['xpcs.sample.temperature_kelvin', 'K', 'gauge', 'xpcs_sample_temperature_kelvin'],
  ])('%s [%s] as %s → %s', (name, unit, kind, expected) => {
    expect(prometheusMetricName(name, unit, kind)).toBe(expected);
  });

  it('only sanitizes without suffixes', () => {
    expect(prometheusMetricName('heterodyne.cache.requests', '{request}', 'counter', false)).toBe(
      'heterodyne_cache_requests',
    );
    expect(prometheusMetricName('a.b', 's', 'histogram', false)).toBe('a_b');
  });

  it('names the conventions metrics as the Grafana dashboards expect', () => {
    const name = (metric: string, kind: PrometheusKind): string => {
      const definition = getMetricDefinition(metric);
      if (!definition) throw new Error(`${metric} is not in the registry`);
      return prometheusMetricName(definition.name, definition.unit, kind);
    };
    expect(name(METRIC_OPERATION_DURATION, 'histogram')).toBe(
      'heterodyne_operation_duration_seconds',
    );
    expect(name(METRIC_CACHE_REQUESTS, 'counter')).toBe('heterodyne_cache_requests_total');
    expect(name(METRIC_MEMORY_USAGE, 'gauge')).toBe('heterodyne_process_memory_usage_bytes');
    expect(name(METRIC_MEMORY_UTILIZATION, 'gauge')).toBe(
      'heterodyne_process_memory_utilization_ratio',
    );
  });
});

describe('prometheusNameOf', () => {
  it('names registry metrics as the exporters do', () => {
    const of = (name: string): string => {
      const definition = getMetricDefinition(name);
      if (definition === undefined) throw new Error(name);
      return prometheusNameOf(definition);
    };
    expect(of(METRIC_OPERATION_DURATION)).toBe('heterodyne_operation_duration_seconds');
    expect(of(METRIC_CACHE_REQUESTS)).toBe('heterodyne_cache_requests_total');
    expect(of(METRIC_MEMORY_USAGE)).toBe('heterodyne_process_memory_usage_bytes');
    expect(of(METRIC_MEMORY_UTILIZATION)).toBe('heterodyne_process_memory_utilization_ratio');
    // An up-down counter is a gauge: no `_total`.
    expect(
      prometheusNameOf({
        name: 'heterodyne.monitor.queue.size',
        unit: '{request}',
        instrument: 'updowncounter',
      }),
    ).toBe('heterodyne_monitor_queue_size');
  });
});
