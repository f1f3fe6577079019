/**
 * Public types of the optimization engine: templates (rules over measured signals), the
 * opportunities they find, and the remediation requests and outcomes of safe execution.
 */
import type { Level, OptimizationCategory } from '../../config/optimization-config.js';
import type { WorkloadSignals } from './signals.js';

/** What a template measured: which metric, over which window, which values. */
export interface OpportunityEvidence {
  /** The metrics read. */
  metrics: string[];
  /** Start and end of the window judged, ms since the epoch. */
  windowStartMillis: number;
  windowEndMillis: number;
  /** The measured values and the thresholds they were compared with. */
  values: Record<string, number | string>;
}

/** The improvement a fix is predicted to bring, computed from the data. */
export interface PredictedImpact {
  /** As a ratio: the share of time, lookups or memory the fix addresses. */
  ratio: number;
  /** The same in words, with the absolute quantity (compile seconds per hour ...). */
  description: string;
}

/** One finding of a template: a condition that holds for one subject. */
export interface Detection {
  /** What it is about (a cache name, an operation, a memory type). */
  subject: string;
  /** How far past the threshold, in (0, 1]. */
  severity: number;
  /** How sure the measurement is, in [0, 1] (from the test behind the template). */
  confidence: number;
  evidence: OpportunityEvidence;
  impact: PredictedImpact;
  /** Parameters handed to the remediation action (say, a suggested cache size factor). */
  parameters?: Record<string, number | string>;
}

/** What a template's rule sees. */
export interface TemplateInput {
  signals: WorkloadSignals;
  /** Start of the judged window, ms. */
  fromMillis: number;
  /** End of the judged window, ms. */
  atMillis: number;
}

/** A template: a rule over measured signals, with what acting on it means. */
export interface OptimizationTemplate {
  /** Template id (`cache_tuning`, or a custom template's key). */
  id: string;
  category: OptimizationCategory;
  /** Title of its opportunities; `{subject}` is replaced. */
  title: string;
  description: string;
  implementationEffort: Level;
  riskLevel: Level;
  /** Whether its action may run without a person. */
  autoExecutable: boolean;
  /** The remediation action's name, if it has one. */
  action?: string;
  /** Key of `optimization_priorities` that weighs it. */
  priorityKey: string;
  /** The SLI metric its remediation is judged on (before/after), if any. */
  verifyMetric?: string;
  /** The rule. */
  detect(input: TemplateInput): Detection[];
}

/** An opportunity: a template's detection with its priority. */
export interface Opportunity {
  /** Stable id: template and subject, so re-detection updates it. */
  id: string;
  template: string;
  category: OptimizationCategory;
  title: string;
  description: string;
  subject: string;
  /** Configured priority x severity x confidence. */
  priority: number;
  confidence: number;
  severity: number;
  evidence: OpportunityEvidence;
  impact: PredictedImpact;
  implementationEffort: Level;
  riskLevel: Level;
  autoExecutable: boolean;
  action?: string;
  parameters: Record<string, number | string>;
  /** First seen, ms since the epoch. */
  detectedAtMillis: number;
  /** Last confirmed, ms since the epoch. */
  updatedAtMillis: number;
}

/** What a remediation action receives. */
export interface RemediationRequest {
  /** The execution id (also in the audit log). */
  remediationId: string;
  /** `apply` to make the change, `rollback` to undo it. */
  phase: 'apply' | 'rollback';
  action: string;
  opportunity: Pick<
    Opportunity,
    'id' | 'template' | 'category' | 'title' | 'subject' | 'confidence' | 'evidence' | 'impact'
  >;
  parameters: Record<string, number | string>;
  /** Why a rollback happens. */
  reason?: string;
}

/**
 * An in-process remediation callback: makes the change (or undoes it for `rollback`) and
 * resolves with details worth recording (the old and new cache size ...). Throwing or
 * rejecting counts as a failed action.
 */
export type RemediationCallback = (
  request: RemediationRequest,
) => Promise<Record<string, unknown> | void> | Record<string, unknown> | void;
