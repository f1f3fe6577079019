/**
 * The layout of a series' slab record (see `slab.ts`): a header of normalisation and
 * bookkeeping state, the ring buffer, then each rollup tier as `[epoch + 1, slots...]` with
 * `count, sum` (counters) or `count, sum, min, max` (other kinds) per slot.
 *
 * Header doubles live in the record rather than as object fields because V8 boxes double
 * fields of objects (a heap number each), while the record stores them inline.
 */
import type { SeriesStoreConfig } from './config.js';
import { ringDoubles } from './ring-buffer.js';
import { Float64Slab } from './slab.js';
import type { RollupTierOptions, SeriesKind } from './types.js';

/** Time of the last accepted point, ns (0: none yet). */
export const H_LAST_TIME = 0;
/** Start time of the current cumulative run, ns. */
export const H_REF_START = 1;
/** Last cumulative value (counter), count (histogram kinds) or level (up-down counter). */
export const H_REF_A = 2;
/** Last cumulative sum (histogram kinds and summaries). */
export const H_REF_B = 3;
/** 1 when a cumulative reference is held. */
export const H_HAS_REF = 4;
/** Arrival time of the last accepted point, ms. */
export const H_LAST_SEEN = 5;
/** Arrival time of the first accepted point, ms. */
export const H_FIRST_SEEN = 6;
/** Aggregation temporality of the last point (0 gauge/unspecified, 1 delta, 2 cumulative). */
export const H_TEMPORALITY = 7;
/** Running total since creation: counter increase, or observation count (histogram kinds, summaries). */
export const H_TOTAL_A = 8;
/** Running total since creation of observed sums (histogram kinds, summaries). */
export const H_TOTAL_B = 9;
/** Points accepted. */
export const H_POINTS = 10;
/** Estimated bytes of the series' attributes object, computed once at creation. */
export const H_ATTRIBUTE_BYTES = 11;
/** Header size in doubles. */
export const HEADER_DOUBLES = 12;

/** Numeric kind codes, used to index per-kind arrays. */
export const KIND_CODES: Readonly<Record<SeriesKind, number>> = {
  gauge: 0,
  counter: 1,
  updowncounter: 2,
  histogram: 3,
  exponential_histogram: 4,
  summary: 5,
};

/** Kinds whose samples carry a count and a sum (three ring columns). */
export function isDistribution(kind: SeriesKind): boolean {
  return kind === 'histogram' || kind === 'exponential_histogram' || kind === 'summary';
}

/** Where things are in a record of one kind, and the slab holding such records. */
export interface SeriesLayout {
  readonly kind: SeriesKind;
  readonly distribution: boolean;
  /** Ring columns including time: 2 or 3. */
  readonly columns: number;
  readonly ringCapacity: number;
  /** Start of the ring in the record. */
  readonly ringBase: number;
  /** Doubles per rollup slot: 2 (count, sum) or 4 (count, sum, min, max). */
  readonly aggFields: number;
  readonly tiers: readonly RollupTierOptions[];
  /** Tier periods in ms. */
  readonly periodMillis: readonly number[];
  /** Start of each tier (its epoch double) in the record. */
  readonly tierBase: readonly number[];
  /** First global sketch slot of each tier. */
  readonly sketchSlotBase: readonly number[];
  /** Sketch slots over all tiers. */
  readonly totalSlots: number;
  /** Whether the kind feeds sketches. */
  readonly sketch: boolean;
  readonly recordDoubles: number;
  readonly slab: Float64Slab;
  /** Per-tier slot index of the latest write (scratch for the write path). */
  readonly currentSlot: Int32Array;
}

/** Builds the layout of `kind` under `config`. */
export function createLayout(kind: SeriesKind, config: SeriesStoreConfig): SeriesLayout {
  const distribution = isDistribution(kind);
  const columns = distribution ? 3 : 2;
  const aggFields = kind === 'counter' ? 2 : 4;
  const ringBase = HEADER_DOUBLES;
  let offset = ringBase + ringDoubles(config.ringCapacity, columns);
  const tierBase: number[] = [];
  const sketchSlotBase: number[] = [];
  let slots = 0;
  for (const tier of config.rollups) {
    tierBase.push(offset);
    offset += 1 + tier.slots * aggFields;
    sketchSlotBase.push(slots);
    slots += tier.slots;
  }
  return {
    kind,
    distribution,
    columns,
    ringCapacity: config.ringCapacity,
    ringBase,
    aggFields,
    tiers: config.rollups,
    periodMillis: config.rollups.map((t) => t.periodSeconds * 1000),
    tierBase,
    sketchSlotBase,
    totalSlots: slots,
    sketch: config.sketchKinds.has(kind),
    recordDoubles: offset,
    slab: new Float64Slab(offset),
    currentSlot: new Int32Array(config.rollups.length),
  };
}
