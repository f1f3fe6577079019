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

export {
  HeterodyneInstrumentation,
  INSTRUMENTATION_NAME,
  INSTRUMENTATION_VERSION,
} from './instrumentation/heterodyne-instrumentation.js';
export type {
  HeterodyneInstrumentationConfig,
  HeterodyneModuleDefinition,
} from './instrumentation/heterodyne-instrumentation.js';
