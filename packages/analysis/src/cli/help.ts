/** `heterodyne-monitor --help`. */
export const MAIN_HELP = `heterodyne-monitor — OTLP analysis service for scientific computing

Usage:
  heterodyne-monitor serve [--config <file>]
  heterodyne-monitor config check [--config <file>]
  heterodyne-monitor replay <files...> [--config <file> | --to <url>] [--signal metrics|traces|logs]
  heterodyne-monitor slo status [--url <api>] [--config <file>] [--json]
  heterodyne-monitor report [--url <service>] [--output <file>] [--config <file>]
  heterodyne-monitor detect changepoints --input <file|dir> [--output <file|dir>]
  heterodyne-monitor detect anomalies --input <csv|dir> [--output <csv|dir>]
  heterodyne-monitor baselines list|versions|save|diff|rollback|drift [--config <file>]
  heterodyne-monitor baseline check --input <run> --baseline <name[@version]> [--junit f]
  heterodyne-monitor baseline export --out <file> [--baseline <ref> | --input <run>]
  heterodyne-monitor proposals list|show|approve|reject|audit [...] [--api <url>]
  heterodyne-monitor alerts list|ack|silence|silences|unsilence|test-channel [...] [--api <url>]
  heterodyne-monitor generate <what...|all> [--out <dir>] [--root <dir>] [--check] [--config <file>]
  heterodyne-monitor opportunities [<id>] [--status <s>] [--api <url>] [--json]
  heterodyne-monitor remediations [<id> | audit] [--opportunity <id>] [--api <url>] [--json]
  heterodyne-monitor anomalies|trends|forecasts [--metric <name>] [--url <api>] [--json] [...]
  heterodyne-monitor --help | --version

Commands:
  serve          receive OTLP (HTTP :4318, gRPC :4317), serve the API and /metrics (:8080)
                 until SIGINT/SIGTERM, then drain, checkpoint and exit
  config check   print the resolved configuration (secrets redacted), or every error
  replay         feed recorded OTLP files through the pipeline into the configured store,
                 or (--to) send them to a running service
  slo status     the SLOs of a running service: SLI, error budget left, burn rates, alerts
  report         save a running service's self-contained HTML report (GET /report)
  detect         offline detection over files with the default settings (changepoints, anomalies)
  baselines      baselines, versions and drift events in the configured store
  baseline       CI regression gate (check) and baseline files (export)
  proposals      review automatic baseline updates: approve or reject, with a note
  alerts         list, acknowledge and silence alerts, test a channel, via a running service's API
  generate       write generated files: dashboards (grafana/), rules (prometheus/), or check them
  opportunities  the optimization opportunities a running service found, by priority
  remediations   remediation executions (kept, rolled back) and their audit log
  anomalies      recent anomalies of a running service: value, expected range, score, why
  trends         trends of a running service's series: direction, slope, significance
  forecasts      forecasts of a running service's series: model, prediction, interval, breach

Options:
  -c, --config <file>   YAML configuration; without it the defaults apply
  -h, --help            show help (also after a command)
  -v, --version         print the version

Exit codes:
  0  success
  1  invalid configuration, or replay input that could not be read or decoded
  2  usage error (unknown command or flag, missing argument)
  3  the service failed to start, run or stop; replay could not open its store (in use by
     a service) or reach the --to service
`;

/** `heterodyne-monitor serve --help`. */
export const SERVE_HELP = `Usage: heterodyne-monitor serve [--config <file>]

Starts the analysis service: OTLP receivers, ingest pipeline, series store, persistence,
HTTP API and Prometheus /metrics. SIGINT or SIGTERM stops it gracefully: the receivers stop
accepting, queued requests are processed, the series store is checkpointed and the store is
closed. A second signal exits at once.

Options:
  -c, --config <file>   YAML configuration; without it the defaults apply
  -h, --help            show this help
`;

/** `heterodyne-monitor config check --help`. */
export const CONFIG_CHECK_HELP = `Usage: heterodyne-monitor config check [--config <file>]

Loads and validates the configuration and prints it resolved (defaults applied, secrets
redacted). On errors prints every one, naming the file and the key, and exits with 1.

Options:
  -c, --config <file>   YAML configuration; without it the defaults are checked
  -h, --help            show this help
`;

/** `heterodyne-monitor replay --help`. */
export const REPLAY_HELP = `Usage: heterodyne-monitor replay <files...> [--config <file>] [--signal <signal>]
       heterodyne-monitor replay <files...> --to <url> [--signal <signal>]

Feeds recorded OTLP export requests through the ingest pipeline, in process, into the
configured store (the series checkpoint is restored first and saved at the end). A store
has one writer: while a service has it open, replay refuses it (exit 3) and names the
service's process; send the recording to that service with --to instead.

With --to, each request is posted as recorded to <url>/v1/<signal> (OTLP/HTTP, protobuf or
JSON) of a running service; headers from OTEL_EXPORTER_OTLP_HEADERS are sent with it.
Answers 429/502/503/504 are retried (honouring Retry-After). Exit code 3 when the service
cannot be reached or refuses every request (unauthorised, wrong path); points it rejects
(partial success) are counted as rejected.

Files:
  protobuf (.pb, .bin, .binpb, .protobuf)   one request per file
  JSON (.json, .jsonl, .ndjson)              one request per file, or one per line
  a trailing .gz is decompressed first; other names are sniffed ('{' means JSON)

The signal comes from --signal, else from the JSON keys (resourceMetrics, resourceSpans,
resourceLogs), else from a word in the file name (metrics, traces or spans, logs).

The configured engines run over the data on its own timestamps: the replay clock is the
newest data time seen, and each engine is evaluated at every interval boundary the data
crosses, as a live service receiving the same data would have been. Findings are logged on
stdout with the data time they were raised at, followed by one summary line per engine.

Progress goes to stderr (a bar on a terminal, one line per file otherwise); the summary
(requests, points accepted and rejected, errors) goes to stdout. Exit code 1 when a file
could not be read or a request could not be decoded; the other files are still replayed.

Options:
  -c, --config <file>   YAML configuration (the store to write into)
      --to <url>        a running service's OTLP/HTTP endpoint, e.g. http://127.0.0.1:4318
  -s, --signal <name>   metrics, traces or logs, for every file
  -h, --help            show this help
`;

/** `heterodyne-monitor slo status --help`. */
export const SLO_STATUS_HELP = `Usage: heterodyne-monitor slo status [--url <api>] [--config <file>] [--json]

Shows the SLOs of a running service, read from its API (GET /api/v1/slos): per SLO group the
objective, budget window, SLI, share of the error budget left, burn rates over 1h and 6h,
time until the budget is spent at the 1h rate, and whether a page or ticket alert fires.
An SLO whose metrics have not arrived yet shows as no_data.

The API address and bearer token come from the configuration (api.endpoint and the first
variable of api.auth.bearer_token_env) unless --url is given. Exit code 3 when the API cannot
be reached or answers with an error.

Options:
  --url <api>           API base URL (http://host:port); default from the configuration
  -c, --config <file>   YAML configuration; without it the defaults apply
  --json                print the API's JSON instead of the table
  -h, --help            show this help
`;
/** `heterodyne-monitor detect changepoints --help`. */
export const DETECT_CHANGEPOINTS_HELP = `Usage: heterodyne-monitor detect changepoints --input <file|dir> [--output <file|dir>]

Finds change points with E-Divisive means and a Student-t test (the default settings of the
baselines engine). Input: the TCPD JSON layout ({"series": [{"raw": [...]}, ...]}, one entry
per dimension, null for a missing value) or a bare JSON array of numbers. A directory is
searched recursively for .json files. Output per file: {"changepoints": [indices]}, each
index the first point of a new segment (0-based).

Without --output the result goes to stdout (for a directory: one object keyed by relative
path). With --output, a file, or for a directory input a directory mirroring the input.
Progress goes to stderr. Exit code 1 when a file could not be read or parsed; the other
files are still processed.

Options:
  -i, --input <path>    a JSON file or a directory of them
  -o, --output <path>   where to write the result(s)
  -h, --help            show this help
`;

/** `heterodyne-monitor detect --help`. */
export const DETECT_HELP = `Usage: heterodyne-monitor detect <what> ...

Offline detection over files, with the default settings of the engines.

Subcommands:
  changepoints   change points of series in the TCPD JSON layout
  anomalies      one causal anomaly score per row of timestamp,value CSV (the NAB layout)

Run 'heterodyne-monitor detect <what> --help' for its options.
`;

/** `heterodyne-monitor baselines --help`. */
export const BASELINES_HELP = `Usage: heterodyne-monitor baselines <subcommand> [--config <file>]

The baselines, versions and drift events in the configured store, printed as JSON.

Subcommands:
  list [--metric <name>]           current baselines
  versions                         saved versions, newest first
  save <name> [--notes <text>]     snapshot the current baselines as a version
  diff <from-id> [<to-id>]         changes between two versions (default: to the current set)
  rollback <id>                    make a version's baselines the current ones
  drift [--days <n>] [--metric m]  drift events of the last n days (default 7)

Options:
  -c, --config <file>   YAML configuration (the store); without it the defaults apply
  -h, --help            show this help

Exit codes: 1 for an unknown version or a bad configuration, 3 when the store cannot be
opened.
`;

/** `heterodyne-monitor alerts --help`. */
export const ALERTS_HELP = `Usage: heterodyne-monitor alerts <subcommand> [options]

Talks to a running service's API (--api, else HETERODYNE_API_URL, else http://127.0.0.1:8080),
sending HETERODYNE_API_TOKEN as the bearer token when set.

Subcommands:
  list [--severity <s>] [--state <s>]   active alerts (state: active, firing, acknowledged, resolved)
  ack <id|fingerprint> [--by <who>] [--comment <text>]
                                        stop repeats of an alert and record who acknowledged it
  silence <matcher...> (--duration <d> | --until <time>) [--author <who>] [--comment <text>]
                                        mute alerts whose labels match, e.g. alertname="SlowFit"
  silences                              the active silences
  unsilence <silence id>                end a silence now
  test-channel <channel id>             send a test notification; prints the exact failure

Options:
      --api <url>       the service's API URL
      --json            print the API's JSON answer
  -h, --help            show this help

Exit codes: 0 done, 1 refused by the service (unknown id, bad matcher, channel failure),
2 usage error, 3 the service could not be reached or failed.
`;
/** `heterodyne-monitor detect anomalies --help`. */
export const DETECT_ANOMALIES_HELP = `Usage: heterodyne-monitor detect anomalies --input <csv|dir> [--output <csv|dir>]

Scores every row of a timestamp,value CSV file (the Numenta Anomaly Benchmark layout, with
a header line) with the streaming anomaly detector at its default settings, and writes
timestamp,value,anomaly_score: one score in [0, 1] per row, computed only from that row and
the rows before it. A directory is read recursively for *.csv files; the scores go to the
same relative paths under --output. Without --output a single file's scores go to stdout.
Missing values (empty, NaN) score 0. Progress goes to stderr.

Options:
  -i, --input <path>    a CSV file or a directory of them
  -o, --output <path>   the scores file (or directory, required for a directory input)
  -h, --help            show this help
`;

/** `heterodyne-monitor generate --help`. */
export const GENERATE_HELP = `Usage: heterodyne-monitor generate <what...|all> [--out <dir>] [--root <dir>] [--check] [--config <file>]

Writes files generated from the metric and SLO definitions:
  dashboards   Grafana dashboards JSON and provisioning (datasource, dashboard provider,
               alerting) into grafana/
  rules        Prometheus SLO recording and multi-window, multi-burn-rate alerting rules
               into prometheus/rules/ (the built-in SLOs, or those of --config)
  all          every generator above

Options:
  -o, --out <dir>   output directory of a single generator (default: its folder under --root)
      --root <dir>  directory holding the default output folders (default: the repository
                    root above the current directory, else the current directory)
      --check       write nothing; exit 1 naming every file that is stale, missing or no
                    longer generated
  -c, --config <file>  rules: the SLOs of this service configuration instead of the
                    built-in ones
  -h, --help        show this help
`;
/** `heterodyne-monitor opportunities --help`. */
export const OPPORTUNITIES_HELP = `Usage: heterodyne-monitor opportunities [<id>] [options]

The optimization engine's opportunities, highest priority first (priority = configured
priority x severity x confidence), from a running service's API (--api, else
HETERODYNE_API_URL, else http://127.0.0.1:8080; HETERODYNE_API_TOKEN as the bearer token).
With an id: that opportunity's evidence, its remediations and its audit entries.

Options:
      --status <s>      open, accepted, applied, dismissed, rolled-back (comma separated)
      --category <c>    algorithm, memory, io, numerical
      --template <t>    e.g. cache_tuning
  -n, --limit <n>       at most this many (default 100)
      --api <url>       the service's API URL
      --json            print the API's JSON answer
  -h, --help            show this help

Exit codes: 0 done, 1 unknown id or bad option value, 2 usage error, 3 the service could not
be reached or failed.
`;
/** `heterodyne-monitor remediations --help`. */
export const REMEDIATIONS_HELP = `Usage: heterodyne-monitor remediations [<id> | audit] [options]

Remediation executions (newest first) with their status, and the audit log of every decision
and action with the numbers it was decided on, from a running service's API (--api, else
HETERODYNE_API_URL, else http://127.0.0.1:8080; HETERODYNE_API_TOKEN as the bearer token).

  remediations [--opportunity <id>] [--status <s>]   executions (status: pending, running,
                                                     succeeded, failed, rolled-back)
  remediations <id>                                  one execution with its audit entries
  remediations audit [--opportunity <id>] [--remediation <id>]
                                                     the audit log

Options:
  -n, --limit <n>       at most this many (default 100)
      --api <url>       the service's API URL
      --json            print the API's JSON answer
  -h, --help            show this help

Exit codes: 0 done, 1 unknown id or bad option value, 2 usage error, 3 the service could not
be reached or failed.
`;
