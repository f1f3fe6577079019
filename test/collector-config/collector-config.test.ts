/**
 * The Collector configurations in `collector-config/`: every pipeline names components that
 * are defined, exporters use the Collector's current type names (not the deprecated aliases),
 * and the scale-out tier routes metrics and traces by service, so each SLO group meets in one
 * analysis replica. (No Collector binary is installed here; these are the checks its config
 * validation would make on names and references.)
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

type Section = Record<string, Record<string, unknown> | null>;
interface CollectorConfig {
  receivers: Section;
  processors?: Section;
  exporters: Section;
  service: {
    pipelines: Record<string, { receivers: string[]; processors?: string[]; exporters: string[] }>;
  };
}

function load(name: string): CollectorConfig {
  const url = new URL(`../../collector-config/${name}`, import.meta.url);
  return parse(readFileSync(fileURLToPath(url), 'utf8')) as CollectorConfig;
}

/** The type of a component id (`load_balancing/metrics` → `load_balancing`). */
const typeOf = (id: string): string => id.split('/')[0] as string;

/** Deprecated exporter type names and their current names. */
const DEPRECATED_EXPORTERS: Record<string, string> = {
  loadbalancing: 'load_balancing',
  otlp: 'otlp_grpc',
  otlphttp: 'otlp_http',
};

describe.each(['single-node.yaml', 'scale-out.yaml'])('%s', (file) => {
  const config = load(file);

  it('defines every component its pipelines use', () => {
    for (const [name, pipeline] of Object.entries(config.service.pipelines)) {
      for (const id of pipeline.receivers)
        expect(config.receivers, `${name}: ${id}`).toHaveProperty([id]);
      for (const id of pipeline.processors ?? []) {
        expect(config.processors ?? {}, `${name}: ${id}`).toHaveProperty([id]);
      }
      for (const id of pipeline.exporters)
        expect(config.exporters, `${name}: ${id}`).toHaveProperty([id]);
    }
  });

  it('uses the current exporter names, not the deprecated aliases', () => {
    for (const id of Object.keys(config.exporters)) {
      const replacement = DEPRECATED_EXPORTERS[typeOf(id)];
      expect(
        replacement,
        `${file}: exporter ${id} is deprecated; use ${replacement}`,
      ).toBeUndefined();
    }
  });
});

describe('scale-out.yaml', () => {
  it('routes metrics and traces by service to every replica', () => {
    const config = load('scale-out.yaml');
    for (const signal of ['metrics', 'traces']) {
      const exporters = config.service.pipelines[signal]?.exporters ?? [];
      expect(exporters.map(typeOf), signal).toEqual(['load_balancing']);
      const exporter = config.exporters[exporters[0] as string] as {
        routing_key: string;
        protocol: { otlp: unknown };
        resolver: { dns?: { hostname: string; port: number } };
      };
      expect(exporter.routing_key, signal).toBe('service');
      expect(exporter.protocol.otlp, signal).toBeDefined();
      expect(exporter.resolver.dns?.port, signal).toBe(4317);
    }
  });
});
