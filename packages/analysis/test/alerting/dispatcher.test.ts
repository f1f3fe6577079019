import { describe, expect, it } from 'vitest';
import { createAlertingCore } from '../../src/alerting/alerting-core.js';
import { buildRoute, matchRoutes } from '../../src/alerting/dispatch/route.js';
import { parseMatcher } from '../../src/alerting/matchers.js';
import { firing, resolved, sequentialIds } from './helpers.js';

function m(text: string) {
  const p = parseMatcher(text);
  if (!p.ok) throw new Error(p.error);
  return p.value;
}

const S = 1000;

describe('routing tree', () => {
  const root = buildRoute({
    channels: ['console'],
    groupBy: ['alertname'],
    routes: [
      { matchers: [m('severity="critical"')], channels: ['pager'], continue: true },
      { matchers: [m('team="xpcs"')], channels: ['xpcs-mail'], groupWaitMillis: 5 * S },
      { matchers: [m('severity=~"critical|error"')], channels: ['slack'] },
    ],
  });

  it('takes the first matching child, and its siblings after one with continue', () => {
    const ids = (labels: Record<string, string>) => matchRoutes(root, labels).map((r) => r.id);
    expect(ids({ severity: 'critical', team: 'xpcs' })).toEqual(['root/0', 'root/1']);
    expect(ids({ severity: 'critical' })).toEqual(['root/0', 'root/2']);
    expect(ids({ severity: 'error' })).toEqual(['root/2']);
    expect(ids({ severity: 'info' })).toEqual(['root']);
  });

  it('children inherit what they do not set', () => {
    const child = root.routes[1];
    expect(child?.groupWaitMillis).toBe(5 * S);
    expect(child?.groupIntervalMillis).toBe(root.groupIntervalMillis);
    expect(child?.groupBy).toEqual(['alertname']);
    expect(buildRoute({ routes: [{ channels: undefined }] }).routes[0]?.channels).toEqual([]);
  });
});

function core(overrides: Parameters<typeof buildRoute>[0] = {}) {
  return createAlertingCore({
    route: buildRoute({
      channels: ['console'],
      groupBy: ['alertname'],
      groupWaitMillis: 30 * S,
      groupIntervalMillis: 300 * S,
      repeatIntervalMillis: 3600 * S,
      ...overrides,
    }),
    newId: sequentialIds(),
  });
}

describe('grouping on an injected clock', () => {
  it('waits group_wait, then notifies once with every alert of the group', () => {
    const c = core();
    c.receive(firing({ instance: 'a' }, 0), 0);
    c.receive(firing({ instance: 'b' }, 10 * S), 10 * S);
    expect(c.tick(29 * S)).toEqual([]);
    const sent = c.tick(30 * S);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.alerts.map((a) => a.labels.instance)).toEqual(['a', 'b']);
    expect(sent[0]?.groupLabels).toEqual({ alertname: 'A' });
    expect(c.tick(31 * S)).toEqual([]);
  });

  it('dedups the same alert reported at every evaluation', () => {
    const c = core();
    for (let t = 0; t <= 600; t += 15) c.receive(firing({ instance: 'a' }, 0), t * S);
    const all = [30, 330, 630].flatMap((t) => c.tick(t * S));
    expect(all).toHaveLength(1);
    expect(c.active(600 * S)).toHaveLength(1);
  });

  it('a new alert in a notified group waits for group_interval', () => {
    const c = core();
    c.receive(firing({ instance: 'a' }, 0), 0);
    expect(c.tick(30 * S)).toHaveLength(1);
    c.receive(firing({ instance: 'b' }, 40 * S), 40 * S);
    expect(c.tick(100 * S)).toEqual([]);
    const next = c.tick(330 * S);
    expect(next).toHaveLength(1);
    expect(next[0]?.alerts).toHaveLength(2);
  });

  it('repeats an unchanged group after repeat_interval only', () => {
    const c = core();
    c.receive(firing({}, 0), 0);
    let count = 0;
    const times: number[] = [];
    for (let t = 0; t <= 7300; t += 10) {
      const sent = c.tick(t * S);
      count += sent.length;
      times.push(...sent.map((n) => n.createdAtMillis / S));
    }
    // At 30 s, then at the first group_interval flush 3600 s or more after the last one.
    expect(times).toEqual([30, 3630, 7230]);
    expect(count).toBe(3);
  });

  it('sends the resolution of an alert notified as firing, then forgets the group', () => {
    const c = core();
    const a = firing({ instance: 'a' }, 0);
    c.receive(a, 0);
    c.tick(30 * S);
    expect(c.receive(resolved(a, 100 * S), 100 * S)).toBe('resolved');
    const sent = c.tick(330 * S);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.status).toBe('resolved');
    expect(sent[0]?.alerts[0]?.endsAtMillis).toBe(100 * S);
    expect(c.groups()).toEqual([]);
    expect(c.tick(1000 * S)).toEqual([]);
  });

  it('does not notify the resolution of an alert never notified as firing', () => {
    const c = core();
    const a = firing({}, 0);
    c.receive(a, 0);
    c.receive(resolved(a, 10 * S), 10 * S);
    expect(c.tick(30 * S)).toEqual([]);
  });

  it('a flapping condition does not flood: at most one notification per group_interval', () => {
    const c = core();
    const a = firing({ instance: 'flappy' }, 0);
    const sent = [];
    // Fires and resolves every 20 s for an hour.
    for (let t = 0; t <= 3600; t += 10) {
      const phase = Math.floor(t / 20) % 2;
      c.receive(phase === 0 ? { ...a, startsAtMillis: t * S } : resolved(a, t * S), t * S);
      sent.push(...c.tick(t * S));
    }
    // One at group_wait, then at most one per 300 s group_interval.
    expect(sent.length).toBeLessThanOrEqual(1 + 3600 / 300);
    const times = sent.map((n) => n.createdAtMillis);
    for (let i = 1; i < times.length; i++) {
      expect((times[i] as number) - (times[i - 1] as number)).toBeGreaterThanOrEqual(300 * S);
    }
  });

  it('groups by every label with group_by ["..."]', () => {
    const c = core({ groupBy: ['...'] });
    c.receive(firing({ instance: 'a' }, 0), 0);
    c.receive(firing({ instance: 'b' }, 0), 0);
    expect(c.tick(30 * S)).toHaveLength(2);
  });

  it('notifies each channel of each matching route', () => {
    const c = core({
      routes: [
        { matchers: [m('severity="critical"')], channels: ['pager', 'mail'], continue: true },
        { matchers: [], channels: ['slack'] },
      ],
    });
    c.receive(firing({ severity: 'critical' }, 0), 0);
    expect(
      c
        .tick(30 * S)
        .map((n) => n.channel)
        .sort(),
    ).toEqual(['mail', 'pager', 'slack']);
  });

  it('acknowledged alerts are not repeated, but their resolution is sent', () => {
    const c = core();
    const a = firing({}, 0);
    c.receive(a, 0);
    c.tick(30 * S);
    expect(c.acknowledge(a.fingerprint)).toBe(true);
    let repeats = 0;
    for (let t = 40; t <= 7200; t += 10) repeats += c.tick(t * S).length;
    expect(repeats).toBe(0);
    c.receive(resolved(a, 7300 * S), 7300 * S);
    expect(c.tick(7500 * S).map((n) => n.status)).toEqual(['resolved']);
  });
});

describe('silences and inhibition', () => {
  it('a silenced alert is not notified while the silence lasts, and is after it ends', () => {
    const c = core();
    c.silences.put({
      id: 's1',
      matchers: [m('instance="a"')],
      startsAt: 0,
      endsAt: 400 * S,
      createdBy: 'ops',
      comment: 'maintenance',
      createdAt: 0,
    });
    c.receive(firing({ instance: 'a' }, 0), 0);
    c.receive(firing({ instance: 'b' }, 0), 0);
    const first = c.tick(30 * S);
    expect(first[0]?.alerts.map((a) => a.labels.instance)).toEqual(['b']);
    expect(c.active(30 * S).find((a) => a.labels.instance === 'a')).toMatchObject({
      state: 'suppressed',
      silencedBy: ['s1'],
    });
    expect(c.tick(330 * S)).toEqual([]);
    const after = c.tick(630 * S);
    expect(after[0]?.alerts.map((a) => a.labels.instance)).toEqual(['a', 'b']);
  });

  it('expiring a silence early lets the alert through at the next flush', () => {
    const c = core();
    c.silences.put({
      id: 's1',
      matchers: [m('alertname="A"')],
      startsAt: 0,
      endsAt: 10_000 * S,
      createdBy: 'ops',
      comment: '',
      createdAt: 0,
    });
    c.receive(firing({}, 0), 0);
    expect(c.tick(30 * S)).toEqual([]);
    expect(c.silences.expire('s1', 100 * S)).toBe(true);
    expect(c.tick(330 * S)).toHaveLength(1);
  });

  it('a critical alert inhibits the warning with the same operation', () => {
    const c = createAlertingCore({
      route: buildRoute({ channels: ['console'], groupBy: ['...'], groupWaitMillis: 0 }),
      inhibitRules: [
        {
          sourceMatchers: [m('severity="critical"')],
          targetMatchers: [m('severity="warning"')],
          equal: ['op'],
        },
      ],
    });
    c.receive(firing({ alertname: 'Slow', severity: 'critical', op: 'fit' }, 0), 0);
    c.receive(firing({ alertname: 'Slow', severity: 'warning', op: 'fit' }, 0), 0);
    c.receive(firing({ alertname: 'Slow', severity: 'warning', op: 'load' }, 0), 0);
    const sent = c.tick(0);
    expect(
      sent.map((n) => `${n.alerts[0]?.labels.severity}/${n.alerts[0]?.labels.op}`).sort(),
    ).toEqual(['critical/fit', 'warning/load']);
    expect(
      c
        .active(0)
        .filter((a) => a.inhibited)
        .map((a) => a.labels.op),
    ).toEqual(['fit']);
  });

  it('getActiveAlerts-style filter by severity', () => {
    const c = core();
    c.receive(firing({ severity: 'critical' }, 0), 0);
    c.receive(firing({ severity: 'info', alertname: 'B' }, 1), 1);
    expect(c.active(2, 'critical')).toHaveLength(1);
    expect(c.active(2)).toHaveLength(2);
  });
});
