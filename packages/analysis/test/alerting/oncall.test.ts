import { describe, expect, it } from 'vitest';
import { buildRoute } from '../../src/alerting/dispatch/route.js';
import { createEscalator } from '../../src/alerting/escalation/escalator.js';
import { onCallAt } from '../../src/alerting/escalation/oncall.js';
import type { OnCallRotation } from '../../src/alerting/escalation/oncall.js';
import { errors, parse } from '../config/helpers.js';
import { firing } from './helpers.js';

const H = 3_600_000;
const D = 24 * H;
const MONDAY = Date.parse('2026-03-02T09:00:00Z');

const rotation: OnCallRotation = {
  id: 'primary',
  layers: [
    { users: ['alice', 'bob', 'carol'], startMillis: MONDAY, shiftMillis: D },
    // Weekends (Saturday 09:00 to Monday 09:00 of the first week): dave, over the daily layer.
    { users: ['dave'], startMillis: MONDAY + 5 * D, shiftMillis: 2 * D, endMillis: MONDAY + 7 * D },
  ],
  overrides: [{ user: 'erin', startMillis: MONDAY + D + 2 * H, endMillis: MONDAY + D + 4 * H }],
};

describe('on-call rotations', () => {
  it.each([
    [MONDAY - 1, undefined],
    [MONDAY, 'alice'],
    [MONDAY + D - 1, 'alice'],
    [MONDAY + D, 'bob'],
    [MONDAY + D + 3 * H, 'erin'], // override
    [MONDAY + D + 4 * H, 'bob'],
    [MONDAY + 2 * D, 'carol'],
    [MONDAY + 3 * D, 'alice'],
    [MONDAY + 5 * D + H, 'dave'], // the later layer takes precedence
    [MONDAY + 7 * D, 'bob'], // weekend layer ended: day 7 of the daily layer, 7 mod 3 = 1
  ])('at %d: %s', (at, expected) => {
    expect(onCallAt(rotation, at)).toBe(expected);
  });

  it('an escalation level with `oncall` addresses the person on call when it comes due', () => {
    const escalator = createEscalator({
      policies: {
        p: {
          id: 'p',
          levels: [{ afterMillis: 0, channels: ['mail'], oncall: 'primary' }],
          repeat: 0,
          repeatIntervalMillis: H,
          ackTimeoutMillis: undefined,
        },
      },
      onCall: {
        users: { bob: { name: 'bob', email: 'bob@beamline.example', slack: 'U123' } },
        rotations: { primary: rotation },
      },
      route: buildRoute({ channels: ['mail'], escalation: 'p' }),
    });
    const alert = firing({}, MONDAY + D + H);
    escalator.started(alert, MONDAY + D + H);
    const [n] = escalator.tick(
      MONDAY + D + H,
      () => alert,
      () => false,
    );
    expect(n?.recipients).toEqual([{ name: 'bob', email: 'bob@beamline.example', slack: 'U123' }]);
    expect(n?.groupLabels.oncall).toBe('bob');
  });

  it('are read from the configuration; unknown users and rotations are named', () => {
    const config = parse(
      [
        'alerting:',
        '  channels: { mail: { type: console } }',
        '  oncall:',
        '    users: { alice: { email: alice@x.example }, bob: { slack: U1 } }',
        '    rotations:',
        '      primary:',
        '        layers: [{ users: [alice, bob], start: "2026-03-02T09:00:00Z", shift: 1d }]',
        '        overrides: [{ user: bob, start: "2026-03-03T09:00:00Z", end: "2026-03-03T12:00:00Z" }]',
        '  escalation_policies:',
        '    p: { levels: [{ after: 0s, channels: [mail], oncall: primary }] }',
      ].join('\n'),
    ).alerting;
    expect(config.onCall.rotations.primary?.layers[0]).toEqual({
      users: ['alice', 'bob'],
      startMillis: MONDAY,
      shiftMillis: D,
    });
    expect(config.escalationPolicies.p?.levels[0]?.oncall).toBe('primary');
    expect(
      errors(
        [
          'alerting:',
          '  oncall:',
          '    rotations: { r: { layers: [{ users: [zed], start: yesterday }] } }',
          '  escalation_policies:',
          '    p: { levels: [{ channels: [console], oncall: nope }] }',
        ].join('\n'),
      ),
    ).toEqual([
      expect.stringContaining(
        'alerting.oncall.rotations.r.layers[0].users[0]: references undefined user "zed"',
      ),
      expect.stringContaining(
        'alerting.oncall.rotations.r.layers[0].start: must be an RFC 3339 time',
      ),
      expect.stringContaining(
        'alerting.escalation_policies.p.levels[0].oncall: references undefined on-call rotation "nope" (defined: r)',
      ),
    ]);
  });
});
