import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AggregationTemporality } from '../../src/otlp/model.js';
import { scanFrames } from '../../src/wal/frame.js';
import { encodeEvictRecord, encodeIngestRecord } from '../../src/wal/wal-record.js';
import type { WalRecord } from '../../src/wal/wal-record.js';
import { replayWal } from '../../src/wal/wal-replay.js';
import { listSegments } from '../../src/wal/wal-segments.js';
import { createWalWriter } from '../../src/wal/wal-writer.js';
import { metric, metricsRequest, numberPoint } from '../series/builders.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wal-replay-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const request = (value: number) =>
  metricsRequest([
    metric('jobs.done', {
      type: 'sum',
      temporality: AggregationTemporality.CUMULATIVE,
      isMonotonic: true,
      points: [
        numberPoint(100 + value, value, {
          start: 50,
          attributes: { worker: String(value), ratio: value / 3 },
        }),
      ],
    }),
  ]);

async function logFive(): Promise<void> {
  const wal = createWalWriter({ dir });
  for (let i = 1; i <= 4; i++) {
    wal.append((seq) => encodeIngestRecord(seq, 1000 + i, 500, 'metrics', request(i)));
  }
  wal.append((seq) => encodeEvictRecord(seq, 2000));
  await wal.flushed();
  await wal.close();
}

const replayAll = async (covered = 0) => {
  const records: WalRecord[] = [];
  const result = await replayWal(dir, covered, (r) => records.push(r));
  return { result, records };
};

describe('write-ahead log replay', () => {
  it('hands back every record after the covered sequence number, in order and intact', async () => {
    await logFive();
    const { result, records } = await replayAll(2);
    expect(result).toMatchObject({ applied: 3, covered: 2, damaged: 0, lastSeq: 5 });
    expect(records.map((r) => [r.type, r.seq, r.nowMillis])).toEqual([
      ['ingest', 3, 1003],
      ['ingest', 4, 1004],
      ['evict', 5, 2000],
    ]);
    const third = records[0];
    expect(third?.type === 'ingest' && third.startTimeMillis).toBe(500);
    expect(third?.type === 'ingest' && third.request).toEqual(request(3));
  });

  it('skips a damaged record alone and counts it', async () => {
    await logFive();
    const [segment] = await listSegments(dir);
    const data = await readFile(segment?.path as string);
    const second = scanFrames(data).offsets[1] as number;
    data[second + 30] = (data[second + 30] as number) ^ 0x40;
    await writeFile(segment?.path as string, data);
    const { result, records } = await replayAll();
    expect(result.damaged).toBe(1);
    expect(records.map((r) => r.seq)).toEqual([1, 3, 4, 5]);
  });

  it('ignores a record cut short by a crash at the end of the log', async () => {
    await logFive();
    const [segment] = await listSegments(dir);
    await appendFile(segment?.path as string, Buffer.from([0x48, 0x44, 0x52, 0x31, 200, 0]));
    const { result, records } = await replayAll();
    expect(result).toMatchObject({ applied: 5, damaged: 0, tornTails: 1 });
    expect(records).toHaveLength(5);
  });
});
