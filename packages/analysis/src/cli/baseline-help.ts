/** `heterodyne-monitor baseline --help`. */
export const BASELINE_HELP = `Usage:
  heterodyne-monitor baseline check --input <run> --baseline <name[@version]> [options]
  heterodyne-monitor baseline export --out <file> [--baseline <name[@version]> | --input <run>]

check: compares a benchmark run with a baseline by the baselines engine's drift test
(significance and the metric's effect-size threshold) and exits
  0  no regression (improvements pass and are reported as such)
  1  regression: a series moved beyond its threshold in its worse direction
  2  usage or data problem: unreadable input, unknown baseline, a baselined series missing
     from the run or with too few values (--allow-missing to pass those), nothing compared

export: writes a baseline file that check reads without a service, either from the store
(--baseline, default 'current') or computed from a run (--input), keeping the run's values
so check can use the rank test.

<run>: recorded OTLP (protobuf, JSON, JSON lines, .gz: spans with heterodyne.operation.name,
gauges, histograms), JSON {"<metric or series key>": [values...]} (optionally under
"samples"), or CSV with a 'metric,value' header or one column per metric.
<name[@version]>: a baseline file (file@version checks the file's version), or in the
configured store 'current', a version name (its newest version), name@<id>, or @<id>.

Options:
  -i, --input <file>        the run
  -b, --baseline <ref>      the baseline
      --markdown <file>     also write the report as Markdown (a pull-request comment)
      --junit <file>        also write the report as JUnit XML (CI test reports)
      --alpha <p>           significance level (default: baselines.alpha, else 0.01)
      --min-samples <n>     check: fewest run values judged (default 10);
                            export: fewest values a baseline is computed from (default 50)
      --allow-missing       check: baselined series absent from the run do not fail
  -o, --out <file>          export: where to write
      --name <name>         export: the baseline's name in the file
  -c, --config <file>       YAML configuration: the store, thresholds and methods
  -h, --help                show this help
`;
