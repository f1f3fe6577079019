/**
 * Review through the running service: proposals listed with a viewer token, approved with
 * an operator token through the CLI (recorded under the token's name, with the note), a
 * viewer refused; the approved baseline is served; the audit log is readable.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApprovals } from '../../src/approvals/approvals.js';
import { createBaselineApprovalGate } from '../../src/approvals/baseline-approvals.js';
import { REMEDIATION_KIND } from '../../src/approvals/remediation-approvals.js';
import { runCli } from '../../src/cli/run-cli.js';
import { parseConfig } from '../../src/config/load-config.js';
import { createAnalysisService } from '../../src/service/analysis-service.js';
import { openStore } from '../../src/store/open-store.js';
import { baselineInput } from '../store/fixtures.js';
import { fakeIo } from '../cli/fake-io.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('proposals through the API and CLI', () => {
  it('viewer lists, operator approves with a note, the audit log names them', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'approvals-svc-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const db = join(dir, 's.db');
    const env = { VIEW_TOKEN: 'view-123', OPS_TOKEN: 'ops-456' };
    const parsed = parseConfig(
      `receivers: { otlp: { protocols: { http: { endpoint: 127.0.0.1:0 } } } }
store: sqlite:${db}
api:
  endpoint: 127.0.0.1:0
  auth:
    tokens:
      - { name: grafana, role: viewer, token_env: VIEW_TOKEN }
      - { name: on-call, role: operator, token_env: OPS_TOKEN }
approvals: { require_approval: true, expire_after: 1d }
`,
      { file: 's.yaml', env },
    );
    if (!parsed.ok) throw new Error(parsed.error.map((e) => e.message).join('\n'));
    expect(parsed.value.approvals).toEqual({
      requireApproval: true,
      expireAfterMillis: 86_400_000,
    });
    const service = createAnalysisService(parsed.value);
    const { api } = await service.start();
    cleanups.push(() => service.shutdown());

    // A proposal as the baselines engine makes one (same process, same store).
    const store = await openStore(`sqlite:${db}`);
    cleanups.push(() => store.close());
    const gate = createBaselineApprovalGate(createApprovals({ store, now: Date.now }), Date.now);
    await gate.propose({ ...baselineInput('fit{}', 2), key: 'fit{}' }, undefined);

    const cli = async (token: string, ...args: string[]) => {
      const io = fakeIo({ HETERODYNE_API_URL: api as string, HETERODYNE_API_TOKEN: token });
      const code = await runCli(['proposals', ...args], io);
      return { code, out: io.out(), err: io.err() };
    };
    const list = await cli(env.VIEW_TOKEN, 'list');
    expect(list.code, list.err).toBe(0);
    const id = /^(\S+)\s+pending\s+baseline-update/m.exec(list.out)?.[1];
    expect(id, list.out).toBeDefined();

    const refused = await cli(env.VIEW_TOKEN, 'approve', id!, '--note', 'ok');
    expect(refused).toMatchObject({ code: 1 });
    expect(refused.err).toContain(
      `proposals approve: 403: authorization: POST /api/v1/proposals/${id}/approve needs the operator role; the token 'grafana' has viewer`,
    );

    // The token names the decider; --by cannot speak for someone else.
    const approved = await cli(
      env.OPS_TOKEN,
      'approve',
      id!,
      '--note',
      'expected after the compiler upgrade',
      '--by',
      'mallory',
    );
    expect(approved).toMatchObject({ code: 0, out: `${id} approved by on-call (applied)\n` });
    expect((await cli(env.OPS_TOKEN, 'reject', id!)).err).toMatch(
      /409: proposal '.*' is approved \(by on-call\), not pending/,
    );

    const baselines = (await (
      await fetch(`${api}/api/v1/baselines`, {
        headers: { authorization: `Bearer ${env.VIEW_TOKEN}` },
      })
    ).json()) as { baselines: Array<{ key: string; p50: number }> };
    expect(baselines.baselines).toMatchObject([{ key: 'fit{}', p50: 2.5 }]);

    const audit = await cli(env.VIEW_TOKEN, 'audit', '--subject', id!);
    expect(audit.code).toBe(0);
    expect(audit.out).toMatch(
      /on-call\s+proposal\.approved\s+\S+\s+"expected after the compiler upgrade"/,
    );
    expect(audit.out).toMatch(/system\s+proposal\.created/);
  });

  it('decides remediation proposals through the CLI, recorded in the remediation audit', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'approvals-svc-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const db = join(dir, 's.db');
    const env = { OPS_TOKEN: 'ops-456' };
    const parsed = parseConfig(
      `receivers: { otlp: { protocols: { http: { endpoint: 127.0.0.1:0 } } } }
store: sqlite:${db}
api:
  endpoint: 127.0.0.1:0
  auth:
    tokens:
      - { name: on-call, role: operator, token_env: OPS_TOKEN }
optimization: { auto_remediation_enabled: true, dry_run: false }
approvals: { require_approval: true }
`,
      { file: 's.yaml', env },
    );
    if (!parsed.ok) throw new Error(parsed.error.map((e) => e.message).join('\n'));
    const service = createAnalysisService(parsed.value);
    const { api } = await service.start();
    cleanups.push(() => service.shutdown());

    // Proposals as the optimization engine makes them (same store).
    const store = await openStore(`sqlite:${db}`);
    cleanups.push(() => store.close());
    const approvals = createApprovals({ store, now: Date.now });
    const propose = (subject: string) =>
      approvals.propose({
        kind: REMEDIATION_KIND,
        subject,
        summary: `run cache_tune for ${subject}`,
        payload: {
          action: 'cache_tune',
          parameters: { cache: 'fit', sizeFactor: 2 },
          decision: { outcome: 'execute', numbers: { confidence: 0.97 } },
        },
      });
    const rejectMe = await propose('cache_tuning:fit');
    const approveMe = await propose('cache_tuning:solve');

    const cli = async (...args: string[]) => {
      const io = fakeIo({ HETERODYNE_API_URL: api as string, HETERODYNE_API_TOKEN: env.OPS_TOKEN });
      const code = await runCli(['proposals', ...args], io);
      return { code, out: io.out(), err: io.err() };
    };
    expect(await cli('reject', rejectMe.id, '--note', 'not now')).toMatchObject({
      code: 0,
      out: `${rejectMe.id} rejected by on-call\n`,
    });
    // The service's engine has not seen that opportunity open: approving runs nothing, says so.
    const approved = await cli('approve', approveMe.id);
    expect(approved.code).toBe(1);
    expect(approved.err).toContain('is not open now');

    const audit = async (opportunity: string) =>
      (
        (await (
          await fetch(`${api}/api/v1/remediations/audit?opportunity=${opportunity}`, {
            headers: { authorization: `Bearer ${env.OPS_TOKEN}` },
          })
        ).json()) as { entries: Array<{ event: string; reason: string }> }
      ).entries;
    expect(await audit('cache_tuning:fit')).toMatchObject([
      {
        event: 'rejected',
        reason: `proposal ${rejectMe.id} rejected by on-call: not now; nothing was run`,
      },
    ]);
    expect((await audit('cache_tuning:solve')).map((e) => e.event)).toEqual([
      'not_run',
      'approved',
    ]);
    expect(await store.listRemediations()).toEqual([]);
  });
});
