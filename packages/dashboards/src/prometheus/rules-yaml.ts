/**
 * Prometheus rule files as YAML text: `groups:` with `name`, optional `interval`, and rules
 * with `record`/`alert`, `expr`, `for`, `labels`, `annotations`. Expressions are literal
 * block scalars (`|-`: the text as is, no escaping); every other string is a double-quoted
 * scalar (JSON string syntax is valid YAML), so no template can be misread as YAML structure.
 * Output is deterministic for the staleness test.
 */
import type { PrometheusRule, PrometheusRuleGroup } from './types.js';

function quote(text: string): string {
  return JSON.stringify(text);
}

function mapLines(key: string, map: Readonly<Record<string, string>> | undefined): string[] {
  if (map === undefined || Object.keys(map).length === 0) return [];
  return [`        ${key}:`, ...Object.entries(map).map(([k, v]) => `          ${k}: ${quote(v)}`)];
}

function blockLines(key: string, text: string): string[] {
  return [`        ${key}: |-`, ...text.split('\n').map((l) => `          ${l}`)];
}

function ruleLines(rule: PrometheusRule): string[] {
  const head =
    rule.record !== undefined
      ? `      - record: ${quote(rule.record)}`
      : `      - alert: ${quote(rule.alert ?? '')}`;
  return [
    head,
    ...blockLines('expr', rule.expr),
    ...(rule.for !== undefined ? [`        for: ${quote(rule.for)}`] : []),
    ...mapLines('labels', rule.labels),
    ...mapLines('annotations', rule.annotations),
  ];
}

/** A rule file with `header` lines as `#` comments first. */
export function renderRuleFile(
  groups: readonly PrometheusRuleGroup[],
  header: readonly string[] = [],
): string {
  const lines = header.map((l) => (l === '' ? '#' : `# ${l}`));
  lines.push('groups:');
  for (const group of groups) {
    lines.push(`  - name: ${quote(group.name)}`);
    if (group.interval !== undefined) lines.push(`    interval: ${quote(group.interval)}`);
    lines.push('    rules:');
    for (const rule of group.rules) lines.push(...ruleLines(rule));
  }
  return `${lines.join('\n')}\n`;
}
