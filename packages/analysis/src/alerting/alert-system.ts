/**
 * `AlertSystem`: the monitoring description's alerting interface (`evaluateMetric`,
 * `addAlertRule`, `acknowledgeAlert`, `getActiveAlerts`, `testAlertChannel`) over the alerting
 * core, with state in the store and notifications through the persisted delivery queue. The
 * service drives it (`receiveFinding`, `evaluateRules` at the evaluation interval, `tick`
 * every second); in-process users can call the same methods. Time comes from the clock.
 */
import type { EngineLogger } from '../engines/engine.js';
import type { Finding } from '../engines/findings.js';
import type { SeriesView } from '../engines/series-view.js';
import { err, ok } from '../result.js';
import type { Result } from '../result.js';
import type { Clock } from '../series/types.js';
import type { SilenceInput, SilenceRecord } from '../store/alert-records.js';
import { createAlertStateStore } from './alert-state-store.js';
import type { AlertStateBackend, AlertStateStore } from './alert-state-store.js';
import { createAlertingCore } from './alerting-core.js';
import { createEscalator } from './escalation/escalator.js';
import type { Escalator } from './escalation/escalator.js';
import type { AlertingCore, AlertView } from './alerting-core.js';
import type { AlertingConfig } from './config.js';
import { fingerprint } from './labels.js';
import { resendToAlertmanagers } from './notify/alertmanager-resend.js';
import { createNotifier } from './notify/channels.js';
import { createDeliveryQueue } from './notify/delivery-queue.js';
import { testNotification } from './notify/test-notification.js';
import type { DeliveryOutcome, DeliveryQueue } from './notify/delivery-queue.js';
import type { Notifier, NotifierContext } from './notify/notifier.js';
import { DEFAULT_THRESHOLD_RULES } from './rules/default-rules.js';
import { findingToAlert } from './rules/finding-alerts.js';
import { expandTemplates } from './rules/templates.js';
import { compare, createThresholdRule } from './rules/threshold-rule.js';
import type { ThresholdRule, ThresholdRuleConfig } from './rules/threshold-rule.js';
import type { Alert, AlertSeverity } from './types.js';
import { isFiring, severityOf } from './types.js';

/** Options of {@link AlertSystem}. */
export interface AlertSystemOptions {
  config: AlertingConfig;
  /** Where alerts, acknowledgements, silences and deliveries persist. */
  store: AlertStateBackend;
  clock: Clock;
  /** The series the threshold rules read; without it only `evaluateMetric` feeds rules. */
  series?: SeriesView;
  /** Notifiers by channel id; built from `config.channels` when absent. */
  notifiers?: ReadonlyMap<string, Notifier>;
  /** Links in notifications (read at send time). */
  context?: NotifierContext;
  /** @default silent */
  logger?: EngineLogger;
  /** This replica's name when several share one store (escalations are kept per replica). */
  replica?: string;
  /** Jitter source. @default Math.random */
  random?: () => number;
  /** Told of every delivery attempt. */
  onDelivery?(channel: string, outcome: DeliveryOutcome, latencyMillis: number): void;
}

/** The alerting system. */
export class AlertSystem {
  private readonly _core: AlertingCore;
  private readonly _state: AlertStateStore;
  private readonly _queue: DeliveryQueue;
  private readonly _rules = new Map<string, ThresholdRule>();
  private readonly _notifiers: ReadonlyMap<string, Notifier>;
  private readonly _context: NotifierContext;
  private readonly _lastResend = new Map<string, number>();
  private readonly _pushed = new Map<string, { since: number }>();
  private readonly _escalator: Escalator;

  constructor(private readonly _options: AlertSystemOptions) {
    const { config } = _options;
    this._core = createAlertingCore({
      route: config.route,
      inhibitRules: config.inhibitRules,
      timeIntervals: config.timeIntervals,
    });
    this._context = _options.context ?? {};
    this._notifiers =
      _options.notifiers ??
      new Map(Object.values(config.channels).map((c) => [c.id, createNotifier(c, this._context)]));
    this._state = createAlertStateStore({
      store: _options.store,
      onError: (what, error) =>
        _options.logger?.error(`alerting: cannot ${what}`, { error: String(error) }),
    });
    const rateLimits = new Map<string, number>();
    for (const c of Object.values(config.channels)) {
      if (c.rateLimitPerHour !== undefined) rateLimits.set(c.id, c.rateLimitPerHour);
    }
    const fallbacks = new Map<string, readonly string[]>();
    for (const c of Object.values(config.channels)) {
      if (c.fallbacks && c.fallbacks.length > 0) fallbacks.set(c.id, c.fallbacks);
    }
    this._queue = createDeliveryQueue({
      store: _options.store,
      notifiers: this._notifiers,
      rateLimits,
      fallbacks,
      clock: _options.clock,
      ...config.delivery,
      ...(_options.random ? { random: _options.random } : {}),
      onAttempt: (e) => {
        _options.onDelivery?.(
          e.channel,
          e.outcome,
          _options.clock.now() - e.notification.createdAtMillis,
        );
        if (e.outcome === 'failed' || e.outcome === 'dead-letter') {
          _options.logger?.warn(
            `alert notification ${e.outcome === 'failed' ? 'failed' : 'dead-lettered'}`,
            {
              channel: e.channel,
              attempt: e.attempt,
              error: e.error,
              ...(e.failoverTo === undefined ? {} : { failedOverTo: e.failoverTo }),
            },
          );
        }
      },
    });
    const store = _options.store;
    this._escalator = createEscalator({
      policies: config.escalationPolicies,
      onCall: config.onCall,
      route: config.route,
      ...(_options.replica === undefined ? {} : { replica: _options.replica }),
      ...(store.getCheckpoint && store.putCheckpoint
        ? {
            store: {
              getCheckpoint: store.getCheckpoint.bind(store),
              putCheckpoint: store.putCheckpoint.bind(store),
            },
          }
        : {}),
    });
    const rules = new Map<string, ThresholdRuleConfig>();
    if (config.defaultRules) for (const r of DEFAULT_THRESHOLD_RULES) rules.set(r.id, r);
    for (const r of config.rules) rules.set(r.id, r);
    for (const r of rules.values()) this._rules.set(r.id, createThresholdRule(r));
  }

  /** Loads the open alerts, acknowledgements and silences from the store. */
  async start(): Promise<void> {
    const now = this._options.clock.now();
    const restored = await this._state.restore(now, (r) =>
      r.labels.engine !== undefined ? 'finding' : this._rules.has(r.ruleId) ? 'rule' : 'api',
    );
    for (const s of restored.silences) this._core.silences.put(s);
    for (const { alert, acknowledged } of restored.alerts) {
      this._core.restore(alert, now, acknowledged);
      if (alert.source === 'rule') this._rules.get(alert.ruleId)?.restore(alert, now);
    }
    await this._escalator.load(new Set(restored.alerts.map((r) => r.alert.fingerprint)));
  }

  /** Adds (or replaces, by id) a threshold rule. */
  addAlertRule(rule: ThresholdRuleConfig): void {
    this._rules.set(rule.id, createThresholdRule(rule));
  }

  /** The threshold rules, by id. */
  rules(): ThresholdRuleConfig[] {
    return [...this._rules.values()].map((r) => r.config);
  }

  /**
   * Checks one value of `metricName` against the rules of that metric now: an alert per rule
   * whose condition holds (after its `for`), labelled with `context`; a rule whose condition no
   * longer holds resolves its alert. Returns the alerts firing for this value.
   */
  evaluateMetric(metricName: string, value: number, context: Record<string, string> = {}): Alert[] {
    const now = this._options.clock.now();
    const out: Alert[] = [];
    for (const rule of this._rules.values()) {
      const c = rule.config;
      if (c.metric !== metricName) continue;
      const labels = {
        ...context,
        metric: metricName,
        ...c.labels,
        alertname: c.id,
        severity: c.severity,
      };
      const fp = fingerprint(labels);
      if (!Number.isFinite(value) || !compare(value, c.comparison, c.threshold)) {
        this._pushed.delete(fp);
        const known = this._core.get(fp);
        if (known) this._receive([{ ...known, endsAtMillis: now, updatedAtMillis: now }], now);
        continue;
      }
      const pending = this._pushed.get(fp) ?? { since: now };
      this._pushed.set(fp, pending);
      if (now - pending.since < c.forMillis) continue;
      const alert: Alert = {
        labels,
        annotations: expandTemplates(c.annotations, { labels, value, threshold: c.threshold }),
        fingerprint: fp,
        ruleId: c.id,
        source: 'api',
        startsAtMillis: pending.since,
        updatedAtMillis: now,
        value,
      };
      out.push(alert);
    }
    this._receive(out, now);
    return out;
  }

  /** Evaluates every threshold rule over the series at `atMillis`. */
  evaluateRules(atMillis: number = this._options.clock.now()): { firing: number; pending: number } {
    const series = this._options.series;
    if (!series) return { firing: 0, pending: 0 };
    let firing = 0;
    let pending = 0;
    for (const rule of this._rules.values()) {
      const result = rule.evaluate(series, atMillis);
      firing += result.firing.length;
      pending += result.pending;
      this._receive([...result.firing, ...result.resolved], atMillis);
    }
    return { firing, pending };
  }

  /** Takes a finding from an engine. */
  receiveFinding(finding: Finding): void {
    const alert = findingToAlert(finding, {
      ...(this._context.externalUrl ? { apiUrl: this._context.externalUrl } : {}),
    });
    this._receive([alert], this._options.clock.now());
  }

  private _receive(alerts: readonly Alert[], atMillis: number): void {
    const fired: Alert[] = [];
    for (const alert of alerts) {
      const outcome = this._core.receive(alert, atMillis);
      if (outcome === 'resolved') {
        this._state.resolve(alert, atMillis);
        this._escalator.resolved(alert.fingerprint);
      } else if (outcome === 'new' || outcome === 'updated') {
        fired.push(alert);
        if (outcome === 'new') this._escalator.started(alert, atMillis);
      }
    }
    this._state.fire(fired, atMillis);
  }

  /**
   * Queues the notifications due now, attempts the deliveries due now, and re-sends firing
   * alerts to Alertmanager channels at their resend interval.
   */
  async tick(): Promise<Record<DeliveryOutcome, number>> {
    const now = this._options.clock.now();
    for (const n of this._core.tick(now)) await this._queue.enqueue(n);
    const escalations = this._escalator.tick(
      now,
      (fp) => this._core.get(fp),
      (a) => this._core.silences.mutedBy(a.labels, now).length > 0,
    );
    for (const n of escalations) await this._queue.enqueue(n);
    await this._escalator.save();
    await resendToAlertmanagers(this._options.config, this._lastResend, now, {
      active: () => this._core.active(now).filter((a) => a.state === 'active'),
      externalUrl: this._context.externalUrl ?? '',
      onError: (channel, error) =>
        this._options.logger?.warn('alertmanager re-send failed', { channel, error }),
    });
    return this._queue.process();
  }

  /**
   * Acknowledges an alert by store id or fingerprint: no repeat notifications for it, and the
   * acknowledgement is recorded with who and when. False when no open alert has that id.
   */
  async acknowledgeAlert(alertId: string, user = 'system', comment?: string): Promise<boolean> {
    await this._state.flush();
    const open = this._core.active(this._options.clock.now());
    const match = open.find(
      (a) => a.fingerprint === alertId || this._state.idOf(a.fingerprint) === alertId,
    );
    if (!match) return false;
    const id = this._state.idOf(match.fingerprint);
    if (id === undefined) return false;
    const result = await this._options.store.acknowledgeAlert({
      alertId: id,
      by: user,
      at: this._options.clock.now(),
      ...(comment === undefined ? {} : { comment }),
    });
    if (!result.ok) return false;
    this._core.acknowledge(match.fingerprint);
    this._escalator.acknowledged(match.fingerprint, this._options.clock.now());
    await this._escalator.save();
    return true;
  }

  /** Active alerts (firing, including silenced and inhibited ones), optionally of one severity. */
  getActiveAlerts(severity?: AlertSeverity): (AlertView & { id: string | undefined })[] {
    return this._core
      .active(this._options.clock.now(), severity)
      .map((a) => ({ ...a, id: this._state.idOf(a.fingerprint) }));
  }

  /** Sends a test notification through one channel now: ok, or the exact cause. */
  async testAlertChannel(channelId: string): Promise<Result<void, string>> {
    const notifier = this._notifiers.get(channelId);
    if (!notifier) {
      const known = [...this._notifiers.keys()].join(', ') || 'none';
      return err(`channel "${channelId}" is not configured (channels: ${known})`);
    }
    const test = testNotification(channelId, this._options.clock.now());
    try {
      const result = await notifier.send(test);
      return result.ok ? ok(undefined) : result;
    } catch (error) {
      return err(error instanceof Error ? error.message : String(error));
    }
  }

  /** Creates a silence (matchers, start, end, author, comment). */
  async createSilence(input: SilenceInput): Promise<SilenceRecord> {
    const record = await this._state.createSilence(input);
    this._core.silences.put(record);
    return record;
  }

  /** Ends a silence now; undefined when unknown. */
  async expireSilence(id: string): Promise<SilenceRecord | undefined> {
    const record = await this._options.store.expireSilence(id, this._options.clock.now());
    if (record) this._core.silences.put(record);
    return record;
  }

  /** Active alerts by severity (every severity present, zero when none). */
  activeBySeverity(): Record<AlertSeverity, number> {
    const counts: Record<AlertSeverity, number> = { info: 0, warning: 0, error: 0, critical: 0 };
    for (const a of this._core.active(this._options.clock.now())) counts[severityOf(a)]++;
    return counts;
  }

  /** Counts for the status. */
  report(): Record<string, unknown> {
    const now = this._options.clock.now();
    const active = this._core.active(now);
    return {
      rules: this._rules.size,
      channels: [...this._notifiers.keys()],
      activeAlerts: active.length,
      suppressedAlerts: active.filter((a) => a.state === 'suppressed').length,
      groups: this._core.groups().length,
      escalations: this._escalator.states().length,
      firing: active.filter((a) => isFiring(a, now)).length,
    };
  }

  /** Waits for state writes, then closes the channels' connections. */
  async shutdown(): Promise<void> {
    await this._state.flush();
    for (const n of this._notifiers.values()) await n.close?.();
  }
}
