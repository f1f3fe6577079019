/**
 * The command-line flags of `npm start` (`node examples/dist/start.js [flags]`).
 */

/** What the demo runs. */
export interface DemoOptions {
  /** Start only the analysis service, no workload. */
  readonly serviceOnly: boolean;
  /** Run the workload without the scripted faults. */
  readonly faults: boolean;
  /** Send OTLP to this endpoint instead of starting a service. */
  readonly endpoint: string | undefined;
  /** Stop after this many seconds; undefined: run until Ctrl-C. */
  readonly durationSeconds: number | undefined;
  /** Length of the fault timeline, s. @default 120 */
  readonly timelineSeconds: number;
  /** Redraw interval of the status view, s. @default 3 */
  readonly refreshSeconds: number;
  /** Service configuration file. @default examples/config/demo.yaml */
  readonly config: string | undefined;
  /** Print the status view as appended blocks instead of redrawing the screen. */
  readonly plain: boolean;
}

/** The flags, for `--help`. */
export const DEMO_USAGE = `usage: npm start -- [flags]

  --service-only         start only the analysis service (no workload)
  --no-faults            run the workload without the scripted faults
  --endpoint <url>       send OTLP/HTTP to this endpoint instead of starting a service
  --duration <seconds>   stop after this long (default: run until Ctrl-C)
  --timeline <seconds>   length of the fault timeline (default 120)
  --refresh <seconds>    redraw interval of the status view (default 3)
  --config <file>        service configuration (default examples/config/demo.yaml)
  --plain                append status blocks instead of redrawing the screen
  --help                 this text`;

/** Parses the flags; an unknown flag or a bad value is an error naming it. */
export function parseDemoOptions(
  argv: readonly string[],
): { ok: true; value: DemoOptions } | { ok: false; error: string } {
  let serviceOnly = false;
  let faults = true;
  let endpoint: string | undefined;
  let durationSeconds: number | undefined;
  let timelineSeconds = 120;
  let refreshSeconds = 3;
  let config: string | undefined;
  let plain = false;
  const seconds = (flag: string, raw: string | undefined) => {
    const v = Number(raw);
    return raw !== undefined && Number.isFinite(v) && v > 0 ? v : undefined;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] as string;
    const next = () => argv[++i];
    if (flag === '--service-only') serviceOnly = true;
    else if (flag === '--no-faults') faults = false;
    else if (flag === '--plain') plain = true;
    else if (flag === '--help' || flag === '-h') return { ok: false, error: DEMO_USAGE };
    else if (flag === '--endpoint') {
      const url = next();
      try {
        const parsed = new URL(url ?? '');
        if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error();
        endpoint = parsed.toString().replace(/\/$/, '');
      } catch {
        return { ok: false, error: `--endpoint: needs an http(s) URL, got ${JSON.stringify(url)}` };
      }
    } else if (flag === '--duration' || flag === '--timeline' || flag === '--refresh') {
      const raw = next();
      const v = seconds(flag, raw);
      if (v === undefined) {
        return {
          ok: false,
          error: `${flag}: needs a number of seconds > 0, got ${JSON.stringify(raw)}`,
        };
      }
      if (flag === '--duration') durationSeconds = v;
      else if (flag === '--timeline') timelineSeconds = v;
      else refreshSeconds = v;
    } else if (flag === '--config') {
      config = next();
      if (config === undefined) return { ok: false, error: '--config: needs a file' };
    } else return { ok: false, error: `unknown flag ${JSON.stringify(flag)}\n\n${DEMO_USAGE}` };
  }
  if (serviceOnly && endpoint !== undefined) {
    return { ok: false, error: '--service-only and --endpoint exclude each other' };
  }
  return {
    ok: true,
    value: {
      serviceOnly,
      faults,
      endpoint,
      durationSeconds,
      timelineSeconds,
      refreshSeconds,
      config,
      plain,
    },
  };
}
