/**
 * Sections reserved for the engines that come later (alerting, baselines, analytics,
 * optimization). They hold exactly the keys the feature description documents (its
 * "Complete Configuration Example", the alert rule and optimization template examples),
 * in snake_case in the file and camelCase here. The `*_dir` keys of that example are not
 * taken: all state lives in `store`.
 */
import type { Secret } from './secret.js';

/** Alert severities. */
export const ALERT_SEVERITIES = ['info', 'warning', 'error', 'critical'] as const;
/** Threshold comparisons of alert rules (`gt`: fire when value > threshold). */
export const ALERT_COMPARISONS = ['gt', 'gte', 'lt', 'lte', 'eq'] as const;
/** Alert channel types. */
export const ALERT_CHANNEL_TYPES = ['email', 'slack', 'webhook', 'file', 'console'] as const;
export { BASELINE_METHODS } from './baselines-config.js';
/** Optimization categories. */
export const OPTIMIZATION_CATEGORIES = ['algorithm', 'memory', 'io', 'numerical'] as const;
/** Effort and risk levels of optimization templates. */
export const LEVELS = ['low', 'medium', 'high'] as const;

/** Fields every alert channel has. */
interface AlertChannelBase {
  /** At most this many deliveries per hour through the channel; `undefined` for no limit. */
  rateLimitPerHour: number | undefined;
}

/** An email channel (`config.smtp_server`, `from_address`, `to_addresses`). */
export interface EmailChannelConfig extends AlertChannelBase {
  type: 'email';
  smtpServer: string;
  fromAddress: string;
  toAddresses: string[];
}

/** A Slack channel (`config.bot_token` from the environment, `config.channel`). */
export interface SlackChannelConfig extends AlertChannelBase {
  type: 'slack';
  botToken: Secret;
  channel: string;
}

/** Channels whose settings the alerting engine will define. */
export interface OtherChannelConfig extends AlertChannelBase {
  type: 'webhook' | 'file' | 'console';
}

/** An alert channel. */
export type AlertChannelConfig = EmailChannelConfig | SlackChannelConfig | OtherChannelConfig;

/** An alert rule (`alerting.rules.<id>`). */
export interface AlertRuleConfig {
  /** Glob over metric names (`*response_time*`). */
  metricPattern: string;
  threshold: number;
  comparison: (typeof ALERT_COMPARISONS)[number];
  severity: (typeof ALERT_SEVERITIES)[number];
  /** Channel ids, each defined under `alerting.channels`. */
  channels: string[];
  /** Quiet time after the rule fires. @default 5m */
  cooldownMillis: number;
}

/** `alerting`. */
export interface AlertingConfig {
  channels: Record<string, AlertChannelConfig>;
  rules: Record<string, AlertRuleConfig>;
}

export type { BaselinesConfig } from './baselines-config.js';

/** `analytics`. */
export interface AnalyticsConfig {
  mlModels: {
    anomalyDetection: {
      /** Expected share of anomalies. @default 0.1 */
      contamination: number;
      /** Trees in the isolation forest. @default 100 */
      nEstimators: number;
    };
    performancePrediction: {
      /** Trees in the random forest. @default 100 */
      nEstimators: number;
      /** @default 10 */
      maxDepth: number;
    };
  };
}

/** An optimization template (`optimization.optimization_templates.<id>`). */
export interface OptimizationTemplateConfig {
  category: (typeof OPTIMIZATION_CATEGORIES)[number];
  implementationEffort: (typeof LEVELS)[number];
  riskLevel: (typeof LEVELS)[number];
  autoExecutable: boolean;
  description: string;
}

/** `optimization`. */
export interface OptimizationConfig {
  /** Off unless turned on: remediation changes running systems. @default false */
  autoRemediationEnabled: boolean;
  /** Confidence above which an opportunity may run automatically. @default 0.9 */
  autoExecutionThreshold: number;
  /** Largest accuracy loss an optimization may cause before it is rolled back. @default 0.01 */
  accuracyLossThreshold: number;
  /** Priority per opportunity kind (higher first). */
  optimizationPriorities: Record<string, number>;
  optimizationTemplates: Record<string, OptimizationTemplateConfig>;
}
