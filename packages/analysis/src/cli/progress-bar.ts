/** Where progress goes: stderr, or a fake stream in tests. */
export interface ProgressStream {
  write(chunk: string): unknown;
  /** True for an interactive terminal: a redrawn bar instead of plain lines. */
  isTTY?: boolean;
  /** Terminal width in characters. @default 80 */
  columns?: number;
}

/** Options of {@link createProgressBar}. */
export interface ProgressBarOptions {
  stream: ProgressStream;
  /** Units of work in total (files). */
  total: number;
  /** Milliseconds clock; injected in tests. @default Date.now */
  now?: () => number;
  /** Minimum milliseconds between two redraws on a terminal. @default 100 */
  minRedrawMillis?: number;
}

/** A progress display: a redrawn bar on a terminal, plain lines elsewhere (logs, pipes, CI). */
export interface ProgressBar {
  /** Sets the progress (`done` of `total`) and a short detail shown next to the bar. */
  update(done: number, detail: string): void;
  /** Prints a line; on a terminal it appears above the bar. */
  log(line: string): void;
  /** Draws the final state and ends the bar's line. */
  finish(): void;
}

/**
 * Creates a progress bar. On a terminal it redraws one line with `\r` (throttled); otherwise
 * `update` prints nothing and only `log` lines appear, so redirected output stays readable.
 */
export function createProgressBar(options: ProgressBarOptions): ProgressBar {
  const { stream, total } = options;
  const now = options.now ?? Date.now;
  const minRedraw = options.minRedrawMillis ?? 100;
  const tty = stream.isTTY === true;
  let done = 0;
  let detail = '';
  let lastDraw = -Infinity;
  let drawn = false;

  const render = (): string => {
    const width = Math.max(40, stream.columns ?? 80);
    const fraction = total > 0 ? Math.min(1, done / total) : 1;
    const counter = `${done}/${total}`;
    const percent = `${String(Math.floor(fraction * 100)).padStart(3)}%`;
    const barWidth = Math.max(10, Math.min(30, width - 40));
    const filled = Math.round(fraction * barWidth);
    const bar = `[${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}]`;
    const line = `${bar} ${percent} ${counter} ${detail}`;
    return line.length > width - 1 ? line.slice(0, width - 1) : line;
  };
  const draw = (): void => {
    stream.write(`\r\x1b[2K${render()}`);
    drawn = true;
    lastDraw = now();
  };

  return {
    update(d, text) {
      done = d;
      detail = text;
      if (tty && (now() - lastDraw >= minRedraw || done >= total)) draw();
    },
    log(line) {
      if (tty && drawn) {
        stream.write(`\r\x1b[2K${line}\n`);
        draw();
      } else {
        stream.write(`${line}\n`);
      }
    },
    finish() {
      if (!tty) return;
      draw();
      stream.write('\n');
    },
  };
}
