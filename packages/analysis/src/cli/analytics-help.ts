/** `heterodyne-monitor anomalies|trends|forecasts --help`. */

const COMMON = `The API address and bearer token come from the configuration (api.endpoint and the first
variable of api.auth.bearer_token_env) unless --url is given. Exit code 3 when the API cannot
be reached or answers with an error (404 when the engine is turned off in analytics).

Options:
  --metric <name>       only series of this metric
  --operation <name>    only series whose heterodyne.operation.name is this
  --limit <n>           at most n rows (default 100)
  --url <api>           API base URL (http://host:port); default from the configuration
  -c, --config <file>   YAML configuration; without it the defaults apply
  --json                print the API's JSON instead of the table
  -h, --help            show this help
`;

/** `heterodyne-monitor anomalies --help`. */
export const ANOMALIES_HELP = `Usage: heterodyne-monitor anomalies [--metric <name>] [--operation <name>] [--since <duration>] [--limit <n>] [--url <api>] [--config <file>] [--json]

Shows the recent anomalies of a running service (GET /api/v1/anomalies), newest first: when,
which series, the value, the range it was expected in, the score in [0, 1], why it was
unusual, and when the series was ordinary again (or "firing").

  --since <duration>    only anomalies of the last <duration> (30m, 6h, 7d)

${COMMON}`;

/** `heterodyne-monitor trends --help`. */
export const TRENDS_HELP = `Usage: heterodyne-monitor trends [--metric <name>] [--operation <name>] [--limit <n>] [--url <api>] [--config <file>] [--json]

Shows the trend of each analysed series of a running service (GET /api/v1/trends): the
direction named by the metric's polarity (a rising latency is degrading), the Theil-Sen slope
per second, the Mann-Kendall p-value and the seasonal period. A series too short for a trend
shows insufficient_data with the reason.

${COMMON}`;

/** `heterodyne-monitor forecasts --help`. */
export const FORECASTS_HELP = `Usage: heterodyne-monitor forecasts [--metric <name>] [--operation <name>] [--limit <n>] [--url <api>] [--config <file>] [--json]

Shows the forecast of each analysed series of a running service (GET /api/v1/forecasts): the
model chosen by backtest, the prediction one horizon ahead with its interval, the backtest
error relative to seasonal-naive (below 1 beats it), and the limit the forecast crosses, if
any. A series too short to forecast shows insufficient_data with the reason.

${COMMON}`;
