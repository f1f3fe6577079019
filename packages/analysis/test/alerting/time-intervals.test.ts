import { describe, expect, it } from 'vitest';
import { createAlertingCore } from '../../src/alerting/alerting-core.js';
import { buildRoute } from '../../src/alerting/dispatch/route.js';
import {
  inTimeRange,
  parseClock,
  parseDaysOfMonth,
  parseMonths,
  parseWeekdays,
} from '../../src/alerting/dispatch/time-intervals.js';
import { parse, errors } from '../config/helpers.js';
import { firing } from './helpers.js';

// 2026-03-02 is a Monday.
const at = (iso: string) => Date.parse(iso);

describe('time intervals', () => {
  it('parses clocks, weekday, month and day ranges, and names what is wrong', () => {
    expect(parseClock('08:30')).toEqual({ ok: true, value: 510 });
    expect(parseClock('24:00')).toEqual({ ok: true, value: 1440 });
    expect(parseClock('8:30').ok).toBe(false);
    expect(parseClock('24:01').ok).toBe(false);
    expect(parseWeekdays('monday:friday')).toEqual({ ok: true, value: [1, 5] });
    expect(parseWeekdays('Sunday')).toEqual({ ok: true, value: [0, 0] });
    expect(parseWeekdays('funday')).toEqual({
      ok: false,
      error: '"funday": not a range like sunday, sunday:saturday',
    });
    expect(parseMonths('january:march')).toEqual({ ok: true, value: [1, 3] });
    expect(parseMonths('12')).toEqual({ ok: true, value: [12, 12] });
    expect(parseDaysOfMonth('-1')).toEqual({ ok: true, value: [-1, -1] });
    expect(parseDaysOfMonth('32').ok).toBe(false);
  });

  it.each([
    ['2026-03-02T08:59:00Z', false],
    ['2026-03-02T09:00:00Z', true],
    ['2026-03-02T16:59:00Z', true],
    ['2026-03-02T17:00:00Z', false],
    ['2026-03-07T10:00:00Z', false], // Saturday
  ])('business hours Monday to Friday 09:00-17:00 UTC at %s: %s', (time, expected) => {
    const range = {
      times: [{ startMinute: 540, endMinute: 1020 }],
      weekdays: [[1, 5]] as [number, number][],
    };
    expect(inTimeRange(range, at(time))).toBe(expected);
  });

  it('reads the local time of the location', () => {
    // 23:30 UTC on a Monday is 00:30 on Tuesday in Berlin (CET, UTC+1).
    const tuesdayNight = {
      times: [{ startMinute: 0, endMinute: 60 }],
      weekdays: [[2, 2]] as [number, number][],
      location: 'Europe/Berlin',
    };
    expect(inTimeRange(tuesdayNight, at('2026-03-02T23:30:00Z'))).toBe(true);
    expect(inTimeRange({ ...tuesdayNight, location: 'UTC' }, at('2026-03-02T23:30:00Z'))).toBe(
      false,
    );
  });

  it('counts negative days of month from the end of the month', () => {
    const lastDay = { daysOfMonth: [[-1, -1]] as [number, number][] };
    expect(inTimeRange(lastDay, at('2026-02-28T12:00:00Z'))).toBe(true);
    expect(inTimeRange(lastDay, at('2026-03-28T12:00:00Z'))).toBe(false);
  });

  it('a muted route sends nothing during the interval and everything after it', () => {
    const core = createAlertingCore({
      route: buildRoute({
        channels: ['pager'],
        groupWaitMillis: 0,
        groupIntervalMillis: 60_000,
        muteTimeIntervals: ['night'],
      }),
      timeIntervals: { night: [{ times: [{ startMinute: 0, endMinute: 360 }] }] },
    });
    const t = at('2026-03-02T05:00:00Z');
    core.receive(firing({ op: 'fit' }, t), t);
    expect(core.tick(t)).toEqual([]);
    expect(core.tick(t + 30 * 60_000)).toEqual([]);
    // 06:00 UTC: the night is over.
    const morning = at('2026-03-02T06:00:00Z');
    expect(core.tick(morning).map((n) => n.alerts.length)).toEqual([1]);
  });

  it('an active interval lets a route send only inside it', () => {
    const core = createAlertingCore({
      route: buildRoute({
        channels: ['mail'],
        groupWaitMillis: 0,
        activeTimeIntervals: ['office'],
      }),
      timeIntervals: { office: [{ weekdays: [[1, 5]] }] },
    });
    const saturday = at('2026-03-07T10:00:00Z');
    core.receive(firing({}, saturday), saturday);
    expect(core.tick(saturday)).toEqual([]);
    expect(core.tick(at('2026-03-09T10:00:00Z'))).toHaveLength(1);
  });

  it('are read from the configuration, and routes may only name defined ones', () => {
    const config = parse(
      [
        'alerting:',
        '  time_intervals:',
        '    night:',
        '      - times: [{ start_time: "22:00", end_time: "24:00" }]',
        '        weekdays: [monday:friday]',
        '        location: Europe/Berlin',
        '  route:',
        '    mute_time_intervals: [night]',
      ].join('\n'),
    ).alerting;
    expect(config.timeIntervals.night).toEqual([
      {
        times: [{ startMinute: 1320, endMinute: 1440 }],
        weekdays: [[1, 5]],
        location: 'Europe/Berlin',
      },
    ]);
    expect(config.route.muteTimeIntervals).toEqual(['night']);
    expect(
      errors(
        [
          'alerting:',
          '  time_intervals:',
          '    night: [{ times: [{ start_time: "23:00", end_time: "22:00" }], location: Mars/Base }]',
          '  route:',
          '    active_time_intervals: [day]',
        ].join('\n'),
      ),
    ).toEqual([
      expect.stringContaining(
        'alerting.time_intervals.night[0].times[0].end_time: must be after start_time',
      ),
      expect.stringContaining(
        'alerting.time_intervals.night[0].location: unknown time zone "Mars/Base"',
      ),
      expect.stringContaining(
        'alerting.route.active_time_intervals[0]: references undefined time interval "day" (defined: night)',
      ),
    ]);
  });
});
