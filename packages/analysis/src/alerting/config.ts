/**
 * The `alerting` section, resolved: threshold rules, channels, the routing tree, inhibition
 * rules and delivery retries. Written in the file, it turns the alerting component on.
 */
import type { Route } from './dispatch/route.js';
import type { TimeIntervals } from './dispatch/time-intervals.js';
import type { EscalationPolicy } from './escalation/escalation-policy.js';
import type { OnCallRotation, OnCallUser } from './escalation/oncall.js';
import type { InhibitRule } from './inhibit/inhibitor.js';
import type { ChannelConfig } from './notify/channels.js';
import type { DeliveryConfig } from './notify/delivery-queue.js';
import type { ThresholdRuleConfig } from './rules/threshold-rule.js';

/** Threshold rule evaluation interval, in milliseconds. */
export const DEFAULT_ALERT_EVALUATION_INTERVAL_MILLIS = 15_000;

/** `alerting`. */
export interface AlertingConfig {
  /** Whether the section is written; without it no alerting runs. @default false */
  enabled: boolean;
  /** How often threshold rules are evaluated. @default 15s */
  evaluationIntervalMillis: number;
  /** Whether the default rules (`rules/default-rules.ts`) are evaluated. @default true */
  defaultRules: boolean;
  /** The written rules (a rule with a default rule's id replaces it). */
  rules: ThresholdRuleConfig[];
  /** Channels by id; without any, one `console` channel. */
  channels: Record<string, ChannelConfig>;
  /** The routing tree; without `route`, the root notifies every channel. */
  route: Route;
  /** @default [] */
  inhibitRules: InhibitRule[];
  /** Named time intervals for routes' `mute_time_intervals` / `active_time_intervals`. @default {} */
  timeIntervals: TimeIntervals;
  /** People and on-call rotations, named by escalation levels' `oncall`. @default none */
  onCall: { users: Record<string, OnCallUser>; rotations: Record<string, OnCallRotation> };
  /** Escalation policies by id, named by routes' `escalation`. @default {} */
  escalationPolicies: Record<string, EscalationPolicy>;
  /** Retries of deliveries. */
  delivery: DeliveryConfig;
  /**
   * Base URL of this service as people reach it, for links in notifications.
   * @default the API's own URL
   */
  externalUrl: string | undefined;
}
