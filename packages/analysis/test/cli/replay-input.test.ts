import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readReplayFile, signalFromName } from '../../src/cli/replay-input.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'replay-input-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, content: string | Uint8Array): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

const metricsDoc = JSON.stringify({ resourceMetrics: [] });
const spansDoc = JSON.stringify({ resource_spans: [] });

describe('reading recorded OTLP files', () => {
  it('reads a pretty-printed JSON document as one request with the signal from its key', async () => {
    const path = await file('recording.json', JSON.stringify({ resourceMetrics: [] }, null, 2));
    const r = await readReplayFile(path);
    expect(r).toMatchObject({
      ok: true,
      value: [{ where: path, signal: 'metrics', encoding: 'json' }],
    });
  });

  it('reads JSON lines as one request per non-empty line, each with its own signal', async () => {
    const path = await file('mixed.jsonl', `${metricsDoc}\n\n${spansDoc}\n`);
    const r = await readReplayFile(path);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.map((u) => [u.where, u.signal, Buffer.from(u.bytes).toString()])).toEqual([
      [`${path}:1`, 'metrics', metricsDoc],
      [`${path}:3`, 'traces', spansDoc],
    ]);
  });

  it('keeps an undecodable JSON line as a request (the decoder names the error) when the name hints the signal', async () => {
    const path = await file('logs.ndjson', `${JSON.stringify({ resourceLogs: [] })}\n{not json\n`);
    const r = await readReplayFile(path);
    expect(r.ok && r.value.map((u) => [u.where, u.signal])).toEqual([
      [`${path}:1`, 'logs'],
      [`${path}:2`, 'logs'],
    ]);
  });

  it('reads a protobuf file as one request with the signal from the name or the flag', async () => {
    const bytes = new Uint8Array([0x0a, 0x00]);
    const named = await file('node-metrics-0001.pb', bytes);
    const read = await readReplayFile(named);
    expect(read).toMatchObject({ ok: true, value: [{ signal: 'metrics', encoding: 'protobuf' }] });
    expect(read.ok && [...(read.value[0]?.bytes ?? [])]).toEqual([...bytes]);
    const unnamed = await file('capture.bin', bytes);
    const missing = await readReplayFile(unnamed);
    expect(missing).toEqual({
      ok: false,
      error: `${unnamed}: cannot tell the signal of a protobuf file: pass --signal metrics|traces|logs, or put metrics, traces or logs in the file name`,
    });
    expect(await readReplayFile(unnamed, { signal: 'traces' })).toMatchObject({
      ok: true,
      value: [{ signal: 'traces' }],
    });
  });

  it('sniffs the encoding of files without a known extension', async () => {
    const json = await file('capture-metrics', `  ${metricsDoc}`);
    const proto = await file('capture-metrics.dat', new Uint8Array([0x0a, 0x02, 0x0a, 0x00]));
    expect(await readReplayFile(json)).toMatchObject({ ok: true, value: [{ encoding: 'json' }] });
    expect(await readReplayFile(proto)).toMatchObject({
      ok: true,
      value: [{ encoding: 'protobuf' }],
    });
  });

  it('decompresses .gz files and refuses one that inflates past the limit', async () => {
    const path = await file('metrics.json.gz', gzipSync(metricsDoc));
    expect(await readReplayFile(path)).toMatchObject({
      ok: true,
      value: [{ signal: 'metrics', encoding: 'json' }],
    });
    const bomb = await file('bomb-metrics.pb.gz', gzipSync(Buffer.alloc(1 << 20)));
    const r = await readReplayFile(bomb, { maxFileBytes: 1024 });
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.error).toMatch(
        /bomb-metrics\.pb\.gz: not valid gzip or too large once decompressed/,
      );
  });

  it('names a file it cannot read', async () => {
    const path = join(dir, 'absent.json');
    expect(await readReplayFile(path)).toEqual({
      ok: false,
      error: `${path}: cannot read: ENOENT`,
    });
  });

  it.each([
    ['node-metrics-1.pb', 'metrics'],
    ['TRACES.bin', 'traces'],
    ['app_spans.pb', 'traces'],
    ['logs-2025.json', 'logs'],
    ['metrics-and-logs.pb', undefined],
    ['metricsdump.pb', undefined],
  ])('takes the signal hint of %s as %s', (name, signal) => {
    expect(signalFromName(name)).toBe(signal);
  });
});
