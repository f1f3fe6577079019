/**
 * Names of the metrics the optimization engine derives: the opportunities it found (under
 * `heterodyne.opportunity.`) and the remediation actions it decided and took (under
 * `heterodyne.remediation.`).
 *
 * Prometheus sees them as `heterodyne_opportunity_active`, `heterodyne_remediation_actions_total`, ...
 */
import type { MetricDefinition } from './metrics.js';

/** The template that found an opportunity, e.g. `cache_tuning`. */
export const ATTR_OPPORTUNITY_TEMPLATE = 'heterodyne.opportunity.template';
/** The opportunity's category: `algorithm`, `memory`, `io` or `numerical`. */
export const ATTR_OPPORTUNITY_CATEGORY = 'heterodyne.opportunity.category';
/** What the opportunity is about: a cache, an operation, a memory type, a version. */
export const ATTR_OPPORTUNITY_SUBJECT = 'heterodyne.opportunity.subject';
/** The remediation action's name, e.g. `cache_tune`. */
export const ATTR_REMEDIATION_ACTION = 'heterodyne.remediation.action';
/** What became of a remediation decision (see {@link REMEDIATION_OUTCOME_VALUES}). */
export const ATTR_REMEDIATION_OUTCOME = 'heterodyne.remediation.outcome';

/** Values of {@link ATTR_REMEDIATION_OUTCOME}. */
export const REMEDIATION_OUTCOME_VALUES = [
  'recommended',
  'dry_run',
  'rate_limited',
  'executed',
  'kept',
  'rolled_back',
  'failed',
  // Under approval (`approvals.require_approval`).
  'awaiting_approval',
  'approved',
  'not_run',
  'rejected',
  'expired',
] as const;

/** Opportunities currently open, by template and category. Gauge. */
export const METRIC_OPPORTUNITY_ACTIVE = 'heterodyne.opportunity.active';
/** Priority of an open opportunity (configured priority x severity x confidence). Gauge. */
export const METRIC_OPPORTUNITY_PRIORITY = 'heterodyne.opportunity.priority';
/** Confidence of an open opportunity, in [0, 1]. Gauge. */
export const METRIC_OPPORTUNITY_CONFIDENCE = 'heterodyne.opportunity.confidence';
/** Predicted improvement of an open opportunity, a ratio. Gauge. */
export const METRIC_OPPORTUNITY_PREDICTED_IMPACT = 'heterodyne.opportunity.predicted_impact';
/** Remediation decisions and their outcomes, by action. Counter. */
export const METRIC_REMEDIATION_ACTIONS = 'heterodyne.remediation.actions';
/** Remediations in their canary window now. Gauge. */
export const METRIC_REMEDIATION_CANARIES = 'heterodyne.remediation.canaries';

/** The optimization engine's metrics, in documentation order. */
export const OPTIMIZATION_METRICS: readonly MetricDefinition[] = [
  {
    name: METRIC_OPPORTUNITY_ACTIVE,
    instrument: 'gauge',
    unit: '{opportunity}',
    description: 'Optimization opportunities currently open.',
    attributes: [ATTR_OPPORTUNITY_TEMPLATE, ATTR_OPPORTUNITY_CATEGORY],
  },
  {
    name: METRIC_OPPORTUNITY_PRIORITY,
    instrument: 'gauge',
    unit: '1',
    description:
      'Priority of an open opportunity: the configured priority times severity times confidence.',
    attributes: [ATTR_OPPORTUNITY_TEMPLATE, ATTR_OPPORTUNITY_CATEGORY, ATTR_OPPORTUNITY_SUBJECT],
  },
  {
    name: METRIC_OPPORTUNITY_CONFIDENCE,
    instrument: 'gauge',
    unit: '1',
    description: 'Confidence of an open opportunity, from the test behind its template.',
    attributes: [ATTR_OPPORTUNITY_TEMPLATE, ATTR_OPPORTUNITY_CATEGORY, ATTR_OPPORTUNITY_SUBJECT],
  },
  {
    name: METRIC_OPPORTUNITY_PREDICTED_IMPACT,
    instrument: 'gauge',
    unit: '1',
    description:
      'Predicted improvement of an open opportunity as a ratio (share of time, lookups or memory the fix addresses).',
    attributes: [ATTR_OPPORTUNITY_TEMPLATE, ATTR_OPPORTUNITY_CATEGORY, ATTR_OPPORTUNITY_SUBJECT],
  },
  {
    name: METRIC_REMEDIATION_ACTIONS,
    instrument: 'counter',
    unit: '{action}',
    description:
      'Remediation decisions and what became of them (recommended, dry_run, rate_limited, executed, kept, rolled_back, failed; under approval awaiting_approval, approved, not_run, rejected, expired).',
    attributes: [ATTR_REMEDIATION_ACTION, ATTR_REMEDIATION_OUTCOME],
  },
  {
    name: METRIC_REMEDIATION_CANARIES,
    instrument: 'gauge',
    unit: '{remediation}',
    description:
      'Remediations in their canary window, measured before they are kept or rolled back.',
    attributes: [],
  },
];
