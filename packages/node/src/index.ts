export { startMonitoring } from './start-monitoring.js';
export { resolveMonitoringConfig } from './config.js';
export { createHeterodyneViews } from './views.js';
export { DEFAULT_RESOURCE_DETECTORS } from './resource.js';
export type { Environment } from './env.js';
export type {
  ExporterKind,
  MetricSignalConfig,
  MetricSignalOptions,
  Monitoring,
  MonitoringConfig,
  OtlpProtocol,
  SignalConfig,
  SignalOptions,
  StartMonitoringOptions,
  TemporalityPreference,
} from './types.js';

// --- auto-instrumentation ---------------------------------------------------------------
// Reserved for the HeterodyneInstrumentation class of ./instrumentation/ (an
// InstrumentationBase subclass), e.g.:
//   export { HeterodyneInstrumentation } from './instrumentation/<file>.js';
// Pass an instance to startMonitoring({ instrumentations: [...] }).
