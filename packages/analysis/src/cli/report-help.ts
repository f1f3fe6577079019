/** `heterodyne-monitor report --help`. */
export const REPORT_HELP = `Usage: heterodyne-monitor report [--url <service>] [--output <file>] [--config <file>] [--series <n>]

Saves the HTML report of a running service (GET /report) as one self-contained file: SLO
compliance and error budgets, trends with baseline bands, anomalies with scores, drift
events, forecasts with intervals, optimization opportunities, alerts and service health,
with the charting library inlined (the file opens offline).

The API address and bearer token come from the configuration (api.endpoint and the first
variable of api.auth.bearer_token_env) unless --url is given. Exit code 3 when the service
cannot be reached, answers with an error, or the file cannot be written.

Options:
  --url <service>       API base URL (http://host:port); default from the configuration
  -o, --output <file>   where to write the report (default: report.html)
  --series <n>          most series charted, 1..100 (default: 12)
  -c, --config <file>   YAML configuration; without it the defaults apply
  -h, --help            show this help
`;
