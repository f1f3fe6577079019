/**
 * An opportunity from a template's detection, and what it becomes elsewhere: its stored
 * record and its informational `opportunity` finding.
 */
import type { OpportunityInput, OpportunityStatus } from '../../store/records.js';
import type { Finding } from '../findings.js';
import type { Detection, Opportunity, OptimizationTemplate } from './types.js';

/** Engine name in findings, status and self-telemetry. */
export const OPTIMIZATION_ENGINE_NAME = 'optimization';

/** The stable id of a detection: template and subject, so re-detection updates it. */
export function opportunityId(t: OptimizationTemplate, d: Detection): string {
  return `${t.id}:${d.subject}`;
}

/** The opportunity of a detection: priority = `weight` x severity x confidence. */
export function toOpportunity(
  t: OptimizationTemplate,
  d: Detection,
  weight: number,
  previous: Opportunity | undefined,
  at: number,
): Opportunity {
  return {
    id: opportunityId(t, d),
    template: t.id,
    category: t.category,
    title: t.title.replace('{subject}', d.subject),
    description: t.description,
    subject: d.subject,
    priority: Number((weight * d.severity * d.confidence).toPrecision(6)),
    confidence: d.confidence,
    severity: d.severity,
    evidence: d.evidence,
    impact: d.impact,
    implementationEffort: t.implementationEffort,
    riskLevel: t.riskLevel,
    autoExecutable: t.autoExecutable,
    ...(t.action ? { action: t.action } : {}),
    parameters: d.parameters ?? {},
    detectedAtMillis: previous?.detectedAtMillis ?? at,
    updatedAtMillis: at,
  };
}

/** The stored record of an opportunity (the whole opportunity in `details`). */
export function opportunityInput(
  o: Opportunity,
  status: OpportunityStatus,
  at: number,
): OpportunityInput {
  return {
    id: o.id,
    template: o.template,
    category: o.category,
    title: o.title,
    priority: o.priority,
    estimatedImpact: o.impact.ratio,
    status,
    seriesKey: o.subject,
    details: { opportunity: o },
    at,
  };
}

/** The informational finding of a newly found opportunity. */
export function opportunityFinding(o: Opportunity, windowSeconds: number, at: number): Finding {
  return {
    engine: OPTIMIZATION_ENGINE_NAME,
    kind: 'opportunity',
    severity: 'info',
    state: 'firing',
    labels: { template: o.template, subject: o.subject, category: o.category },
    summary: `${o.title} (priority ${o.priority.toFixed(2)}, confidence ${o.confidence.toFixed(2)}; ${o.impact.description})`,
    value: o.priority,
    windowSeconds,
    evidence: { ...o.evidence.values, confidence: o.confidence, predictedImpact: o.impact.ratio },
    suggestedAction: o.description,
    startsAtMillis: at,
  };
}
