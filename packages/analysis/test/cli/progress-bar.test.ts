import { describe, expect, it } from 'vitest';
import { createProgressBar } from '../../src/cli/progress-bar.js';

/** Carriage return plus ANSI erase-line. */
const CLEAR = '\r\u001b[2K';

function sink(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, stream: { isTTY, columns: 80, write: (s: string) => chunks.push(s) } };
}

describe('progress bar', () => {
  it('prints plain lines and no bar when not on a terminal', () => {
    const { chunks, stream } = sink(false);
    const bar = createProgressBar({ stream, total: 2 });
    bar.update(1, 'a.json');
    bar.log('[1/2] a.json: 1 request');
    bar.update(2, 'b.json');
    bar.finish();
    expect(chunks).toEqual(['[1/2] a.json: 1 request\n']);
  });

  it('redraws one line on a terminal, throttled, with the final state drawn', () => {
    const { chunks, stream } = sink(true);
    let now = 0;
    const bar = createProgressBar({ stream, total: 4, now: () => now, minRedrawMillis: 100 });
    bar.update(1, 'one');
    now = 50;
    bar.update(2, 'two'); // within 100 ms of the last draw: skipped
    now = 150;
    bar.update(3, 'three');
    bar.update(4, 'four'); // complete: always drawn
    bar.finish();
    const draws = chunks.filter((c) => c.startsWith('\r'));
    expect(draws.map((d) => d.slice(CLEAR.length))).toEqual([
      `[${'#'.repeat(8)}${'-'.repeat(22)}]  25% 1/4 one`,
      `[${'#'.repeat(23)}${'-'.repeat(7)}]  75% 3/4 three`,
      `[${'#'.repeat(30)}] 100% 4/4 four`,
      `[${'#'.repeat(30)}] 100% 4/4 four`,
    ]);
    expect(chunks.at(-1)).toBe('\n');
  });

  it('prints log lines above the bar and redraws it', () => {
    const { chunks, stream } = sink(true);
    const bar = createProgressBar({ stream, total: 1, now: () => 0 });
    bar.update(0, 'x');
    bar.log('warning: y');
    expect(chunks[1]).toBe(`${CLEAR}warning: y\n`);
    expect(chunks[2]).toBe(`${CLEAR}[${'-'.repeat(30)}]   0% 0/1 x`);
  });
});
