import type { MeterProvider } from '@opentelemetry/api';

/** PLACEHOLDER until @heterodyne/sdk exports registerMemoryGauges. */
export function registerMemoryGaugesFor(_meterProvider: MeterProvider): (() => void) | undefined {
  return undefined;
}
