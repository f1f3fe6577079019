/**
 * Fixed-size records of doubles carved out of large `Float64Array` chunks.
 *
 * Every series keeps its numeric state (normalisation state, ring buffer, rollup slots) in
 * one record. A typed array costs a few hundred bytes of bookkeeping in V8 besides its data,
 * so one array per series would add that to every series; records in shared chunks do not.
 * Freed records are reused; chunks are never returned (the store's memory stays at its
 * high-water mark, which `memoryBytes()` reports).
 */
export class Float64Slab {
  private readonly _chunks: Float64Array[] = [];
  private readonly _free: number[] = [];
  private _next = 0;
  private _live = 0;

  /**
   * @param recordDoubles doubles per record
   * @param chunkRecords records per chunk
   */
  constructor(
    readonly recordDoubles: number,
    readonly chunkRecords = 256,
  ) {}

  /** Allocates a zeroed record and returns its handle. */
  alloc(): number {
    this._live++;
    const reused = this._free.pop();
    if (reused !== undefined) {
      const { buf, base } = this.locate(reused);
      buf.fill(0, base, base + this.recordDoubles);
      return reused;
    }
    const handle = this._next++;
    if (handle / this.chunkRecords >= this._chunks.length) {
      this._chunks.push(new Float64Array(this.recordDoubles * this.chunkRecords));
    }
    return handle;
  }

  /** Returns a record to the slab. */
  free(handle: number): void {
    this._live--;
    this._free.push(handle);
  }

  /** The chunk holding `handle` and the record's first index in it. */
  locate(handle: number): { buf: Float64Array; base: number } {
    const chunk = Math.floor(handle / this.chunkRecords);
    const buf = this._chunks[chunk];
    if (!buf) throw new RangeError(`slab record ${handle} does not exist`);
    return { buf, base: (handle - chunk * this.chunkRecords) * this.recordDoubles };
  }

  /** Records in use. */
  get liveRecords(): number {
    return this._live;
  }

  /**
   * Bytes of record space allocated but not in use: the unused tail of the last chunk and
   * freed records. Part of {@link memoryBytes}.
   */
  unusedBytes(): number {
    return (this._chunks.length * this.chunkRecords - this._live) * this.recordDoubles * 8;
  }

  /** Bytes held by the chunks (used or not) and the free list. */
  memoryBytes(): number {
    return (
      this._chunks.length * (this.recordDoubles * this.chunkRecords * 8 + 200) +
      this._free.length * 8
    );
  }
}
