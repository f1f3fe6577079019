/** Instrumentation scope of the service's own metrics. */
export const MONITOR_SCOPE_NAME = '@heterodyne/analysis';
/** Instrumentation scope of the derived metrics the engines register. */
export const DERIVED_SCOPE_NAME = '@heterodyne/analysis/derived';
