import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { Secret } from '../../src/config/secret.js';
import { consoleLine, createConsoleNotifier } from '../../src/alerting/notify/console.js';
import { createEmailNotifier } from '../../src/alerting/notify/email.js';
import { createFileNotifier } from '../../src/alerting/notify/file.js';
import { createOtlpLogsNotifier } from '../../src/alerting/notify/otlp-logs.js';
import { createSlackNotifier } from '../../src/alerting/notify/slack.js';
import {
  createWebhookNotifier,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  webhookSignature,
} from '../../src/alerting/notify/webhook.js';
import type { Notification } from '../../src/alerting/types.js';
import type { LogsRequest } from '../../src/otlp/model.js';
import { createOtlpHttpReceiver } from '../../src/receivers/otlp-http-receiver.js';
import { recordingQueue } from '../receivers/helpers.js';
import { firing, resolved, webhookConfig } from './helpers.js';
import { startRecorder } from './real-servers.js';

const T0 = Date.parse('2026-03-01T10:00:00Z');

function notification(channel: string): Notification {
  const a = firing({ alertname: 'SlowFit', severity: 'critical', op: 'fit' }, T0 - 60_000);
  const b = resolved(
    firing({ alertname: 'SlowFit', severity: 'warning', op: 'load' }, T0 - 120_000),
    T0 - 1000,
  );
  return {
    id: 'n1',
    channel,
    groupKey: 'root:{alertname="SlowFit"}',
    groupLabels: { alertname: 'SlowFit' },
    status: 'firing',
    alerts: [
      {
        ...a,
        annotations: { summary: 'fit took 3.2 s', suggested_action: 'use the cached basis' },
        value: 3.2,
      },
      b,
    ],
    createdAtMillis: T0,
  };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('console channel', () => {
  it('writes one readable line per notification', async () => {
    const lines: string[] = [];
    const n = createConsoleNotifier(
      { id: 'c', type: 'console', stream: 'stdout', rateLimitPerHour: undefined },
      (l) => lines.push(l),
    );
    expect((await n.send(notification('c'))).ok).toBe(true);
    expect(lines).toEqual([
      '2026-03-01T10:00:00.000Z [FIRING:1] critical SlowFit — firing: fit took 3.2 s; resolved: alert {"alertname":"SlowFit","severity":"warning","op":"load"}\n',
    ]);
    expect(consoleLine({ ...notification('c'), test: true })).toContain('[TEST] [FIRING:1]');
  });
});

describe('file channel', () => {
  it('appends JSON lines in the webhook shape and rotates by size', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'alerts-file-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const path = join(dir, 'sub', 'alerts.jsonl');
    const n = createFileNotifier(
      { id: 'f', type: 'file', path, maxSizeBytes: 2048, maxFiles: 2, rateLimitPerHour: undefined },
      { externalUrl: 'http://monitor:8080' },
    );
    for (let i = 0; i < 12; i++) {
      const r = await n.send({ ...notification('f'), id: `n${i}` });
      expect(r.ok).toBe(true);
    }
    const files = (await readdir(join(dir, 'sub'))).sort();
    expect(files).toEqual(['alerts.jsonl', 'alerts.jsonl.1', 'alerts.jsonl.2']);
    const current = (await readFile(path, 'utf8')).trim().split('\n');
    const last = JSON.parse(current.at(-1) as string) as Record<string, unknown>;
    expect(last).toMatchObject({ id: 'n11', version: '4', status: 'firing', receiver: 'f' });
    for (const f of files) {
      const size = (await readFile(join(dir, 'sub', f))).length;
      expect(size).toBeLessThanOrEqual(2048);
    }
  });

  it('reports a path it cannot write', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'alerts-file-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    // A regular file where the directory should be.
    await writeFile(join(dir, 'plain'), 'x');
    const path = join(dir, 'plain', 'alerts.jsonl');
    const n = createFileNotifier(
      { id: 'f', type: 'file', path, maxSizeBytes: 4096, maxFiles: 1, rateLimitPerHour: undefined },
      {},
    );
    const r = await n.send(notification('f'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(new RegExp(`^file ${path}: .*(ENOTDIR|EEXIST)`));
  });
});

describe('webhook channel', () => {
  it('POSTs the Alertmanager webhook v4 JSON with a verifiable HMAC-SHA256 signature', async () => {
    const server = await startRecorder();
    cleanups.push(server.close);
    const secret = new Secret('s3cret', 'test');
    const n = createWebhookNotifier(
      webhookConfig(`${server.url}/alerts`, { secret }),
      { externalUrl: 'http://monitor:8080' },
      () => T0,
    );
    expect(await n.send(notification('hook'))).toEqual({ ok: true, value: undefined });
    const req = server.requests[0];
    expect(req?.path).toBe('/alerts');
    const timestamp = String(req?.headers[TIMESTAMP_HEADER]);
    expect(timestamp).toBe(String(T0 / 1000));
    // The receiver recomputes the signature with the shared secret.
    expect(req?.headers[SIGNATURE_HEADER]).toBe(
      webhookSignature('s3cret', timestamp, req?.body ?? ''),
    );
    expect(req?.headers[SIGNATURE_HEADER]).not.toBe(
      webhookSignature('wrong', timestamp, req?.body ?? ''),
    );
    const body = JSON.parse(req?.body ?? '') as Record<string, unknown>;
    expect(body).toMatchObject({
      version: '4',
      status: 'firing',
      receiver: 'hook',
      groupKey: 'root:{alertname="SlowFit"}',
      groupLabels: { alertname: 'SlowFit' },
      commonLabels: { alertname: 'SlowFit' },
      externalURL: 'http://monitor:8080',
      truncatedAlerts: 0,
    });
    const alerts = body.alerts as Record<string, unknown>[];
    expect(alerts.map((a) => [a.status, a.endsAt])).toEqual([
      ['firing', '0001-01-01T00:00:00Z'],
      ['resolved', '2026-03-01T09:59:59.000Z'],
    ]);
  });

  it('reports the status and body of a refused POST', async () => {
    const server = await startRecorder(() => ({ status: 503, body: 'maintenance' }));
    cleanups.push(server.close);
    const n = createWebhookNotifier(webhookConfig(server.url), {});
    expect(await n.send(notification('hook'))).toEqual({
      ok: false,
      error: `POST ${server.url}: HTTP 503: maintenance`,
    });
  });

  it('keeps a token in the URL query out of the failure it reports', async () => {
    const server = await startRecorder(() => ({ status: 503, body: 'maintenance' }));
    cleanups.push(server.close);
    const n = createWebhookNotifier(webhookConfig(`${server.url}/hook?token=t0ps3cret`), {});
    const sent = await n.send(notification('hook'));
    expect(sent).toEqual({
      ok: false,
      error: `POST ${server.url}/hook?<redacted>: HTTP 503: maintenance`,
    });
    expect(server.requests[0]?.path).toBe('/hook?token=t0ps3cret');
  });
});

describe('Slack channel', () => {
  it('calls chat.postMessage on the configured API URL with the token and Block Kit blocks', async () => {
    const server = await startRecorder(() => ({ status: 200, body: '{"ok":true,"ts":"1.2"}' }));
    cleanups.push(server.close);
    const n = createSlackNotifier(
      {
        id: 'slack',
        type: 'slack',
        botToken: new Secret('xoxb-test-token', 'test'),
        channel: '#xpcs-alerts',
        apiUrl: `${server.url}/api/`,
        timeoutMillis: 5000,
        rateLimitPerHour: undefined,
      },
      {},
    );
    expect(await n.send(notification('slack'))).toEqual({ ok: true, value: undefined });
    const req = server.requests[0];
    expect(req?.path).toBe('/api/chat.postMessage');
    expect(req?.headers.authorization).toBe('Bearer xoxb-test-token');
    const form = new URLSearchParams(req?.body ?? '');
    expect(form.get('channel')).toBe('#xpcs-alerts');
    expect(form.get('text')).toContain('[FIRING:1] critical SlowFit');
    const blocks = JSON.parse(form.get('blocks') ?? '[]') as {
      type: string;
      text?: { text: string };
    }[];
    expect(blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: '[FIRING:1] critical SlowFit' },
    });
    expect(blocks.filter((b) => b.type === 'section').map((b) => b.text?.text)).toEqual([
      ':red_circle: firing: fit took 3.2 s',
      ':large_green_circle: resolved: alert {"alertname":"SlowFit","severity":"warning","op":"load"}',
    ]);
  });

  it('reports the Slack error code', async () => {
    const server = await startRecorder(() => ({
      status: 200,
      body: '{"ok":false,"error":"channel_not_found"}',
    }));
    cleanups.push(server.close);
    const n = createSlackNotifier(
      {
        id: 's',
        type: 'slack',
        botToken: new Secret('x', 't'),
        channel: '#nope',
        apiUrl: `${server.url}/api/`,
        timeoutMillis: 5000,
        rateLimitPerHour: undefined,
      },
      {},
    );
    const r = await n.send(notification('s'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain('channel_not_found');
  });
});

describe('email channel', () => {
  it('delivers a text and HTML mail through a real SMTP server with authentication', async () => {
    const mails: { from: string; to: string[]; raw: string; user?: string }[] = [];
    const smtp = new SMTPServer({
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      onAuth(auth, _session, callback) {
        if (auth.username === 'monitor' && auth.password === 'pw-123') {
          callback(null, { user: auth.username });
        } else {
          callback(new Error('invalid credentials'));
        }
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          mails.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString('utf8'),
            user: session.user as string | undefined,
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => smtp.close(() => resolve())));
    const port = (smtp.server.address() as { port: number }).port;
    const config = {
      id: 'mail',
      type: 'email' as const,
      smtpServer: '127.0.0.1',
      port,
      tls: 'none' as const,
      username: 'monitor',
      password: new Secret('pw-123', 'test'),
      fromAddress: 'alerts@beamline.example',
      toAddresses: ['sre@beamline.example', 'pi@beamline.example'],
      timeoutMillis: 5000,
      rateLimitPerHour: undefined,
    };
    const n = createEmailNotifier(config, { externalUrl: 'http://monitor:8080' });
    cleanups.push(async () => n.close?.());
    expect(await n.send(notification('mail'))).toEqual({ ok: true, value: undefined });
    expect(mails).toHaveLength(1);
    const mail = mails[0];
    expect(mail?.user).toBe('monitor');
    expect(mail?.from).toBe('alerts@beamline.example');
    expect(mail?.to).toEqual(['sre@beamline.example', 'pi@beamline.example']);
    expect(mail?.raw).toContain('Subject: [FIRING:1] critical SlowFit');
    expect(mail?.raw).toContain('Content-Type: text/plain');
    expect(mail?.raw).toContain('Content-Type: text/html');
    expect(mail?.raw).toContain('use the cached basis');

    // The person on call of an escalation level receives it instead of the usual list.
    const escalated = {
      ...notification('mail'),
      recipients: [{ name: 'bob', email: 'bob@beamline.example' }],
    };
    expect(await n.send(escalated)).toEqual({ ok: true, value: undefined });
    expect(mails[1]?.to).toEqual(['bob@beamline.example']);

    const wrong = createEmailNotifier({ ...config, password: new Secret('nope', 'test') }, {});
    cleanups.push(async () => wrong.close?.());
    const refused = await wrong.send(notification('mail'));
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error).toMatch(/^smtp 127\.0\.0\.1:\d+: .*Invalid login/i);
  });
});

describe('OTLP logs channel', () => {
  it('sends each alert as a log record that our own OTLP receiver accepts', async () => {
    const { queue, items } = recordingQueue();
    const receiver = createOtlpHttpReceiver({ queue, host: '127.0.0.1', port: 0 });
    const address = await receiver.start();
    cleanups.push(() => receiver.shutdown());
    const n = createOtlpLogsNotifier({
      id: 'otlp',
      type: 'otlp',
      endpoint: `http://127.0.0.1:${address.port}`,
      token: undefined,
      timeoutMillis: 5000,
      serviceName: 'heterodyne-monitor',
      rateLimitPerHour: undefined,
    });
    expect(await n.send(notification('otlp'))).toEqual({ ok: true, value: undefined });
    await queue.drain();
    const logs = items.filter((i) => i.signal === 'logs');
    expect(logs).toHaveLength(1);
    const request = logs[0]?.request as LogsRequest;
    expect(request.resourceLogs[0]?.resource.attributes['service.name']).toBe('heterodyne-monitor');
    const records = request.resourceLogs[0]?.scopeLogs[0]?.logRecords ?? [];
    expect(
      records.map((r) => [
        r.severityNumber,
        r.severityText,
        r.attributes['alert.status'],
        r.attributes.op,
      ]),
    ).toEqual([
      [21, 'FATAL', 'firing', 'fit'],
      [9, 'INFO', 'resolved', 'load'],
    ]);
    expect(records.find((r) => r.attributes.op === 'fit')?.body).toBe('firing: fit took 3.2 s');
  });
});
