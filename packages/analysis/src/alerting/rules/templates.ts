/**
 * Annotation templates: `{{ $value }}`, `{{ $threshold }}`, `{{ $labels.<name> }}` (also
 * `{{ $labels["dotted.name"] }}`) are replaced; anything else in braces is left as written.
 */
import type { LabelSet } from '../labels.js';

/** What a template may refer to. */
export interface TemplateData {
  labels: LabelSet;
  value?: number;
  threshold?: number;
}

const PLACEHOLDER =
  /\{\{\s*\$(value|threshold|labels(?:\.([A-Za-z_][A-Za-z0-9_]*)|\["([^"]+)"\]))\s*\}\}/g;

/** Formats a number for people: up to 4 significant digits, no trailing zeros. */
export function formatValue(value: number | undefined): string {
  if (value === undefined || Number.isNaN(value)) return '';
  if (!Number.isFinite(value) || Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(4)));
}

/** Expands the placeholders of one template. */
export function expandTemplate(template: string, data: TemplateData): string {
  if (!template.includes('{{')) return template;
  return template.replace(PLACEHOLDER, (whole, what: string, dotted?: string, quoted?: string) => {
    if (what === 'value') return formatValue(data.value);
    if (what === 'threshold') return formatValue(data.threshold);
    const name = dotted ?? quoted;
    return name === undefined ? whole : (data.labels[name] ?? '');
  });
}

/** Expands every template of a map. */
export function expandTemplates(
  templates: Readonly<Record<string, string>>,
  data: TemplateData,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, template] of Object.entries(templates))
    out[key] = expandTemplate(template, data);
  return out;
}
