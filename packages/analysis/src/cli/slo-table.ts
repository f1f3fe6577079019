/**
 * The table `heterodyne-monitor slo status` prints: one row per SLO group, or one row for an
 * SLO without data yet.
 */
import type { SloView } from '../engines/slo/slo-views.js';

function percent(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '-';
  return `${(value * 100).toFixed(digits).replace(/\.?0+$/, '')}%`;
}

function rate(value: number | null | undefined): string {
  if (value === null || value === undefined) return '-';
  if (!Number.isFinite(value)) return 'inf';
  return value >= 100 ? value.toFixed(0) : value.toFixed(2);
}

function duration(seconds: number | null): string {
  if (seconds === null) return '-';
  if (seconds >= 86_400) return `${(seconds / 86_400).toFixed(1)}d`;
  if (seconds >= 3600) return `${(seconds / 3600).toFixed(1)}h`;
  return `${Math.round(seconds / 60)}m`;
}

/** The rows as text, columns aligned. */
export function formatSloTable(slos: readonly SloView[]): string {
  const header = [
    'SLO',
    'GROUP',
    'OBJECTIVE',
    'WINDOW',
    'SLI',
    'BUDGET LEFT',
    'BURN 1h',
    'BURN 6h',
    'EXHAUSTED IN',
    'STATE',
  ];
  const rows: string[][] = [header];
  for (const slo of slos) {
    if (slo.groups.length === 0) {
      rows.push([
        slo.id,
        '-',
        percent(slo.objective),
        slo.window,
        '-',
        '-',
        '-',
        '-',
        '-',
        'no_data',
      ]);
      continue;
    }
    for (const g of slo.groups) {
      const labels = Object.entries(g.labels)
        .filter(([, v]) => v !== '')
        .map(([, v]) => v)
        .join('/');
      const firing = g.alerts.filter((a) => a.firing).map((a) => a.severity);
      rows.push([
        slo.id,
        labels || '-',
        percent(g.objective),
        g.window,
        percent(g.sli, 4),
        percent(g.budgetRemaining, 1),
        rate(g.burnRates['1h']),
        rate(g.burnRates['6h']),
        duration(g.timeToExhaustionSeconds),
        firing.length > 0 ? `burning (${[...new Set(firing)].join(', ')})` : g.state,
      ]);
    }
  }
  const widths = header.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return (
    rows
      .map((r) =>
        r
          .map((cell, i) => cell.padEnd(widths[i] ?? 0))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}
