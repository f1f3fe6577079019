/** Instrumentation scope name of the tracer and meter the SDK records with. */
export const SCOPE_NAME = '@heterodyne/sdk';

/** Version of `@heterodyne/sdk`, reported as the instrumentation scope version. */
export const VERSION = '0.1.0';
