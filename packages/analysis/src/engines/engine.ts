/**
 * The contract between the engine runtime and the analysis engines. An engine is pure and
 * clock-injected: it reads the series through a read-only {@link SeriesView}, raises
 * {@link Finding}s through its context, and never touches receivers, the API or timers. The
 * scheduler (`scheduler.ts`) calls `evaluate(at)` at the engine's interval.
 */
import type { Finding } from './findings.js';
import type { SeriesView } from './series-view.js';

/** Default evaluation interval of an engine, in milliseconds. */
export const DEFAULT_ENGINE_INTERVAL_MILLIS = 15_000;

/** What an engine gets at each evaluation. */
export interface EngineContext {
  /** The series, read-only. */
  readonly series: SeriesView;
  /** Raise or resolve a finding; the runtime logs it, keeps it for GET /api/v1/findings. */
  emit(finding: Finding): void;
}

/** What an engine reports about itself, for `/api/v1/status`. */
export interface EngineReport {
  /** The engine's name. */
  name: string;
  /** False when the engine cannot do its job (say, its last evaluation threw). */
  healthy: boolean;
  /** Time of the last evaluation (its `atMillis`), ms since the epoch. */
  lastEvaluationMillis?: number;
  /** How long the last evaluation took, in seconds. */
  lastDurationSeconds?: number;
  /** Engine-specific, JSON-serialisable detail. */
  detail?: Readonly<Record<string, unknown>>;
}

/** An engine: pure and clock-injected; the scheduler calls evaluate(at) at its interval. */
export interface Engine {
  /** Unique among the engines of a service (`slo`, `anomaly`, ...). */
  readonly name: string;
  /**
   * Evaluation interval, in milliseconds.
   * @default 15000 (see {@link DEFAULT_ENGINE_INTERVAL_MILLIS})
   */
  readonly intervalMillis: number;
  /**
   * True when the engine persists which of its conditions fire and, after a restart, goes on
   * from there (resolving them when they end), as the SLO engine does. Only such an engine's
   * firing findings are restored as firing; an engine that starts afresh detects its
   * conditions again, and its earlier firings come back as history (nothing would resolve
   * them). @default false
   */
  readonly keepsFiringState?: boolean;
  /** Loads persisted state (e.g. SLO history) before the first evaluation. */
  start?(): Promise<void>;
  /** One evaluation at time `atMillis` (never overlapping itself; the scheduler ensures it). */
  evaluate(atMillis: number, context: EngineContext): Promise<void> | void;
  /** The engine's own view of its state. */
  report(): EngineReport;
  /** Persists state; called once at shutdown, after the last evaluation. */
  shutdown?(): Promise<void>;
}

/**
 * Where engines and the runtime write what they do. Structurally the service's logger, so
 * engines do not depend on the service.
 */
export interface EngineLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}
