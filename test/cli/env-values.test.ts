/**
 * Values from `${env:..}` are sensitive values (Terraform's rule): plans in every format, saved
 * plans and synth never print them; names cannot come from the environment (they are addresses).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run as apply } from '../../src/cli/apply.js';
import { run as plan } from '../../src/cli/plan.js';
import { run as show } from '../../src/cli/show.js';
import { run as synth } from '../../src/cli/synth.js';
import { run as validate } from '../../src/cli/validate.js';
import { docs, workspace, type Workspace } from './harness.js';

/** Not the connection's secret: only the engine's masking (not the writers') can hide it. */
const DOMAIN = 'Qx7privatedomain';

describe('values from ${env:..} in plans', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await workspace();
    ws.env.AGENT_DOMAIN = DOMAIN;
    ws.writeEnv(
      docs(
        'kind: Team\nname: Ops',
        'kind: Agent\nname: Kim Lee\nspec:\n  email: kim@${env:AGENT_DOMAIN}.com\n  teams: { mode: include, members: [Ops] }',
        'kind: Agent\nname: Bob Jones\nspec:\n  email: bob@${var:mail}',
      ),
      { environmentExtra: 'variables:\n  mail: ${env:AGENT_DOMAIN}.org' },
    );
  });
  afterEach(async () => ws.close());

  it('shows (sensitive value) in text, markdown, json, the saved plan and show; apply sends the real value', async () => {
    const outputs: Record<string, string> = {};
    for (const format of ['text', 'markdown', 'json']) {
      const r = await ws.run(plan, { env: 'test', format });
      expect(r.code).toBe(0);
      outputs[format] = r.stdout;
      outputs[`${format} stderr`] = r.stderr;
    }
    const saved = await ws.run(plan, { env: 'test', out: 'plan.json' });
    expect(saved.code).toBe(0);
    outputs.planFile = readFileSync(join(ws.cwd, 'plan.json'), 'utf8');
    outputs.show = (await ws.run(show, { env: 'test' }, ['plan.json'])).stdout;
    for (const [where, text] of Object.entries(outputs)) {
      expect({ where, leaked: text.toLowerCase().includes(DOMAIN.toLowerCase()) }).toEqual({ where, leaked: false });
    }
    expect(outputs.text).toContain('+ email: (sensitive value)');
    expect(outputs.text).toContain('+ name: "Kim Lee"');
    expect(outputs.markdown).toContain('email: (sensitive value)');
    const json = JSON.parse(outputs.json) as { resource_changes: { address: string; change: { after: Record<string, unknown>; after_sensitive: string[] }; request: { body: Record<string, unknown>[] } }[] };
    const jane = json.resource_changes.find((c) => c.address === 'agent/Kim Lee')!;
    expect(jane.change.after.email).toBe('(sensitive value)');
    expect(jane.change.after_sensitive).toEqual(['email']);
    expect(JSON.stringify(jane.request.body)).toContain('(sensitive value)');
    const bob = json.resource_changes.find((c) => c.address === 'agent/Bob Jones')!;
    expect(bob.change.after.email).toBe('(sensitive value)');

    // The saved plan holds no value: apply reads it from the environment again.
    const applied = await ws.run(apply, { env: 'test', autoApprove: true }, ['plan.json']);
    expect(applied.code).toBe(0);
    expect((applied.stdout + applied.stderr).toLowerCase()).not.toContain(DOMAIN.toLowerCase());
    const agents = (await ws.client().list('Agent')).filter((a) => a.name === 'Kim Lee' || a.name === 'Bob Jones');
    expect(agents.map((a) => String(a.email)).sort()).toEqual([`bob@${DOMAIN}.org`, `kim@${DOMAIN}.com`]);
    const again = await ws.run(plan, { env: 'test', detailedExitcode: true });
    expect(again.stdout).toContain('No changes.');
    expect(again.code).toBe(0);
  });

  it('names from ${env:..} (directly, through a variable, or in a reference) are validate errors at their position', async () => {
    ws.env.TEAM_SECRET = 'Zr5teamsecret';
    ws.writeEnv(
      docs(
        'kind: Team\nname: T-${env:TEAM_SECRET}',
        'kind: Team\nname: ${var:team}',
        'kind: Agent\nname: Jane Smith\nspec:\n  teams: { mode: include, members: [Ops, "${env:TEAM_SECRET}"] }',
        'kind: Team\nname: Ops',
      ),
      { environmentExtra: 'variables:\n  team: ${env:TEAM_SECRET}' },
    );
    const r = await ws.run(validate, { env: 'test' });
    expect(r.code).toBe(1);
    const lines = r.stderr.split('\n').filter((l) => l.includes('a name cannot come from'));
    expect(lines).toEqual([
      'environments/test/resources.yaml:3:7: a name cannot come from ${env:..}: names are printed in every plan',
      'environments/test/resources.yaml:7:7: a name cannot come from ${env:..}: names are printed in every plan',
      'environments/test/resources.yaml:13:42: a name cannot come from ${env:..}: names are printed in every plan',
    ]);
    expect(r.stderr + r.stdout).not.toContain('Zr5teamsecret');
    const p = await ws.run(plan, { env: 'test', format: 'json' });
    expect(p.code).toBe(1);
    expect(p.stdout + p.stderr).not.toContain('Zr5teamsecret');
    const s = await ws.run(synth, { env: 'test', out: 'cdktf.out' });
    expect(s.code).toBe(1);
  });

  it('a Blueprint option from ${env:..} that names an object is an error at the option, without the name', async () => {
    ws.env.AGENT_NAME = 'Zr5agentsecret';
    ws.writeEnv(docs('kind: Blueprint\nname: moovila\nspec:\n  use: moovila\n  with:\n    agentName: ${env:AGENT_NAME}\n    team: Projects\n    secretSink: none'));
    const r = await ws.run(validate, { env: 'test' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('environments/test/resources.yaml:7:16: blueprint/moovila: a name cannot come from ${env:..}: names are printed in every plan\n');
    expect(r.stderr + r.stdout).not.toContain('Zr5agentsecret');
  });

  it('a Blueprint option from ${env:..} that becomes a reference (the team) is an error at the option, once', async () => {
    // QA: `team` is only referred to (by the agent and both ticket types), never an object's own name.
    ws.writeEnv(docs('kind: Blueprint\nname: moovila\nspec:\n  use: moovila\n  with:\n    team: "P-${env:HALO_CLIENT_SECRET}"\n    secretSink: none'));
    const r = await ws.run(validate, { env: 'test' });
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n').filter((l) => l.includes('a name cannot come from'))).toEqual([
      'environments/test/resources.yaml:7:11: blueprint/moovila: a name cannot come from ${env:..}: names are printed in every plan',
    ]);
    const p = await ws.run(plan, { env: 'test', format: 'json' });
    expect(p.code).toBe(1);
    expect(r.stderr + r.stdout + p.stdout + p.stderr).not.toContain(ws.sim.clientSecret);
  });

  it("an agent's access.customers entry from ${env:..} is an error at its position (customers are names too)", async () => {
    ws.env.CUSTOMER = 'Zr5customersecret';
    ws.writeEnv(docs('kind: Agent\nname: Jane Smith\nspec:\n  access:\n    customers: [Acme, "${env:CUSTOMER}"]'));
    const r = await ws.run(validate, { env: 'test' });
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n').filter((l) => l.includes('a name cannot come from'))).toEqual([
      'environments/test/resources.yaml:6:23: a name cannot come from ${env:..}: names are printed in every plan',
    ]);
    expect(r.stderr + r.stdout).not.toContain('Zr5customersecret');
  });

  it('synth never writes an env value into cdk.tf.json', async () => {
    const s = await ws.run(synth, { env: 'test', out: 'cdktf.out' });
    expect(s.code).toBe(0);
    const tf = readFileSync(join(ws.cwd, 'cdktf.out', 'stacks', 'test', 'cdk.tf.json'), 'utf8');
    expect(tf).toContain('Kim Lee');
    expect(tf.toLowerCase()).not.toContain(DOMAIN.toLowerCase());
  });

  it('the writers hide the client secret and secretFrom values wherever they would appear (stdout, stderr, plan file)', async () => {
    ws.env.HOOK_PASSWORD = 'Wp3hookpassword';
    // Written literally (not through ${env:..}): only the writers can catch these.
    ws.writeEnv(
      docs(
        `kind: Agent\nname: Kim Lee\nspec:\n  email: kim@${ws.sim.clientSecret}.com`,
        'kind: Agent\nname: Bob Jones\nspec:\n  email: bob@Wp3hookpassword.org',
        'kind: Webhook\nname: Hook\nspec:\n  url: https://example.com/hook\n  authentication: { type: basic, username: u, secretFrom: env:HOOK_PASSWORD }',
      ),
    );
    for (const format of ['text', 'markdown', 'json']) {
      const r = await ws.run(plan, { env: 'test', format, out: `plan-${format}.json` });
      expect(r.code).toBe(0);
      const file = readFileSync(join(ws.cwd, `plan-${format}.json`), 'utf8');
      for (const secret of [ws.sim.clientSecret, 'Wp3hookpassword']) {
        for (const [where, text] of Object.entries({ stdout: r.stdout, stderr: r.stderr, file })) {
          expect({ format, where, leaked: text.includes(secret) }).toEqual({ format, where, leaked: false });
        }
      }
      expect(r.stdout).toContain('(sensitive value)');
    }
    // The masked file is still a sealed plan: show accepts it.
    expect((await ws.run(show, { env: 'test' }, ['plan-json.json'])).code).toBe(0);
  });
});

describe('hidden values inside unrelated names (QA: a webhook password "Line" masked "1st Line Support")', () => {
  let ws: Workspace;
  afterEach(async () => ws.close());
  const HOOK = (pw: string) => {
    ws.env.HOOK_PW = pw;
    ws.writeEnv(docs('kind: Team\nname: Ops', 'kind: Webhook\nname: Hook\nspec:\n  url: https://hooks.example.invalid/x\n  authentication:\n    type: header\n    secretFrom: env:HOOK_PW'));
  };

  it('a short value is not masked inside names: the plan neither shreds them nor tells what the password is', async () => {
    ws = await workspace();
    HOOK('Line');
    const r = await ws.run(plan, { env: 'test' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('team/1st Line Support');
    expect(r.stdout).not.toContain('(sensitive value) Support');
  });

  it('a long value inside a live name is masked, and the saved plan still applies (not "stale")', async () => {
    ws = await workspace();
    HOOK('Line Support');
    const saved = await ws.run(plan, { env: 'test', out: 'plan.json' });
    expect(saved.code, saved.stderr).toBe(0);
    expect(saved.stdout).toContain('team/1st (sensitive value)');
    expect(readFileSync(join(ws.cwd, 'plan.json'), 'utf8')).not.toContain('Line Support');
    const applied = await ws.run(apply, { env: 'test', autoApprove: true }, ['plan.json']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain('Apply complete!');
  });
});
