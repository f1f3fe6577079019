/**
 * The findings of the report, sorted into what it shows: anomalies, drift, forecasts,
 * opportunities and the other firing conditions. A condition's firing and its resolution are
 * one row (the firing's numbers, the resolution's state and end).
 */
import { findingIdentity } from '../engines/findings.js';
import type { Finding } from '../engines/findings.js';
import type { ReportFinding, ReportForecast } from './types.js';

/** The findings sorted by what the report shows. */
export interface ClassifiedFindings {
  anomalies: ReportFinding[];
  drifts: ReportFinding[];
  forecasts: ReportFinding[];
  opportunities: ReportFinding[];
  other: ReportFinding[];
}

/** What a finding is, for the report: by kind first, then by engine. */
export function findingCategory(f: Pick<Finding, 'engine' | 'kind'>): keyof ClassifiedFindings {
  const kind = f.kind.toLowerCase();
  const engine = f.engine.toLowerCase();
  if (kind.includes('anomal')) return 'anomalies';
  if (kind.includes('drift') || kind.includes('change_point')) return 'drifts';
  if (kind.includes('forecast')) return 'forecasts';
  if (kind.includes('opportunit') || engine === 'optimization') return 'opportunities';
  if (engine === 'anomaly') return 'anomalies';
  return 'other';
}

function toReport(f: Finding): ReportFinding {
  return {
    engine: f.engine,
    kind: f.kind,
    severity: f.severity,
    state: f.state,
    summary: f.summary,
    labels: { ...f.labels },
    ...(f.value === undefined ? {} : { value: f.value }),
    ...(f.threshold === undefined ? {} : { threshold: f.threshold }),
    ...(f.suggestedAction === undefined ? {} : { suggestedAction: f.suggestedAction }),
    startsAtMillis: f.startsAtMillis,
    ...(f.endsAtMillis === undefined ? {} : { endsAtMillis: f.endsAtMillis }),
    ...(f.evidence === undefined ? {} : { evidence: { ...f.evidence } }),
  };
}

/**
 * Folds `findings` (newest first, as the finding log lists them) into one row per condition
 * episode (identity and start), newest first, and sorts the rows by category. Resolved
 * conditions of the `other` category are left out: that list shows what fires now.
 */
export function classifyFindings(findings: readonly Finding[]): ClassifiedFindings {
  const episodes = new Map<string, ReportFinding>();
  for (const f of findings) {
    const key = `${findingIdentity(f)}@${f.startsAtMillis}`;
    const seen = episodes.get(key);
    if (!seen) {
      episodes.set(key, toReport(f));
    } else if (seen.state === 'resolved' && f.state === 'firing') {
      // Newest first: `seen` is the resolution; keep the firing's numbers with its end.
      episodes.set(key, {
        ...toReport(f),
        state: 'resolved',
        ...(seen.endsAtMillis === undefined ? {} : { endsAtMillis: seen.endsAtMillis }),
      });
    }
  }
  const out: ClassifiedFindings = {
    anomalies: [],
    drifts: [],
    forecasts: [],
    opportunities: [],
    other: [],
  };
  for (const f of episodes.values()) {
    const category = findingCategory(f);
    if (category === 'other' && f.state !== 'firing') continue;
    out[category].push(f);
  }
  return out;
}

function numberIn(
  evidence: Record<string, unknown> | undefined,
  ...names: string[]
): number | undefined {
  for (const name of names) {
    const v = evidence?.[name];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
  }
  return undefined;
}

/**
 * A forecast finding as a forecast with its interval, when its evidence carries one
 * (`predicted`/`predictedValue`, `lower`, `upper`, `targetTimeMillis`); else undefined.
 */
export function forecastOfFinding(f: ReportFinding): ReportForecast | undefined {
  const e = f.evidence;
  const predicted = numberIn(e, 'predictedValue', 'predicted', 'forecast');
  const lower = numberIn(e, 'lower', 'lowerBound');
  const upper = numberIn(e, 'upper', 'upperBound');
  const target = numberIn(e, 'targetTimeMillis', 'targetMillis') ?? f.startsAtMillis;
  if (predicted === undefined || lower === undefined || upper === undefined) return undefined;
  const model = e?.model;
  return {
    metric: f.labels.metric ?? f.kind,
    series: f.labels.series ?? f.labels.metric ?? f.kind,
    ...(f.labels.series_id === undefined ? {} : { seriesId: f.labels.series_id }),
    targetTimeMillis: target,
    predicted,
    lower,
    upper,
    coverage: numberIn(e, 'coverage') ?? 0.95,
    model: typeof model === 'string' ? model : null,
    source: 'finding',
    summary: f.summary,
  };
}
