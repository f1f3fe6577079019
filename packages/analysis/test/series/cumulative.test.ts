import { describe, expect, it } from 'vitest';
import { AggregationTemporality, FLAG_NO_RECORDED_VALUE } from '../../src/otlp/model.js';
import { createSeriesStore } from '../../src/series/series-store.js';
import type { SeriesKind, SeriesStoreOptions } from '../../src/series/types.js';
import { WRITE_RESET, WriteOutcome } from '../../src/series/write-outcome.js';
import { manualClock, ms, numberPoint } from './builders.js';

const { STORED, REFERENCE, DUPLICATE, OUT_OF_ORDER, STALE_MARKER } = WriteOutcome;
const RESET = WRITE_RESET;

/** [time s, value, start s (null = none), flags?] */
type Step = [number, number, number | null, number?];

interface Case {
  name: string;
  options?: SeriesStoreOptions;
  kind?: SeriesKind;
  temporality?: number;
  steps: Step[];
  outcomes: number[];
  /** Stored sample values, oldest first. */
  values: number[];
}

// The store starts at T0 + 100 s (startTimeMillis) unless a case says otherwise.
const cases: Case[] = [
  {
    name: 'producer older than the store: the first point is only a reference; duplicates and out-of-order points are dropped',
    steps: [
      [110, 10, 0],
      [120, 15, 0],
      [130, 15, 0],
      [130, 16, 0],
      [125, 14, 0],
      [140, 3, 0],
      [150, 7, 0],
    ],
    // The decrease at 140 keeps the start time (0 s < last point): a reference, not a delta.
    outcomes: [REFERENCE, STORED, STORED, DUPLICATE, OUT_OF_ORDER, REFERENCE | RESET, STORED],
    values: [5, 0, 4],
  },
  {
    name: 'stream started after the store: its first value is a delta',
    steps: [
      [110, 10, 105],
      [120, 12, 105],
    ],
    outcomes: [STORED, STORED],
    values: [10, 2],
  },
  {
    name: 'restart with a start time after the last point: the whole new value counts',
    steps: [
      [110, 10, 0],
      [120, 20, 0],
      [130, 4, 125],
      [140, 6, 125],
    ],
    outcomes: [REFERENCE, STORED, STORED | RESET, STORED],
    values: [10, 4, 2],
  },
  {
    name: 'start time moving backwards (two producers, one identity): reference only',
    steps: [
      [110, 10, 0],
      [120, 20, 0],
      [130, 30, -50],
      [140, 35, -50],
    ],
    outcomes: [REFERENCE, STORED, REFERENCE | RESET, STORED],
    values: [10, 5],
  },
  {
    name: 'no start times: a decrease is a restart from zero (Prometheus increase())',
    steps: [
      [110, 10, null],
      [120, 25, null],
      [130, 5, null],
      [140, 9, null],
    ],
    outcomes: [REFERENCE, STORED, STORED | RESET, STORED],
    values: [15, 5, 4],
  },
  {
    name: 'initialValue keep: the first point always counts',
    options: { initialValue: 'keep' },
    steps: [
      [110, 10, 0],
      [120, 12, 0],
    ],
    outcomes: [STORED, STORED],
    values: [10, 2],
  },
  {
    name: 'initialValue drop: the first point never counts',
    options: { initialValue: 'drop' },
    steps: [
      [110, 10, 105],
      [120, 12, 105],
    ],
    outcomes: [REFERENCE, STORED],
    values: [2],
  },
  {
    name: 'a no-recorded-value point drops the reference; the next run starts over',
    steps: [
      [110, 10, 0],
      [120, 20, 0],
      [130, 0, 0, FLAG_NO_RECORDED_VALUE],
      [140, 25, 0],
      [150, 30, 0],
      [160, 0, 0, FLAG_NO_RECORDED_VALUE],
      [170, 3, 165],
    ],
    outcomes: [REFERENCE, STORED, STALE_MARKER, REFERENCE, STORED, STALE_MARKER, STORED],
    values: [10, 5, 3],
  },
  {
    name: 'delta counter: values as they come',
    temporality: AggregationTemporality.DELTA,
    steps: [
      [110, 1, 100],
      [120, 2, 110],
      [120, 2, 110],
      [130, 3, 120],
    ],
    outcomes: [STORED, STORED, DUPLICATE, STORED],
    values: [1, 2, 3],
  },
  {
    name: 'up-down counter, delta: the running level',
    kind: 'updowncounter',
    temporality: AggregationTemporality.DELTA,
    steps: [
      [110, 5, 100],
      [120, -2, 110],
      [130, 3, 120],
    ],
    outcomes: [STORED, STORED, STORED],
    values: [5, 3, 6],
  },
  {
    name: 'up-down counter, cumulative: levels as is, decreases are not resets',
    kind: 'updowncounter',
    steps: [
      [110, 5, 0],
      [120, 2, 0],
    ],
    outcomes: [STORED, STORED],
    values: [5, 2],
  },
  {
    name: 'gauge: values as is',
    kind: 'gauge',
    temporality: AggregationTemporality.UNSPECIFIED,
    steps: [
      [110, 0.5, null],
      [100, 0.7, null],
      [120, 0.25, null],
    ],
    outcomes: [STORED, OUT_OF_ORDER, STORED],
    values: [0.5, 0.25],
  },
];

describe('cumulative to delta', () => {
  it.each(cases)('$name', (c) => {
    const clock = manualClock(100);
    const store = createSeriesStore({ clock, startTimeMillis: ms(100), ...c.options });
    const prefix = store.prefix({ 'service.name': 'svc' }, { name: 's', version: '' });
    const handle = store.metric(prefix, 'requests', c.kind ?? 'counter', '1');
    const temporality = c.temporality ?? AggregationTemporality.CUMULATIVE;
    const outcomes = c.steps.map(([time, value, start, flags]) => {
      clock.set(time);
      return store.writeNumber(
        handle,
        temporality,
        numberPoint(time, value, { start, flags }),
        clock.now(),
      );
    });
    expect(outcomes).toEqual(c.outcomes);
    const [info] = store.listSeries();
    expect(store.recentSamples(info!.id, 100)?.map((s) => s.value)).toEqual(c.values);
  });

  it('marks a stream stale on a no-recorded-value point and active again on the next point', () => {
    const clock = manualClock(0);
    const store = createSeriesStore({ clock });
    const handle = store.metric(store.prefix({}, { name: 's', version: '' }), 'g', 'gauge', '1');
    store.writeNumber(handle, 0, numberPoint(10, 1), clock.now());
    store.writeNumber(
      handle,
      0,
      numberPoint(20, 0, { flags: FLAG_NO_RECORDED_VALUE }),
      clock.now(),
    );
    expect(store.listSeries()[0]?.stale).toBe(true);
    store.writeNumber(handle, 0, numberPoint(30, 2), clock.now());
    expect(store.listSeries()[0]?.stale).toBe(false);
    expect(store.recentSamples(store.listSeries()[0]!.id, 10)?.map((s) => s.timeMillis)).toEqual([
      ms(10),
      ms(30),
    ]);
  });

  it('drops the reference when a stream switches temporality', () => {
    const clock = manualClock(100);
    const store = createSeriesStore({ clock, startTimeMillis: ms(100) });
    const handle = store.metric(store.prefix({}, { name: 's', version: '' }), 'c', 'counter', '1');
    const { CUMULATIVE, DELTA } = AggregationTemporality;
    expect(store.writeNumber(handle, CUMULATIVE, numberPoint(110, 10, { start: 0 }), 0)).toBe(
      REFERENCE,
    );
    expect(store.writeNumber(handle, DELTA, numberPoint(120, 3, { start: 110 }), 0)).toBe(STORED);
    // Back to cumulative: 20 is a new run's first point, not 20 - 10.
    expect(store.writeNumber(handle, CUMULATIVE, numberPoint(130, 20, { start: 0 }), 0)).toBe(
      REFERENCE,
    );
    expect(store.recentSamples(store.listSeries()[0]!.id, 10)?.map((s) => s.value)).toEqual([3]);
  });
});
