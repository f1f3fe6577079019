export { startMonitoring } from './start-monitoring.js';
export { resolveMonitoringConfig } from './config.js';
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
