/**
 * Channel failover with real servers on loopback: an email channel whose SMTP server is
 * stopped hands its notifications to Slack after its retries, and to a file when Slack fails
 * too; each notification arrives exactly once, and the deliveries say through which channel
 * and why.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { AlertSystem } from '../../src/alerting/alert-system.js';
import { parseConfig } from '../../src/config/load-config.js';
import { openStore } from '../../src/store/open-store.js';
import { startRecorder } from './real-servers.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function startSmtp(): Promise<{ port: number; mails: string[]; stop: () => Promise<void> }> {
  const mails: string[] = [];
  const smtp = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push(Buffer.concat(chunks).toString('utf8'));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const port = (smtp.server.address() as { port: number }).port;
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  };
  cleanups.push(stop);
  return { port, mails, stop };
}

describe('channel failover', () => {
  it('SMTP down: the notification arrives once through Slack, then through the file when Slack fails too', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'failover-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const smtp = await startSmtp();
    let slackUp = true;
    const slack = await startRecorder(() =>
      slackUp
        ? { status: 200, body: '{"ok":true,"ts":"1.2"}' }
        : { status: 503, body: '{"ok":false}' },
    );
    cleanups.push(slack.close);
    const file = join(dir, 'alerts.jsonl');
    const yaml = `
store: sqlite:${join(dir, 'm.db')}
alerting:
  default_rules: false
  rules:
    SlowFit: { metric: fit.duration, comparison: gt, threshold: 3, severity: critical }
  channels:
    mail:
      type: email
      fallbacks: [chat, disk]
      config: { smtp_server: "127.0.0.1:${smtp.port}", tls: none, from_address: a@b.example, to_addresses: [c@d.example], timeout: 2s }
    chat:
      type: slack
      config: { bot_token: "\${SLACK_TOKEN}", channel: "#alerts", api_url: "${slack.url}" }
    disk:
      type: file
      config: { path: ${file} }
  route:
    channels: [mail]
    group_by: [alertname, op]
    group_wait: 1s
  delivery: { max_attempts: 2, initial_backoff: 1s, max_backoff: 2s }
`;
    const parsed = parseConfig(yaml, { file: 'm.yaml', env: { SLACK_TOKEN: 'xoxb-test' } });
    if (!parsed.ok) throw new Error(parsed.error.map((e) => e.message).join('\n'));
    const store = await openStore({ kind: 'sqlite', path: join(dir, 'm.db') });
    cleanups.push(() => store.close());
    let now = 1_800_000_000_000;
    const clock = { now: () => now };
    const system = new AlertSystem({
      config: parsed.value.alerting,
      store,
      clock,
      random: () => 1,
    });
    await system.start();
    cleanups.push(() => system.shutdown());
    const run = async (seconds: number): Promise<void> => {
      for (let i = 0; i < seconds; i++) {
        now += 1000;
        await system.tick();
      }
    };

    // SMTP up: mail only.
    system.evaluateMetric('fit.duration', 5, { op: 'a' });
    await run(5);
    expect(smtp.mails).toHaveLength(1);
    expect(slack.requests).toHaveLength(0);

    // SMTP stopped: after its two attempts the notification goes to Slack, once.
    await smtp.stop();
    system.evaluateMetric('fit.duration', 5, { op: 'b' });
    await run(10);
    expect(smtp.mails).toHaveLength(1);
    expect(slack.requests).toHaveLength(1);
    expect(slack.requests[0]!.body).toContain('SlowFit');
    const mailDeliveries = await store.listDeliveryAttempts({ channel: 'mail' });
    const dead = mailDeliveries.find((d) => d.status === 'dead-letter');
    expect(dead?.error).toMatch(/ECONNREFUSED.*; failed over to "chat"$/);
    const chat = await store.listDeliveryAttempts({ channel: 'chat' });
    expect(chat.map((d) => d.status)).toEqual(['delivered', 'queued']);
    expect(chat[0]!.alertId).toBe(dead!.alertId);
    expect(chat[0]!.payload).toMatchObject({
      channel: 'chat',
      failover: {
        origin: 'mail',
        from: 'mail',
        reason: expect.stringMatching(/ECONNREFUSED/) as unknown,
      },
    });

    // Slack failing as well: the file gets it, once; nothing more reaches Slack or SMTP.
    slackUp = false;
    system.evaluateMetric('fit.duration', 5, { op: 'c' });
    await run(20);
    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(1);
    const written = JSON.parse(lines[0]!) as { alerts: Array<{ labels: Record<string, string> }> };
    expect(written.alerts.map((a) => a.labels.op)).toEqual(['c']);
    expect(slack.requests).toHaveLength(3); // one success for b, two failed attempts for c
    expect(smtp.mails).toHaveLength(1);
    const disk = await store.listDeliveryAttempts({ channel: 'disk' });
    expect(disk[0]).toMatchObject({ status: 'delivered' });
    expect(disk[0]!.payload).toMatchObject({ failover: { origin: 'mail', from: 'chat' } });
    // Nothing is left to retry anywhere.
    await run(30);
    expect(await store.listDueRetries(now)).toEqual([]);
    expect(lines).toHaveLength(1);
    expect((await readFile(file, 'utf8')).trim().split('\n')).toHaveLength(1);
  });

  it('refuses fallbacks naming no channel, the channel itself, or twice', () => {
    const r = parseConfig(
      `alerting:
  channels:
    a: { type: console, fallbacks: [a, b, b, nope] }
    b: { type: console }
`,
      { file: 'm.yaml' },
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const text = r.error.map((e) => e.message).join('\n');
    expect(text).toMatch(
      /m\.yaml:3:\d+: alerting\.channels\.a\.fallbacks\[0\]: "a" cannot be its own fallback/,
    );
    expect(text).toMatch(/alerting\.channels\.a\.fallbacks\[2\]: "b" is listed twice/);
    expect(text).toMatch(
      /alerting\.channels\.a\.fallbacks\[3\]: names no channel \(channels: a, b\)/,
    );
  });
});
