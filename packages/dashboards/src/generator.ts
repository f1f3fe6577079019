/**
 * The contract of a file generator: a pure function from the definitions in
 * `@heterodyne/semconv` to the files of one output directory. `heterodyne-monitor generate
 * <name>` writes them; tests regenerate them in memory and compare with the committed copy.
 */

/** One generated file. */
export interface GeneratedFile {
  /** Path relative to the generator's output directory, `/`-separated. */
  readonly path: string;
  /** The whole content, ending in a newline. */
  readonly content: string;
}

/** A named generator of one output directory. */
export interface Generator {
  /** The name on the command line (`generate dashboards`). */
  readonly name: string;
  /** One line for `--help`. */
  readonly description: string;
  /** The output directory relative to the repository root, e.g. `grafana`. */
  readonly defaultOutDir: string;
  /**
   * Files in the output directory that are written by hand (such as `README.md`; a path
   * ending in `/` covers a whole folder): never written, and not reported as stale by `--check`.
   */
  readonly handWritten: readonly string[];
  /** Every file of the output directory, in a stable order. Pure: same input, same bytes. */
  generate(): readonly GeneratedFile[];
}
