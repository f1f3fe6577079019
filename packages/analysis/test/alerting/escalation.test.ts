import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AlertSystem } from '../../src/alerting/alert-system.js';
import type { AlertingConfig } from '../../src/alerting/config.js';
import { buildRoute } from '../../src/alerting/dispatch/route.js';
import { stepEscalation } from '../../src/alerting/escalation/escalation-policy.js';
import { createEscalator } from '../../src/alerting/escalation/escalator.js';
import type { Alert } from '../../src/alerting/types.js';
import type { CheckpointInput, CheckpointRecord } from '../../src/store/records.js';
import type {
  EscalationPolicy,
  EscalationState,
} from '../../src/alerting/escalation/escalation-policy.js';
import type { Notifier } from '../../src/alerting/notify/notifier.js';
import type { Notification } from '../../src/alerting/types.js';
import { openStore } from '../../src/store/open-store.js';
import { errors, parse } from '../config/helpers.js';

const M = 60_000;
const policy: EscalationPolicy = {
  id: 'oncall',
  levels: [
    { afterMillis: 0, channels: ['chat'] },
    { afterMillis: 15 * M, channels: ['mail'] },
    { afterMillis: 30 * M, channels: ['pager'] },
  ],
  repeat: 1,
  repeatIntervalMillis: 60 * M,
  ackTimeoutMillis: 20 * M,
};
const start: EscalationState = {
  fingerprint: 'f',
  policy: 'oncall',
  startedAtMillis: 0,
  nextLevel: 0,
  cycle: 0,
};

/** Channels notified when stepping every minute from 0 to `untilMinutes`. */
function walk(untilMinutes: number, ackAt?: number): string[] {
  let state = start;
  const out: string[] = [];
  for (let t = 0; t <= untilMinutes; t++) {
    if (ackAt === t) state = { ...state, acknowledgedAtMillis: t * M };
    const step = stepEscalation(policy, state, t * M);
    state = step.state;
    for (const d of step.due) out.push(`${t}:${d.channels.join('+')}`);
  }
  return out;
}

describe('escalation policies', () => {
  it('notifies each level at its delay, repeats the ladder, then stops', () => {
    expect(walk(200)).toEqual(['0:chat', '15:mail', '30:pager', '60:chat', '75:mail', '90:pager']);
  });

  it('an acknowledgement stops escalation; its timeout starts it again from the first level', () => {
    // Acknowledged at 10 min (before mail); still firing 20 min later: the ladder again from 30 min.
    expect(walk(60, 10)).toEqual(['0:chat', '30:chat', '45:mail', '60:pager']);
    const noTimeout = { ...policy, ackTimeoutMillis: undefined };
    let state: EscalationState = { ...start, acknowledgedAtMillis: 0 };
    for (let t = 0; t < 500; t += 5) {
      const step = stepEscalation(noTimeout, state, t * M);
      expect(step.due).toEqual([]);
      state = step.state;
    }
  });

  it('catches up on levels that came due while nothing stepped', () => {
    const step = stepEscalation(policy, start, 31 * M);
    expect(step.due.map((d) => d.channels[0])).toEqual(['chat', 'mail', 'pager']);
  });

  it('reads policies and checks routes and levels against what is defined', () => {
    const config = parse(
      [
        'alerting:',
        '  channels: { chat: { type: console }, pager: { type: console } }',
        '  escalation_policies:',
        '    oncall:',
        '      levels: [{ after: 0s, channels: [chat] }, { after: 10m, channels: [pager] }]',
        '      repeat: 2',
        '      ack_timeout: 30m',
        '  route:',
        '    escalation: oncall',
      ].join('\n'),
    ).alerting;
    expect(config.escalationPolicies.oncall).toEqual({
      id: 'oncall',
      levels: [
        { afterMillis: 0, channels: ['chat'] },
        { afterMillis: 10 * M, channels: ['pager'] },
      ],
      repeat: 2,
      repeatIntervalMillis: 30 * M,
      ackTimeoutMillis: 30 * M,
    });
    expect(config.route.escalation).toBe('oncall');
    expect(
      errors(
        [
          'alerting:',
          '  channels: { chat: { type: console } }',
          '  escalation_policies:',
          '    p: { levels: [{ after: 10m, channels: [chat] }, { after: 5m, channels: [sms] }], repeat_interval: 5m }',
          '  route: { escalation: q }',
        ].join('\n'),
      ),
    ).toEqual([
      expect.stringContaining(
        'alerting.escalation_policies.p.levels[1]: after: must not be earlier than the level before',
      ),
      expect.stringContaining(
        'alerting.escalation_policies.p.levels[1].channels[0]: references undefined channel "sms"',
      ),
      expect.stringContaining(
        "alerting.escalation_policies.p.repeat_interval: must be longer than the last level's after",
      ),
      expect.stringContaining(
        'alerting.route.escalation: references undefined escalation policy "q" (defined: p)',
      ),
    ]);
  });
});

describe('escalations of replicas sharing one store', () => {
  it('each replica saves and restores its own states under its name', async () => {
    const saved = new Map<string, CheckpointRecord>();
    const store = {
      getCheckpoint: async (key: string) => saved.get(key),
      putCheckpoint: async (c: CheckpointInput) => {
        const record = { ...c, updatedAt: 0 };
        saved.set(c.key, record);
        return record;
      },
    };
    const alert = (fingerprint: string): Alert => ({
      labels: { alertname: 'Down' },
      annotations: {},
      fingerprint,
      ruleId: 'Down',
      source: 'rule',
      startsAtMillis: 0,
      updatedAtMillis: 0,
    });
    const options = (replica: string) => ({
      policies: { oncall: policy },
      route: buildRoute({ channels: ['chat'], escalation: 'oncall' }),
      store,
      replica,
    });
    for (const [replica, fingerprint] of [
      ['a', 'fa'],
      ['b', 'fb'],
    ] as const) {
      const escalator = createEscalator(options(replica));
      escalator.started(alert(fingerprint), 0);
      await escalator.save();
    }
    expect([...saved.keys()].sort()).toEqual(['alerting.escalations@a', 'alerting.escalations@b']);
    const restarted = createEscalator(options('a'));
    await restarted.load(new Set(['fa', 'fb']));
    expect(restarted.states().map((s) => s.fingerprint)).toEqual(['fa']);
  });
});

describe('escalation in the AlertSystem', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  function recorder(id: string, sent: Notification[]): Notifier {
    return {
      id,
      type: 'console',
      send: async (n) => (sent.push(n), { ok: true, value: undefined }),
    };
  }

  it('continues an escalation across a restart, and an acknowledgement stops it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'escalation-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const path = join(dir, 'e.db');
    const config: AlertingConfig = {
      enabled: true,
      evaluationIntervalMillis: 15_000,
      defaultRules: false,
      rules: [
        {
          id: 'Down',
          metric: 'up',
          windowMillis: M,
          reduction: 'last',
          comparison: 'lt',
          threshold: 1,
          forMillis: 0,
          keepFiringForMillis: 0,
          severity: 'critical',
          labels: {},
          annotations: {},
        },
      ],
      channels: {},
      route: buildRoute({ channels: ['chat'], groupWaitMillis: 0, escalation: 'oncall' }),
      inhibitRules: [],
      timeIntervals: {},
      escalationPolicies: { oncall: { ...policy, ackTimeoutMillis: undefined } },
      onCall: { users: {}, rotations: {} },
      delivery: { maxAttempts: 3, initialBackoffMillis: 1000, maxBackoffMillis: 10_000 },
      externalUrl: undefined,
    };
    let now = 1_800_000_000_000;
    const clock = { now: () => now };
    const sent: Notification[] = [];
    const notifiers = new Map(['chat', 'mail', 'pager'].map((id) => [id, recorder(id, sent)]));
    const store = await openStore({ kind: 'sqlite', path });
    const system = new AlertSystem({ config, store, clock, notifiers });
    await system.start();
    system.evaluateMetric('up', 0, { host: 'a' });
    await system.tick();
    now += 16 * M;
    await system.tick();
    // The group notification and the first two levels.
    expect(sent.map((n) => n.channel)).toEqual(['chat', 'chat', 'mail']);
    await system.shutdown();
    await store.close();

    // Restarted 10 minutes later: the pager level (30 min) is still to come, and comes.
    now += 10 * M;
    const store2 = await openStore({ kind: 'sqlite', path });
    cleanups.push(() => store2.close());
    const again = new AlertSystem({ config, store: store2, clock, notifiers });
    await again.start();
    sent.length = 0;
    await again.tick();
    expect(sent.map((n) => n.channel)).toEqual([]);
    now += 5 * M;
    await again.tick();
    expect(sent.map((n) => `${n.channel}:${n.groupLabels.escalation_level}`)).toEqual(['pager:3']);
    // Acknowledged: the second cycle (at 60 min) does not happen.
    const fp = again.getActiveAlerts()[0]?.fingerprint as string;
    expect(await again.acknowledgeAlert(fp, 'oncall-engineer')).toBe(true);
    sent.length = 0;
    for (let i = 0; i < 12; i++) {
      now += 10 * M;
      await again.tick();
    }
    expect(sent.filter((n) => n.groupKey.startsWith('escalation:'))).toEqual([]);
    await again.shutdown();
  });
});
