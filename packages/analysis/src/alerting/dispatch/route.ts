/**
 * The routing tree, as Alertmanager's: an alert enters at the root and descends into the
 * first child whose matchers match; a child with `continue` lets matching go on to its
 * siblings. When no child matches, the node itself takes the alert. Each node inherits the
 * grouping and channels of its parent unless it sets its own.
 */
import type { LabelSet } from '../labels.js';
import { matchesAll } from '../matchers.js';
import type { Matcher } from '../matchers.js';

/** Grouping and timing of a route. */
export interface RouteTiming {
  /** Labels that form a group; `['...']` groups by every label. @default ['alertname'] */
  groupBy: readonly string[];
  /** Wait before the first notification of a new group, ms. @default 30000 */
  groupWaitMillis: number;
  /** Wait before notifying about alerts added to a group already notified, ms. @default 300000 */
  groupIntervalMillis: number;
  /** Wait before re-sending a notification that did not change, ms. @default 14400000 (4h) */
  repeatIntervalMillis: number;
}

/** A route as configured (children and unset fields inherit from the parent). */
export interface RouteConfig extends Partial<RouteTiming> {
  /** All must match. @default [] */
  matchers?: readonly Matcher[];
  /** Channels notified; undefined inherits the parent's. */
  channels?: readonly string[];
  /** Keep matching siblings after this route matched. @default false */
  continue?: boolean;
  /** Child routes. */
  routes?: readonly RouteConfig[];
  /** Named time intervals during which the route sends nothing (not inherited). @default [] */
  muteTimeIntervals?: readonly string[];
  /** Escalation policy of the alerts this route takes; undefined inherits the parent's. */
  escalation?: string;
  /** Named time intervals outside which the route sends nothing (not inherited). @default [] = always */
  activeTimeIntervals?: readonly string[];
}

/** A route with everything inherited resolved. */
export interface Route extends RouteTiming {
  /** Path in the tree (`root`, `root/0`, `root/0/1`), part of each group key. */
  id: string;
  matchers: readonly Matcher[];
  channels: readonly string[];
  continue: boolean;
  routes: Route[];
  muteTimeIntervals: readonly string[];
  activeTimeIntervals: readonly string[];
  escalation: string | undefined;
}

/** Defaults of the root route. */
export const DEFAULT_ROUTE_TIMING: RouteTiming = {
  groupBy: ['alertname'],
  groupWaitMillis: 30_000,
  groupIntervalMillis: 300_000,
  repeatIntervalMillis: 4 * 3_600_000,
};

/** Resolves inheritance from the root down. */
export function buildRoute(
  config: RouteConfig,
  parent: Omit<
    Route,
    'id' | 'routes' | 'matchers' | 'continue' | 'muteTimeIntervals' | 'activeTimeIntervals'
  > = {
    ...DEFAULT_ROUTE_TIMING,
    channels: [],
    escalation: undefined,
  },
  id = 'root',
): Route {
  const route: Route = {
    id,
    matchers: config.matchers ?? [],
    channels: config.channels ?? parent.channels,
    continue: config.continue ?? false,
    groupBy: config.groupBy ?? parent.groupBy,
    groupWaitMillis: config.groupWaitMillis ?? parent.groupWaitMillis,
    groupIntervalMillis: config.groupIntervalMillis ?? parent.groupIntervalMillis,
    repeatIntervalMillis: config.repeatIntervalMillis ?? parent.repeatIntervalMillis,
    routes: [],
    muteTimeIntervals: config.muteTimeIntervals ?? [],
    activeTimeIntervals: config.activeTimeIntervals ?? [],
    escalation: config.escalation ?? parent.escalation,
  };
  route.routes = (config.routes ?? []).map((child, i) => buildRoute(child, route, `${id}/${i}`));
  return route;
}

/** The routes that take an alert with `labels` (the root takes what nothing else does). */
export function matchRoutes(route: Route, labels: LabelSet): Route[] {
  if (!matchesAll(route.matchers, labels)) return [];
  const out: Route[] = [];
  for (const child of route.routes) {
    const matched = matchRoutes(child, labels);
    if (matched.length === 0) continue;
    out.push(...matched);
    if (!child.continue) break;
  }
  return out.length > 0 ? out : [route];
}

/** Every channel named anywhere in the tree. */
export function routeChannels(route: Route): Set<string> {
  const out = new Set(route.channels);
  for (const child of route.routes) for (const c of routeChannels(child)) out.add(c);
  return out;
}
