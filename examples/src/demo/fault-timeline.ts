/**
 * The scripted faults of the demo, on a timeline given as fractions of its length (120 s by
 * default), so that a shorter timeline compresses it without changing its order.
 */
import { HEALTHY } from '../analysis/workload.js';
import type { WorkloadFaults } from '../analysis/workload.js';

/** One scripted fault. */
export interface ScriptedFault {
  /** Short name, shown in the status view. */
  readonly name: string;
  /** What it does, in words. */
  readonly description: string;
  /** Start, as a fraction of the timeline. */
  readonly from: number;
  /** End, as a fraction of the timeline. */
  readonly to: number;
  /** The settings it changes while active. */
  readonly apply: Partial<WorkloadFaults>;
}

/** The faults, in order. */
export const FAULT_TIMELINE: readonly ScriptedFault[] = [
  {
    name: 'latency regression',
    description: 'every dataset read stalls 400 ms (a slow file system)',
    from: 0.2,
    to: 0.4,
    apply: { dataDelayMillis: 400 },
  },
  {
    name: 'loss of accuracy',
    description: 'the kernel runs with a 32-entry phase table instead of 4096',
    from: 0.4,
    to: 0.6,
    apply: { phaseTableSize: 32 },
  },
  {
    name: 'cache thrashing',
    description: 'the evaluation cache shrinks to 200 entries while lookups go on',
    from: 0.55,
    to: 0.8,
    apply: { cacheCapacity: 200 },
  },
  {
    name: 'memory climb',
    description: 'every run keeps 4 MiB it never releases',
    from: 0.6,
    to: 0.85,
    apply: { leakBytesPerRun: 4 * 1024 * 1024 },
  },
];

/** The faults active at `elapsedSeconds` into a timeline of `lengthSeconds`. */
export function activeFaults(
  elapsedSeconds: number,
  lengthSeconds: number,
  timeline: readonly ScriptedFault[] = FAULT_TIMELINE,
): ScriptedFault[] {
  const at = elapsedSeconds / lengthSeconds;
  return timeline.filter((f) => at >= f.from && at < f.to);
}

/** The workload settings with the given faults applied over the healthy ones. */
export function settingsWith(faults: readonly ScriptedFault[]): WorkloadFaults {
  return Object.assign({ ...HEALTHY }, ...faults.map((f) => f.apply)) as WorkloadFaults;
}
