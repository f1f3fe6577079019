/** `heterodyne-monitor --help`. */
export const MAIN_HELP = `heterodyne-monitor — OTLP analysis service for scientific computing

Usage:
  heterodyne-monitor serve [--config <file>]
  heterodyne-monitor config check [--config <file>]
  heterodyne-monitor replay <files...> [--config <file>] [--signal metrics|traces|logs]
  heterodyne-monitor detect anomalies --input <csv|dir> [--output <csv|dir>]
  heterodyne-monitor --help | --version

Commands:
  serve          receive OTLP (HTTP :4318, gRPC :4317), serve the API and /metrics (:8080)
                 until SIGINT/SIGTERM, then drain, checkpoint and exit
  config check   print the resolved configuration (secrets redacted), or every error
  replay         feed recorded OTLP files through the pipeline into the configured store
  detect anomalies
                 score timestamp,value CSV offline: one causal anomaly score per row

Options:
  -c, --config <file>   YAML configuration; without it the defaults apply
  -h, --help            show help (also after a command)
  -v, --version         print the version

Exit codes:
  0  success
  1  invalid configuration, or replay input that could not be read or decoded
  2  usage error (unknown command or flag, missing argument)
  3  the service failed to start, run or stop
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

Feeds recorded OTLP export requests through the ingest pipeline, in process, into the
configured store (the series checkpoint is restored first and saved at the end).

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
  -s, --signal <name>   metrics, traces or logs, for every file
  -h, --help            show this help
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
