/**
 * Attribute names of the `heterodyne.*` semantic conventions.
 *
 * Names follow the OpenTelemetry naming rules: lowercase, dot-namespaced, snake_case inside a
 * segment. See https://opentelemetry.io/docs/specs/semconv/general/naming/
 */

/** The logical operation being measured, e.g. `chi_squared_calculation`. Type: string. */
export const ATTR_OPERATION_NAME = 'heterodyne.operation.name';

/** The accuracy the caller requires, in [0, 1], e.g. `0.999`. Type: double. */
export const ATTR_ACCURACY_EXPECTED = 'heterodyne.accuracy.expected';
/** The accuracy that was measured for this call, in [0, 1]. Type: double. */
export const ATTR_ACCURACY_ACHIEVED = 'heterodyne.accuracy.achieved';
/** Relative tolerance used when comparing against a reference implementation. Type: double. */
export const ATTR_ACCURACY_TOLERANCE = 'heterodyne.accuracy.tolerance';
/** Whether the achieved accuracy met the expected accuracy. Type: boolean. */
export const ATTR_ACCURACY_PRESERVED = 'heterodyne.accuracy.preserved';
/** How the accuracy was obtained: `reference`, `measure` or `validate`. Type: string. */
export const ATTR_ACCURACY_METHOD = 'heterodyne.accuracy.method';

/** Number of NaN or infinite values found in the numeric result. Type: int. */
export const ATTR_NUMERICAL_NON_FINITE_COUNT = 'heterodyne.numerical.non_finite_count';

/** Whether the operation ran compiled (JIT/WASM/native) code. Type: boolean. */
export const ATTR_JIT_COMPILED = 'heterodyne.jit.compiled';
/** Whether this call was a cold start (first call, paying compilation cost). Type: boolean. */
export const ATTR_JIT_COLD_START = 'heterodyne.jit.cold_start';
/** Seconds attributed to compilation for this call. Type: double. */
export const ATTR_JIT_COMPILE_DURATION = 'heterodyne.jit.compile_duration';

/** The cache's name, e.g. `correlation_model`. Type: string. */
export const ATTR_CACHE_NAME = 'heterodyne.cache.name';
/** The result of a cache lookup: `hit` or `miss`. Type: string. */
export const ATTR_CACHE_RESULT = 'heterodyne.cache.result';

/** The security check's name, e.g. `input_validation`. Type: string. */
export const ATTR_SECURITY_CHECK_NAME = 'heterodyne.security.check.name';

/** Optimization method, e.g. `nelder-mead`, `wasserstein`, `scenario`, `ellipsoidal`. Type: string. */
export const ATTR_OPTIMIZATION_METHOD = 'heterodyne.optimization.method';

/** Number of data points in the analysed dataset. Type: int. */
export const ATTR_DATASET_POINTS = 'heterodyne.dataset.points';
/** Number of scattering angles in the analysed dataset. Type: int. */
export const ATTR_DATASET_ANGLES = 'heterodyne.dataset.angles';

/** Kind of memory a memory measurement refers to: `heap_used`, `heap_limit` or `rss`. */
export const ATTR_MEMORY_TYPE = 'heterodyne.memory.type';

/**
 * The class of error an operation ended with (OTel's stable `error.type`): the exception's
 * name, or `_OTHER`. Present only on failures.
 */
export const ATTR_ERROR_TYPE = 'error.type';

/** Values of {@link ATTR_CACHE_RESULT}. */
export const CACHE_RESULT_VALUES = { HIT: 'hit', MISS: 'miss' } as const;
/** Values of {@link ATTR_ACCURACY_METHOD}. */
export const ACCURACY_METHOD_VALUES = {
  REFERENCE: 'reference',
  MEASURE: 'measure',
  VALIDATE: 'validate',
} as const;
/** Values of {@link ATTR_MEMORY_TYPE}. */
export const MEMORY_TYPE_VALUES = {
  HEAP_USED: 'heap_used',
  HEAP_LIMIT: 'heap_limit',
  RSS: 'rss',
} as const;
/** Well-known values of {@link ATTR_OPTIMIZATION_METHOD}. */
export const OPTIMIZATION_METHOD_VALUES = {
  NELDER_MEAD: 'nelder-mead',
  WASSERSTEIN: 'wasserstein',
  SCENARIO: 'scenario',
  ELLIPSOIDAL: 'ellipsoidal',
} as const;

/** The value type an attribute carries. */
export type AttributeType = 'string' | 'int' | 'double' | 'boolean';

/** One attribute of the registry. */
export interface AttributeDefinition {
  /** The attribute key. */
  readonly name: string;
  /** The value type. */
  readonly type: AttributeType;
  /** What the attribute means. */
  readonly description: string;
  /** Allowed or well-known values, when the attribute is an enumeration. */
  readonly values?: readonly string[];
  /** An example value. */
  readonly example: string | number | boolean;
}

/** Every attribute of the conventions, in documentation order. */
export const ATTRIBUTES: readonly AttributeDefinition[] = [
  {
    name: ATTR_OPERATION_NAME,
    type: 'string',
    description: 'The logical operation being measured.',
    example: 'chi_squared_calculation',
  },
  {
    name: ATTR_ACCURACY_EXPECTED,
    type: 'double',
    description: 'The accuracy the caller requires, in [0, 1].',
    example: 0.999,
  },
  {
    name: ATTR_ACCURACY_ACHIEVED,
    type: 'double',
    description: 'The accuracy measured for this call, in [0, 1].',
    example: 0.99993,
  },
  {
    name: ATTR_ACCURACY_TOLERANCE,
    type: 'double',
    description: 'Relative tolerance used when comparing against a reference implementation.',
    example: 1e-9,
  },
  {
    name: ATTR_ACCURACY_PRESERVED,
    type: 'boolean',
    description: 'Whether the achieved accuracy met the expected accuracy.',
    example: true,
  },
  {
    name: ATTR_ACCURACY_METHOD,
    type: 'string',
    description: 'How accuracy was obtained for this call.',
    values: Object.values(ACCURACY_METHOD_VALUES),
    example: 'reference',
  },
  {
    name: ATTR_NUMERICAL_NON_FINITE_COUNT,
    type: 'int',
    description: 'Number of NaN or infinite values found in the numeric result.',
    example: 0,
  },
  {
    name: ATTR_JIT_COMPILED,
    type: 'boolean',
    description: 'Whether the operation ran compiled (JIT, WASM or native) code.',
    example: true,
  },
  {
    name: ATTR_JIT_COLD_START,
    type: 'boolean',
    description: 'Whether this call was a cold start that paid compilation cost.',
    example: false,
  },
  {
    name: ATTR_JIT_COMPILE_DURATION,
    type: 'double',
    description: 'Seconds attributed to compilation for this call.',
    example: 0.42,
  },
  {
    name: ATTR_CACHE_NAME,
    type: 'string',
    description: 'The name of the cache.',
    example: 'correlation_model',
  },
  {
    name: ATTR_CACHE_RESULT,
    type: 'string',
    description: 'Result of a cache lookup.',
    values: Object.values(CACHE_RESULT_VALUES),
    example: 'hit',
  },
  {
    name: ATTR_SECURITY_CHECK_NAME,
    type: 'string',
    description: 'The name of the security check.',
    example: 'input_validation',
  },
  {
    name: ATTR_OPTIMIZATION_METHOD,
    type: 'string',
    description: 'Optimization method used by a fit.',
    values: Object.values(OPTIMIZATION_METHOD_VALUES),
    example: 'nelder-mead',
  },
  {
    name: ATTR_DATASET_POINTS,
    type: 'int',
    description: 'Number of data points in the analysed dataset.',
    example: 250000,
  },
  {
    name: ATTR_DATASET_ANGLES,
    type: 'int',
    description: 'Number of scattering angles in the analysed dataset.',
    example: 12,
  },
  {
    name: ATTR_MEMORY_TYPE,
    type: 'string',
    description: 'Kind of memory a memory measurement refers to.',
    values: Object.values(MEMORY_TYPE_VALUES),
    example: 'heap_used',
  },
  {
    name: ATTR_ERROR_TYPE,
    type: 'string',
    description: "The class of error an operation ended with (OTel's stable `error.type`).",
    example: 'RangeError',
  },
];
