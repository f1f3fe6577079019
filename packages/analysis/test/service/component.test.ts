import { describe, expect, it } from 'vitest';
import { componentStatus, createComponentHost } from '../../src/service/component.js';
import type { Component } from '../../src/service/component.js';

/** A component recording its lifecycle into `events`, failing where told. */
function part(
  name: string,
  events: string[],
  fail: { start?: boolean; shutdown?: boolean } = {},
): Component {
  return {
    name,
    async start() {
      events.push(`start ${name}`);
      if (fail.start) throw new Error(`${name}: cannot listen`);
    },
    async shutdown() {
      events.push(`shutdown ${name}`);
      if (fail.shutdown) throw new Error(`${name} would not close`);
    },
  };
}

describe('component host', () => {
  it('starts in order and shuts down in reverse', async () => {
    const events: string[] = [];
    const host = createComponentHost(
      ['store', 'engines', 'api', 'receivers'].map((n) => part(n, events)),
    );
    await host.start();
    await host.shutdown();
    expect(events).toEqual([
      'start store',
      'start engines',
      'start api',
      'start receivers',
      'shutdown receivers',
      'shutdown api',
      'shutdown engines',
      'shutdown store',
    ]);
  });

  it('on a failed start, shuts down what started and the failing one, and rejects with its error', async () => {
    const events: string[] = [];
    const host = createComponentHost([
      part('store', events),
      part('api', events, { start: true }),
      part('receivers', events),
    ]);
    await expect(host.start()).rejects.toThrow(/^api: cannot listen$/);
    expect(events).toEqual(['start store', 'start api', 'shutdown api', 'shutdown store']);
    // Nothing is left to shut down afterwards.
    await host.shutdown();
    expect(events).toHaveLength(4);
  });

  it('continues past a failed shutdown and aggregates the errors, naming each component', async () => {
    const events: string[] = [];
    const host = createComponentHost([
      part('store', events, { shutdown: true }),
      part('checkpoint', events),
      part('receivers', events, { shutdown: true }),
    ]);
    await host.start();
    const error = await host.shutdown().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AggregateError);
    expect((error as AggregateError).errors.map((e: Error) => e.message)).toEqual([
      'receivers: receivers would not close',
      'store: store would not close',
    ]);
    expect((error as Error).message).toMatch(/^shutdown: Error: receivers: .*; Error: store: /);
    expect(events.slice(3)).toEqual([
      'shutdown receivers',
      'shutdown checkpoint',
      'shutdown store',
    ]);
  });

  it('reports a component as healthy unless it says otherwise, with its message and report', () => {
    const base = { start: async () => undefined, shutdown: async () => undefined };
    expect(componentStatus({ name: 'quiet', ...base })).toEqual({ name: 'quiet', healthy: true });
    expect(
      componentStatus({
        name: 'store',
        ...base,
        health: () => ({ ok: false, message: 'disk full' }),
        report: () => ({ series: 3 }),
      }),
    ).toEqual({ name: 'store', healthy: false, message: 'disk full', report: { series: 3 } });
  });
});
