import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { alertsCommand } from '../../src/cli/alerts-command.js';
import { fakeIo } from '../cli/fake-io.js';

/** A loopback URL nothing listens on (a port just released). */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

describe('alerts CLI', () => {
  it('names the network error when the API cannot be reached', async () => {
    const api = await closedPortUrl();
    const io = fakeIo();
    expect(await alertsCommand(['list', '--api', api], io)).toBe(3);
    expect(io.err()).toContain(`alerts list: cannot reach ${api}: connect ECONNREFUSED`);
  });
});
