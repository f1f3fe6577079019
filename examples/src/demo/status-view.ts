/**
 * The live status view of the demo: what the service's API says now, as a few lines of text.
 * `fetchStatus` reads the API; `renderStatus` is pure, so the layout is testable.
 */

/** An SLO group as the view needs it (from `GET /api/v1/slos`). */
export interface SloLine {
  readonly slo: string;
  readonly operation: string;
  readonly sli: number | null;
  readonly objective: number;
  readonly budgetRemaining: number;
  readonly state: string;
  readonly burnRate: number | null;
}

/** An alert as the view needs it (from `GET /api/v1/alerts`). */
export interface AlertLine {
  readonly id: string;
  readonly name: string;
  readonly severity: string;
  readonly status: string;
  readonly summary: string;
}

/** What the view shows. An absent section (`undefined`) is an endpoint this service lacks. */
export interface StatusSnapshot {
  readonly slos: readonly SloLine[] | undefined;
  readonly alerts: readonly AlertLine[] | undefined;
  readonly resolvedAlerts: number | undefined;
  readonly findings:
    readonly { engine: string; kind: string; state: string; summary: string }[] | undefined;
  readonly anomalies: readonly string[] | undefined;
  readonly opportunities: readonly string[] | undefined;
}

type Json = Record<string, unknown>;
const asArray = (v: unknown): Json[] => (Array.isArray(v) ? (v as Json[]) : []);
const str = (v: unknown, fallback = ''): string =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : fallback;
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

async function getJson(url: string, token: string | undefined): Promise<unknown> {
  const init = token ? { headers: { authorization: `Bearer ${token}` } } : {};
  // One retry: a kept-alive connection may have been closed by the server meanwhile.
  const res = await fetch(url, init).catch(() => fetch(url, init));
  if (res.status === 404) return undefined;
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return res.json();
}

/** Reads the service's API at `api` (e.g. `http://127.0.0.1:8080`). */
export async function fetchStatus(api: string, token?: string): Promise<StatusSnapshot> {
  const [slos, alerts, resolved, findings, anomalies, opportunities] = await Promise.all(
    [
      '/api/v1/slos',
      '/api/v1/alerts',
      '/api/v1/alerts?state=resolved&limit=1000',
      '/api/v1/findings?limit=8',
      '/api/v1/anomalies',
      '/api/v1/opportunities',
    ].map((path) => getJson(`${api}${path}`, token).catch(() => undefined)),
  );
  return {
    slos:
      slos === undefined
        ? undefined
        : asArray((slos as Json).slos).flatMap((slo) =>
            asArray(slo.groups).map((g) => {
              const labels = (g.labels ?? {}) as Json;
              const rates = Object.values((g.burnRates ?? {}) as Json).map(num);
              const known = rates.filter((r): r is number => r !== null);
              return {
                slo: str(slo.id),
                operation: str(labels['heterodyne.operation.name'], '-'),
                sli: num(g.sli),
                objective: num(g.objective) ?? 0,
                budgetRemaining: num(g.budgetRemaining) ?? 0,
                state: str(g.state),
                burnRate: known.length > 0 ? Math.max(...known) : null,
              };
            }),
          ),
    alerts: alerts === undefined ? undefined : asArray((alerts as Json).alerts).map(alertLine),
    resolvedAlerts: resolved === undefined ? undefined : asArray((resolved as Json).alerts).length,
    findings:
      findings === undefined
        ? undefined
        : asArray((findings as Json).findings).map((f) => ({
            engine: str(f.engine),
            kind: str(f.kind),
            state: str(f.state),
            summary: str(f.summary),
          })),
    anomalies: anomalies === undefined ? undefined : listOf(anomalies, 'anomalies'),
    opportunities: opportunities === undefined ? undefined : listOf(opportunities, 'opportunities'),
  };
}

function alertLine(a: Json): AlertLine {
  const labels = (a.labels ?? {}) as Json;
  const annotations = (a.annotations ?? {}) as Json;
  return {
    id: str(a.id ?? a.fingerprint),
    name: str(labels.alertname ?? a.ruleId ?? a.name, '?'),
    severity: str(a.severity ?? labels.severity, '?'),
    status: str(a.status ?? a.state, '?'),
    summary: str(annotations.summary ?? a.summary),
  };
}

/** One line per item of a list reply, whatever its item shape: its summary, title or kind. */
/** One line per item of an API list reply (`{ <key>: [...] }` or a bare array). */
export function listOf(reply: unknown, key: string): string[] {
  const items = Array.isArray(reply) ? (reply as Json[]) : asArray((reply as Json)[key]);
  return items.map((item) =>
    typeof item.series === 'string' && typeof item.score === 'number'
      ? anomalyLine(item)
      : str(
          item.summary ?? item.title ?? item.description ?? item.kind ?? item.id,
          JSON.stringify(item),
        ),
  );
}

/** One anomaly of `/api/v1/anomalies`: series, value against its expected range, score, why. */
function anomalyLine(item: Json): string {
  const num = (v: unknown) => (typeof v === 'number' ? Number(v.toPrecision(4)) : '?');
  const why = typeof item.reason === 'string' ? `, ${item.reason}` : '';
  return `score ${num(item.score)}${why}: ${String(item.series)} = ${num(item.value)}, expected [${num(item.expectedLow)}, ${num(item.expectedHigh)}]`;
}

/** SLO groups shown; the others are counted. */
export const MAX_SLO_LINES = 8;

const pct = (v: number | null, digits = 1) =>
  v === null ? '   -  ' : `${(100 * v).toFixed(digits)}%`;
const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** Renders a snapshot as text lines, `header` first. */
export function renderStatus(snapshot: StatusSnapshot, header: readonly string[]): string {
  const lines = [...header, ''];
  lines.push('SLOs (burn rate: fastest window; budget: share of the error budget left)');
  if (snapshot.slos === undefined) lines.push('  not available');
  const withData = (snapshot.slos ?? []).filter((s) => s.state !== 'no_data');
  if (snapshot.slos !== undefined && withData.length === 0) lines.push('  no data yet');
  // Burning first, then by budget left: the groups that need a look come first.
  const ranked = [...withData].sort(
    (a, b) =>
      Number(b.state === 'burning') - Number(a.state === 'burning') ||
      a.budgetRemaining - b.budgetRemaining,
  );
  for (const s of ranked.slice(0, MAX_SLO_LINES)) {
    lines.push(
      `  ${cut(s.slo, 22).padEnd(22)} ${cut(s.operation, 24).padEnd(24)} sli ${pct(s.sli, 2).padStart(8)}` +
        ` budget ${pct(s.budgetRemaining).padStart(8)} burn ${s.burnRate === null ? '-' : s.burnRate.toFixed(1)}` +
        `${s.state === 'burning' ? '  BURNING' : ''}`,
    );
  }
  if (ranked.length > MAX_SLO_LINES) {
    lines.push(`  ... and ${ranked.length - MAX_SLO_LINES} more SLO groups`);
  }
  lines.push('', 'Active alerts');
  if (snapshot.alerts === undefined) lines.push('  not available (alerting is off)');
  else if (snapshot.alerts.length === 0) lines.push('  none');
  for (const a of snapshot.alerts ?? []) {
    lines.push(`  [${a.severity}] ${a.name} (${a.status}) ${cut(a.summary, 70)}`);
  }
  if (snapshot.resolvedAlerts !== undefined)
    lines.push(`  resolved so far: ${snapshot.resolvedAlerts}`);
  for (const [title, list] of [
    ['Anomalies', snapshot.anomalies],
    ['Optimization opportunities', snapshot.opportunities],
  ] as const) {
    lines.push('', title);
    if (list === undefined) lines.push('  not available (this service has no such engine yet)');
    else if (list.length === 0) lines.push('  none');
    for (const item of list?.slice(-5) ?? []) lines.push(`  ${cut(item, 100)}`);
  }
  lines.push('', 'Recent findings');
  if (snapshot.findings === undefined) lines.push('  not available');
  else if (snapshot.findings.length === 0) lines.push('  none');
  for (const f of snapshot.findings ?? []) {
    lines.push(`  ${f.state.padEnd(8)} ${f.engine}/${f.kind}: ${cut(f.summary, 80)}`);
  }
  return lines.join('\n');
}
