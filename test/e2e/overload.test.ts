/**
 * Overload against the running service: with a small ingest queue, a burst of simultaneous
 * requests is answered 429 with Retry-After for what does not fit, nothing is half-stored,
 * every refused point is counted as dropped (`overloaded`), and the service serves normally
 * once the burst is over.
 */
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { encodeMetricsProtobuf } from '@heterodyne/analysis';
import { expect, it } from 'vitest';
import { useCleanup } from './helpers/cleanup.js';
import { seriesOf, statusOf } from './helpers/api.js';
import { post } from './helpers/http.js';
import { gaugeRequest } from './helpers/requests.js';
import { sqliteUrl, startTestService, tempDir } from './helpers/service.js';

const cleanup = useCleanup();
/** Opens `n` connections and resolves once all are established. */
async function connections(port: number, n: number): Promise<Socket[]> {
  return Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<Socket>((resolve, reject) => {
          const s = connect(port, '127.0.0.1', () => resolve(s));
          s.once('error', reject);
        }),
    ),
  );
}

/** Reads a whole `Connection: close` response: status code and headers. */
function response(socket: Socket): Promise<{ status: number; headers: Record<string, string> }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.once('error', reject);
    socket.once('end', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const [head = ''] = text.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const i = line.indexOf(':');
        headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
      }
      resolve({ status: Number(statusLine.split(' ')[1]), headers });
    });
  });
}

it('answers a burst past the queue limit with 429 and Retry-After, losing nothing silently', async () => {
  const { dir, remove } = await tempDir('e2e-overload-');
  cleanup.push(remove);
  const t = await startTestService({
    store: sqliteUrl(dir),
    processorsYaml: [
      'queue:',
      '  max_requests: 1',
      '  retry_after: 2s',
      'series:',
      '  cardinality_limit: 1000',
    ].join('\n'),
    extraYaml: [
      'service:',
      '  pipelines:',
      '    metrics:',
      '      receivers: [otlp]',
      '      processors: [queue, series]',
      '      exporters: [prometheus]',
    ].join('\n'),
  });
  cleanup.push(t.stop);
  const port = Number(new URL(t.addresses.otlpHttp).port);
  const burst = 40;
  const now = Date.now();
  const requests = Array.from({ length: burst }, (_, i) => {
    const body = encodeMetricsProtobuf(
      gaugeRequest({
        service: 'burst',
        metric: 'e2e.burst',
        value: i,
        timeMillis: now,
        attributes: { i },
      }),
    );
    const head =
      `POST /v1/metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-protobuf\r\n` +
      `Content-Length: ${body.length}\r\nConnection: close\r\n\r\n`;
    return Buffer.concat([Buffer.from(head, 'latin1'), body]);
  });
  const sockets = await connections(port, burst);
  const answers = sockets.map(response);
  // Every request but its last byte goes out first; once the server holds all of them
  // half-read, the last bytes go out in one turn, so the requests complete together.
  sockets.forEach((s, i) => s.write((requests[i] as Buffer).subarray(0, -1)));
  await new Promise((r) => setTimeout(r, 200));
  sockets.forEach((s, i) => s.write((requests[i] as Buffer).subarray(-1)));
  const results = await Promise.all(answers);

  const accepted = results.filter((r) => r.status === 200);
  const refused = results.filter((r) => r.status === 429);
  expect(accepted.length + refused.length).toBe(burst);
  expect(refused.length).toBeGreaterThan(0);
  for (const r of refused) expect(r.headers['retry-after']).toBe('2');

  const api = t.addresses.api;
  const status = await statusOf(api);
  // One point per request: stored for each 200, counted as dropped for each 429.
  expect(status.totals.acceptedPoints).toBe(accepted.length);
  expect(status.dropped.overloaded).toBe(refused.length);
  expect(await seriesOf(api, 'e2e.burst')).toHaveLength(accepted.length);
  expect(status.queue).toMatchObject({ depth: 0, queuedPoints: 0, maxRequests: 1 });

  // After the burst the service takes requests again.
  const again = await post(
    `${t.addresses.otlpHttp}/v1/metrics`,
    encodeMetricsProtobuf(
      gaugeRequest({ service: 'after', metric: 'e2e.after', value: 1, timeMillis: now }),
    ),
    { 'content-type': 'application/x-protobuf' },
  );
  expect(again.status).toBe(200);
  expect(await seriesOf(api, 'e2e.after')).toHaveLength(1);
});
