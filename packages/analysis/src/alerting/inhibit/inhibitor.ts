/**
 * Inhibition, as Alertmanager's: while an alert matching a rule's source matchers fires, alerts
 * matching its target matchers with the same values of the `equal` labels are not notified
 * (a critical alert hides the warning of the same condition). An alert never inhibits itself.
 */
import type { LabelSet } from '../labels.js';
import { matchesAll } from '../matchers.js';
import type { Matcher } from '../matchers.js';

/** One inhibition rule. */
export interface InhibitRule {
  sourceMatchers: readonly Matcher[];
  targetMatchers: readonly Matcher[];
  /** Labels that must have equal values in source and target. @default [] */
  equal: readonly string[];
}

/** A firing alert as the inhibitor sees it. */
export interface InhibitCandidate {
  fingerprint: string;
  labels: LabelSet;
}

/** Inhibition decided against one snapshot of the firing alerts. */
export type InhibitionCheck = (target: InhibitCandidate) => boolean;

/**
 * Indexes the firing alerts that are sources of each rule by their `equal` label values, so
 * each check costs one lookup per applicable rule however many alerts fire.
 */
export function createInhibitionCheck(
  rules: readonly InhibitRule[],
  firing: Iterable<InhibitCandidate>,
): InhibitionCheck {
  if (rules.length === 0) return () => false;
  // Per rule: equal-label key -> fingerprints of the source alerts with that key.
  const index = rules.map(() => new Map<string, string[]>());
  for (const source of firing) {
    rules.forEach((rule, i) => {
      if (!matchesAll(rule.sourceMatchers, source.labels)) return;
      const key = equalKey(rule, source.labels);
      const list = index[i]?.get(key);
      if (list) list.push(source.fingerprint);
      else index[i]?.set(key, [source.fingerprint]);
    });
  }
  return (target) => {
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i] as InhibitRule;
      if (!matchesAll(rule.targetMatchers, target.labels)) continue;
      const sources = index[i]?.get(equalKey(rule, target.labels));
      if (sources?.some((fp) => fp !== target.fingerprint)) return true;
    }
    return false;
  };
}

function equalKey(rule: InhibitRule, labels: LabelSet): string {
  return JSON.stringify(rule.equal.map((name) => labels[name] ?? ''));
}
