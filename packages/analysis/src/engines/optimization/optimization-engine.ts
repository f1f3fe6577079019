/**
 * The optimization engine: at each evaluation it measures the window of signals, runs every
 * template (built-in and custom), keeps the opportunities they find (priority = configured
 * priority x severity x confidence) in the store, raises an informational `opportunity`
 * finding per opportunity (resolved when its condition clears), judges the remediations
 * whose canary window ended, and decides (and, when allowed, executes) remediations.
 *
 * The seed's in-process API: `start`, `stop`, `getTopOpportunities`,
 * `registerRemediationCallback`, `getOptimizationStatus`, `setAnalytics`,
 * `setBaselineManager`.
 */
import { METRIC_ACCURACY_ACHIEVED } from '@heterodyne/semconv';
import type { RemediationApprovalGate } from '../../approvals/remediation-approvals.js';
import type { OptimizationConfig } from '../../config/optimization-config.js';
import type { Result } from '../../result.js';
import type { ProposalRecord } from '../../store/approval-records.js';
import type { RemediationRecord } from '../../store/records.js';
import type {
  RemediationAuditInput,
  RemediationAuditStore,
} from '../../store/remediation-audit.js';
import type { OpportunityStatus } from '../../store/records.js';
import type { BaselineStore, MonitoringStore, OpportunityStore } from '../../store/types.js';
import type { DerivedMetrics } from '../../telemetry/derived-metrics.js';
import type { PerformanceAnalytics } from '../analytics/performance-analytics.js';
import type { BaselineManager } from '../baselines/baseline-manager.js';
import type { Engine, EngineContext, EngineLogger, EngineReport } from '../engine.js';
import type { Finding } from '../findings.js';
import type { SeriesView } from '../series-view.js';
import { analyticsMemoryTemplate } from './analytics-template.js';
import { executeApproved, recordAwaitingApproval, recordProposalOutcome } from './approval-step.js';
import { configuredTemplates } from './configured-templates.js';
import { exportOptimizationMetrics } from './optimization-metrics.js';
import type { OptimizationMetricsExport } from './optimization-metrics.js';
import { callbackAction, webhookAction } from './remediation-actions.js';
import type { RemediationAction } from './remediation-actions.js';
import { createRemediationFlow } from './remediation-flow.js';
import type { RemediationDecision, RemediationFlow } from './remediation-flow.js';
import {
  OPTIMIZATION_ENGINE_NAME,
  opportunityFinding,
  opportunityId,
  opportunityInput,
  toOpportunity,
} from './opportunity-records.js';
import { readSignals } from './signals.js';
import type { Opportunity, OptimizationTemplate, RemediationCallback } from './types.js';

export { OPTIMIZATION_ENGINE_NAME } from './opportunity-records.js';

/** Stored statuses an opportunity keeps while its condition holds (`dismissed` reopens). */
const LIVE_STATUSES: OpportunityStatus[] = ['open', 'accepted', 'applied', 'rolled-back'];

/** Options of {@link OptimizationEngine}. */
export interface OptimizationEngineOptions {
  config: OptimizationConfig;
  /** Opportunities, remediations and the audit log (and baselines, for the accuracy reference). */
  store: OpportunityStore &
    RemediationAuditStore &
    Partial<Pick<BaselineStore, 'listBaselines'>> &
    Partial<Pick<MonitoringStore, 'batch'>>;
  logger?: EngineLogger;
  /** Where the derived metrics are registered; none in `replay`. */
  metrics?: DerivedMetrics;
  /** Milliseconds clock for signed webhook times and approved executions. @default Date.now */
  now?: () => number;
  /**
   * With approval required (`approvals.require_approval`): a decision to execute becomes a
   * proposal, executed by {@link OptimizationEngine.executeApproved} once approved.
   * @default none (eligible actions execute at once)
   */
  approvalGate?: RemediationApprovalGate;
}

/** What {@link OptimizationEngine.getOptimizationStatus} reports. */
export interface OptimizationStatus {
  running: boolean;
  totalOpportunities: number;
  byCategory: Record<string, number>;
  autoRemediationEnabled: boolean;
  dryRun: boolean;
  activeCanaries: number;
  templates: string[];
  actions: string[];
  lastEvaluationMillis?: number;
}

/** The optimization engine (see the module comment). */
export class OptimizationEngine implements Engine {
  readonly name = OPTIMIZATION_ENGINE_NAME;
  readonly intervalMillis: number;
  private readonly _config: OptimizationConfig;
  private readonly _options: OptimizationEngineOptions;
  private readonly _templates: OptimizationTemplate[];
  private readonly _actions = new Map<string, RemediationAction>();
  private readonly _active = new Map<string, { opportunity: Opportunity; finding: Finding }>();
  private readonly _flow: RemediationFlow;
  private _view: SeriesView | undefined;
  private _analytics: PerformanceAnalytics | undefined;
  private _baselines: BaselineManager | undefined;
  private _metrics: OptimizationMetricsExport | undefined;
  private _running = false;
  private _started = false;
  private _stopped = false;
  private _lastEvaluation: number | undefined;
  private _lastDuration: number | undefined;
  private _failures = 0;
  private _lastFailed = false;

  constructor(options: OptimizationEngineOptions) {
    this._options = options;
    this._config = options.config;
    this.intervalMillis = options.config.evaluationIntervalMillis;
    const c = options.config;
    this._templates = configuredTemplates(c, () => this._view);
    for (const [name, hook] of Object.entries(c.webhooks)) {
      this._actions.set(name, webhookAction(name, hook, options.now));
    }
    this._flow = createRemediationFlow({
      config: c,
      store: options.store,
      action: (name) => this._actions.get(name),
      signals: (from, to) => readSignals(this._view!, from, to),
      accuracyBaseline: () => this._accuracyBaseline(),
      onOutcome: (action, outcome) => {
        if (outcome !== 'decided') this._metrics?.outcome(action, outcome);
      },
      ...(options.logger ? { logger: options.logger } : {}),
    });
    if (options.metrics) {
      this._metrics = exportOptimizationMetrics(
        options.metrics,
        () => [...this._active.values()].map((a) => a.opportunity),
        () => this._flow.canaries(),
      );
    }
  }

  /** Starts acting: restores canaries and the rate limit from the store (once). */
  async start(): Promise<void> {
    if (!this._started) {
      this._started = true;
      await this._flow.restore(this._options.now?.() ?? Date.now());
    }
    this._stopped = false;
    this._running = true;
  }

  /** Stops looking for opportunities and acting; canaries are judged again after `start`. */
  stop(): void {
    this._stopped = true;
    this._running = false;
  }

  /**
   * Registers the action `name` (a template's `action`, e.g. `cache_tune`): `callback` makes
   * the change, `rollback` undoes it (without one, `callback` gets `phase: 'rollback'`).
   * Replaces a webhook of the same name.
   */
  registerRemediationCallback(
    name: string,
    callback: RemediationCallback,
    rollback?: RemediationCallback,
  ): void {
    this._actions.set(name, callbackAction(name, callback, rollback));
  }

  /** Feeds the memory template with the analytics' memory trends (in-process use). */
  setAnalytics(analytics: PerformanceAnalytics): void {
    this._analytics = analytics;
  }

  /** Uses the stored accuracy baselines as the reference when judging a change. */
  setBaselineManager(manager: BaselineManager): void {
    this._baselines = manager;
  }

  /** The open opportunities, highest priority first. */
  getTopOpportunities(limit = 10): Opportunity[] {
    return [...this._active.values()]
      .map((a) => a.opportunity)
      .sort((a, b) => b.priority - a.priority || b.impact.ratio - a.impact.ratio)
      .slice(0, limit);
  }

  /** Counts and settings, as the seed's `get_optimization_status`. */
  getOptimizationStatus(): OptimizationStatus {
    const byCategory: Record<string, number> = {};
    for (const { opportunity } of this._active.values()) {
      byCategory[opportunity.category] = (byCategory[opportunity.category] ?? 0) + 1;
    }
    return {
      running: this._running,
      totalOpportunities: this._active.size,
      byCategory,
      autoRemediationEnabled: this._config.autoRemediationEnabled,
      dryRun: this._config.dryRun,
      activeCanaries: this._flow.canaries(),
      templates: this._templates.map((t) => t.id),
      actions: [...this._actions.keys()],
      ...(this._lastEvaluation === undefined ? {} : { lastEvaluationMillis: this._lastEvaluation }),
    };
  }

  /** The remediation flow (decide, execute, verify), for an approval step in front of it. */
  get remediation(): RemediationFlow {
    return this._flow;
  }

  private async _accuracyBaseline(): Promise<number | undefined> {
    if (!this._baselines || !this._options.store.listBaselines) return undefined;
    const records = await this._options.store.listBaselines({ metric: METRIC_ACCURACY_ACHIEVED });
    const locations = records
      .map((r) => (typeof r.details.location === 'number' ? r.details.location : r.mean))
      .filter(Number.isFinite);
    return locations.length === 0
      ? undefined
      : locations.reduce((a, b) => a + b, 0) / locations.length;
  }

  /** One evaluation at `atMillis`. */
  async evaluate(atMillis: number, context: EngineContext): Promise<void> {
    // Without the scheduler's start (in-process use), the first evaluation restores state.
    if (!this._started && !this._stopped) await this.start();
    if (!this._running) return;
    const started = performance.now();
    this._view = context.series;
    this._lastEvaluation = atMillis;
    this._lastFailed = false;
    try {
      await this._flow.verify(atMillis);
      const found = this._detect(atMillis, context.series);
      await this._reconcile(atMillis, found, context);
      for (const o of this.getTopOpportunities(this._config.maxOpportunities)) {
        const decision = this._flow.decide(o, atMillis);
        if (!decision) continue;
        await this._flow.record(decision);
        if (decision.outcome === 'execute') await this._execute(decision);
      }
    } catch (error) {
      this._failures++;
      this._lastFailed = true;
      this._options.logger?.error('optimization: evaluation failed', {
        error: error instanceof Error ? error.message : String(error),
      });
    }
    this._lastDuration = (performance.now() - started) / 1000;
  }

  /**
   * The step from a decision to a change in a running system, and the only one: with an
   * approval gate the decision becomes a proposal instead (see `approval-step.ts`).
   */
  private async _execute(decision: RemediationDecision): Promise<void> {
    const gate = this._options.approvalGate;
    if (!gate) {
      await this._flow.execute(decision);
      return;
    }
    const proposal = await gate.propose(decision);
    if (proposal) await recordAwaitingApproval(this._audit, decision, proposal);
  }

  private readonly _audit = async (entry: RemediationAuditInput): Promise<void> => {
    await this._options.store.appendRemediationAudit(entry);
    this._metrics?.outcome(entry.action ?? '', entry.event);
  };

  /**
   * Executes an approved `remediation` proposal now, through the remediation flow (canary
   * window, verification, rollback), if its opportunity is still open and the decision taken
   * now still allows it; resolves with the remediation, or why nothing ran (audited).
   */
  async executeApproved(proposal: ProposalRecord): Promise<Result<RemediationRecord, string>> {
    const at = this._options.now?.() ?? Date.now();
    const opportunity = this._active.get(proposal.subject)?.opportunity;
    const stopped = this._running ? undefined : 'the optimization engine is stopped';
    return executeApproved(this._flow, this._audit, proposal, opportunity, at, stopped);
  }

  /** Records a rejected or expired `remediation` proposal in the remediation audit. */
  async recordProposalOutcome(proposal: ProposalRecord): Promise<void> {
    await recordProposalOutcome(this._audit, proposal);
  }

  private _detect(at: number, view: SeriesView): Map<string, Opportunity> {
    const input = {
      signals: readSignals(view, at - this._config.windowMillis, at),
      fromMillis: at - this._config.windowMillis,
      atMillis: at,
    };
    const templates = this._analytics
      ? [...this._templates, analyticsMemoryTemplate(this._analytics, this._config.thresholds)]
      : this._templates;
    const found = new Map<string, Opportunity>();
    for (const t of templates) {
      const weight = this._config.optimizationPriorities[t.priorityKey] ?? 1;
      for (const d of t.detect(input)) {
        const id = opportunityId(t, d);
        const previous = this._active.get(id)?.opportunity;
        found.set(id, toOpportunity(t, d, weight, previous, at));
      }
    }
    const kept = [...found.values()]
      .sort((a, b) => b.priority - a.priority)
      .slice(0, this._config.maxOpportunities);
    return new Map(kept.map((o) => [o.id, o]));
  }

  private async _reconcile(
    at: number,
    found: Map<string, Opportunity>,
    context: EngineContext,
  ): Promise<void> {
    for (const [id, active] of [...this._active]) {
      if (found.has(id)) continue;
      this._active.delete(id);
      this._flow.forget(id);
      context.emit({
        ...active.finding,
        state: 'resolved',
        summary: `${active.opportunity.title}: the condition no longer holds`,
        endsAtMillis: at,
      });
      const stored = await this._options.store.getOpportunity(id);
      if (stored?.status === 'open')
        await this._options.store.updateOpportunityStatus(id, 'dismissed', at);
    }
    const stored = new Map(
      (await this._options.store.listOpportunities({ status: LIVE_STATUSES })).map((r) => [
        r.id,
        r,
      ]),
    );
    const inputs = [...found.values()].map((o) =>
      opportunityInput(o, stored.get(o.id)?.status ?? 'open', at),
    );
    // One transaction for all of them where the store offers one.
    const store = this._options.store;
    if (store.batch)
      await store.batch((b) => inputs.forEach((input) => b.upsertOpportunity(input)));
    else for (const input of inputs) await store.upsertOpportunity(input);
    for (const o of found.values()) {
      if (this._active.has(o.id)) {
        this._active.get(o.id)!.opportunity = o;
        continue;
      }
      const finding = opportunityFinding(o, this._config.windowMillis / 1000, at);
      this._active.set(o.id, { opportunity: o, finding });
      context.emit(finding);
    }
  }

  /** The engine's view of itself, for `/api/v1/status`. */
  report(): EngineReport {
    return {
      name: OPTIMIZATION_ENGINE_NAME,
      healthy: !this._lastFailed,
      ...(this._lastEvaluation === undefined ? {} : { lastEvaluationMillis: this._lastEvaluation }),
      ...(this._lastDuration === undefined ? {} : { lastDurationSeconds: this._lastDuration }),
      detail: {
        opportunities: this._active.size,
        canaries: this._flow.canaries(),
        failures: this._failures,
        running: this._running,
      },
    };
  }

  /** Unregisters the metrics. */
  async shutdown(): Promise<void> {
    this._running = false;
    this._metrics?.unregister();
  }
}
