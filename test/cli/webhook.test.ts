/**
 * Webhook through the CLI: validate errors at their positions, a plan and an apply that never
 * print the secret, and export -> plan "No changes".
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { run as apply } from '../../src/cli/apply.js';
import { captureIo } from '../../src/cli/output.js';
import { run as exportRun } from '../../src/cli/export.js';
import { run as plan } from '../../src/cli/plan.js';
import { run as validate } from '../../src/cli/validate.js';
import { docs, environmentYaml, workspace, type Workspace } from './harness.js';
import { ENV_HEADER, tempTree } from '../manifest/helpers.js';

const SECRET = 'hook-secret-4c1d9e77';

const HOOK = docs(
  [
    'kind: Webhook',
    'name: Rewst tickets',
    'spec:',
    '  url: https://hooks.example.com/halo',
    '  events: [ticketLogged, ticketUpdated]',
    '  authentication:',
    '    type: header',
    '    secretFrom: env:REWST_HOOK_HEADER',
    '  active: true',
  ].join('\n'),
);

describe('halo-iac validate: Webhook', () => {
  it('reports each problem at its position', async () => {
    const hook = [
      'apiVersion: halo-iac/v1',
      'kind: Webhook',
      'name: Bad hook',
      'spec:',
      '  url: https://hooks.example.com/x',
      '  events: [ticketLoged, 7]',
      '  authentication:',
      '    type: header',
      '    username: halo',
      '    rotate: 2',
      '',
    ].join('\n');
    const io = captureIo({ cwd: tempTree({ 'env.yaml': ENV_HEADER + '---\n' + hook }), env: {} });
    expect(await validate({ config: 'env.yaml', format: 'text' }, [], io)).toBe(1);
    expect(io.stderr().split('\n')).toEqual([
      "env.yaml:13:12: webhook/Bad hook: unknown webhook event 'ticketLoged' (did you mean 'ticketLogged'?); known: ticketLogged, ticketUpdated, ticketClosed, actionAdded, customerCreated, customerUpdated",
      'env.yaml:16:15: webhook/Bad hook: username applies to basic authentication, not header',
      'env.yaml:17:13: webhook/Bad hook: authentication.rotate needs secretFrom (the secret to send again)',
      'Invalid: 3 errors in environment env.yaml.',
      '',
    ]);
  });

  it('refuses a secretFrom that is not env:NAME, by the schema', async () => {
    const hook = 'apiVersion: halo-iac/v1\nkind: Webhook\nname: Hook\nspec:\n  authentication:\n    type: basic\n    secretFrom: hunter2\n';
    const io = captureIo({ cwd: tempTree({ 'env.yaml': ENV_HEADER + '---\n' + hook }), env: {} });
    expect(await validate({ config: 'env.yaml', format: 'text' }, [], io)).toBe(1);
    expect(io.stderr()).toBe(
      'env.yaml:14:17: spec.authentication.secretFrom: the value (not shown) must be env:NAME, the environment variable that holds the secret\nInvalid: 1 error in environment env.yaml.\n',
    );
  });
});

describe('halo-iac plan/apply/export: Webhook', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await workspace();
    ws.env.REWST_HOOK_HEADER = SECRET;
    ws.writeEnv(HOOK);
  });
  afterEach(async () => ws.close());

  it('plans and applies without printing the secret, and Halo gets it', async () => {
    const p = await ws.run(plan, { env: 'test', format: 'json' });
    expect(p.code).toBe(0);
    expect(p.stdout + p.stderr).not.toContain(SECRET);
    const doc = JSON.parse(p.stdout) as { resource_changes: { address: string; request: { body: Record<string, unknown>[] } }[] };
    expect(doc.resource_changes.map((c) => c.address)).toEqual(['webhook/Rewst tickets']);
    expect(doc.resource_changes[0]?.request.body[0]).toMatchObject({ authentication_type: 3, authentication_header: '(sensitive value)' });

    const saved = await ws.run(plan, { env: 'test', out: 'hooks.plan.json' });
    expect(saved.code).toBe(0);
    expect(readFileSync(join(ws.cwd, 'hooks.plan.json'), 'utf8')).not.toContain(SECRET);
    const a = await ws.run(apply, { env: 'test', autoApprove: true }, ['hooks.plan.json']);
    expect(a.stderr).not.toMatch(/error/i);
    expect(a.code).toBe(0);
    expect(a.stdout + a.stderr).not.toContain(SECRET);
    const stored = ws.sim.snapshot().collections['Webhook']?.[0];
    expect(stored).toMatchObject({ name: 'Rewst tickets', authentication_header: SECRET, authentication_type: 3 });
    const again = await ws.run(plan, { env: 'test', detailedExitcode: true });
    expect(again.stdout.trimEnd().split('\n').at(-1)).toBe('No changes. Halo configuration matches the manifests.');
    expect(again.code).toBe(0);
  });

  it('without the secret: plan warns at its position that apply needs it (exit 0); apply refuses before any write', async () => {
    delete ws.env.REWST_HOOK_HEADER;
    const p = await ws.run(plan, { env: 'test' });
    expect(p.code).toBe(0);
    expect(p.stderr).toContain(
      "environments/test/resources.yaml:9:17: warning: webhook/Rewst tickets: authentication.secretFrom: environment variable REWST_HOOK_HEADER is not set; apply needs it: this change sends the secret (set it in the apply job's environment)\n",
    );
    const saved = await ws.run(plan, { env: 'test', out: 'hooks.plan.json' });
    expect(saved.code).toBe(0);
    const from = ws.sim.requests.length;
    for (const args of [[], ['hooks.plan.json']]) {
      const a = await ws.run(apply, { env: 'test', autoApprove: true }, args);
      expect(a.code).toBe(1);
      expect(a.stderr).toContain(
        'environments/test/resources.yaml:9:17: webhook/Rewst tickets: authentication.secretFrom: environment variable REWST_HOOK_HEADER is not set; this change sends the secret, so apply cannot make it. Nothing was written: set it and run apply again\n',
      );
    }
    expect(ws.writes(from)).toEqual([]);
  });

  it('needs no secret when nothing would send it: a plan of an applied webhook is No changes without the variable', async () => {
    expect((await ws.run(apply, { env: 'test', autoApprove: true })).code).toBe(0);
    delete ws.env.REWST_HOOK_HEADER;
    const p = await ws.run(plan, { env: 'test', detailedExitcode: true });
    expect(p.stderr).not.toContain('REWST_HOOK_HEADER');
    expect(p.stdout.trimEnd().split('\n').at(-1)).toBe('No changes. Halo configuration matches the manifests.');
    expect(p.code).toBe(0);
    // A bumped rotate sends it again: the warning is back, and the counter shows as (sensitive value) like secret.rotate.
    ws.writeEnv(HOOK.replace('    secretFrom: env:REWST_HOOK_HEADER', '    secretFrom: env:REWST_HOOK_HEADER\n    rotate: 1'));
    for (const format of ['text', 'markdown']) {
      const r = await ws.run(plan, { env: 'test', format });
      expect(r.stdout).toContain('authentication.rotate: (sensitive value)');
      expect(r.stderr).toContain('REWST_HOOK_HEADER is not set; apply needs it');
    }
    const json = JSON.parse((await ws.run(plan, { env: 'test', format: 'json' })).stdout) as { resource_changes: { field_changes: { path: string; sensitive?: boolean }[]; change: { after_sensitive: string[] } }[] };
    expect(json.resource_changes[0]?.field_changes).toEqual([expect.objectContaining({ path: 'authentication.rotate', sensitive: true })]);
    expect(json.resource_changes[0]?.change.after_sensitive).toEqual(['authentication.rotate']);
  });

  it('shows (sensitive value) where the secret goes in text and markdown, as JSON does', async () => {
    for (const format of ['text', 'markdown']) {
      const r = await ws.run(plan, { env: 'test', format });
      expect(r.stdout).toContain('+ authentication.rotate: (sensitive value)');
      expect(r.stdout).toContain('+ authentication.type: "header"');
      expect(r.stdout).not.toContain(SECRET);
    }
  });

  it('exports it (events by name, no secret) and the export plans to No changes', async () => {
    expect((await ws.run(apply, { env: 'test', autoApprove: true })).code).toBe(0);
    mkdirSync(join(ws.cwd, 'environments/exported'), { recursive: true });
    writeFileSync(join(ws.cwd, 'environments/exported/environment.yaml'), environmentYaml('exported').replace('include: ["./*.yaml"]', 'include: ["./out/*.yaml"]'));
    const e = await ws.run(exportRun, { env: 'exported', out: 'environments/exported/out', kinds: 'webhook' });
    expect(e.code).toBe(0);
    const text = readFileSync(join(ws.cwd, 'environments/exported/out/webhook.yaml'), 'utf8');
    expect(text).not.toContain(SECRET);
    expect(parseAllDocuments(text).map((d) => d.toJS())).toEqual([
      {
        apiVersion: 'halo-iac/v1',
        kind: 'Webhook',
        name: 'Rewst tickets',
        spec: { url: 'https://hooks.example.com/halo', events: ['ticketLogged', 'ticketUpdated'], authentication: { type: 'header' }, active: true },
      },
    ]);
    const r = await ws.run(plan, { env: 'exported', detailedExitcode: true });
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('No changes. Halo configuration matches the manifests.');
    expect(r.code).toBe(0);
  });
});
