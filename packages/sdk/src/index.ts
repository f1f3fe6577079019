export {
  monitorOperation,
  withOperation,
  unwrapOperation,
  isMonitored,
} from './operation/monitor-operation.js';
export type { AnyFunction } from './operation/monitor-operation.js';
export { startOperation } from './operation/start-operation.js';
export type { OperationOptions, StartOperationOptions, OperationHandle } from './types.js';
export type { ScanLimits } from './numeric/scan-limits.js';
export { instrumentCache } from './cache/instrument-cache.js';
export type { CacheLike, InstrumentCacheOptions } from './cache/instrument-cache.js';
export { recordCacheAccess } from './cache/record-cache-access.js';
export { recordCompilation } from './compilation/record-compilation.js';
export { recordIterations } from './optimization/record-iterations.js';
export { withSecurityCheck } from './security/with-security-check.js';
export { registerMemoryGauges } from './memory/memory-gauges.js';
export { instrumentObject } from './auto/instrument-object.js';
export type { InstrumentObjectOptions, InstrumentedObject } from './auto/instrument-object.js';
export { monitored } from './auto/monitored.js';
export type { MonitoredOptions, MonitoredMethodDecorator } from './auto/monitored.js';
export { compareResults, comparisonAccuracy } from './accuracy/compare.js';
export type { ComparisonResult, Tolerance } from './accuracy/compare.js';
export { SCOPE_NAME, VERSION } from './version.js';
