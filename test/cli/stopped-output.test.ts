/**
 * A run that stops before it has a result still prints one document in the machine formats
 * (issue 11 §1): `plan|show|doctor --format json` print `{ok: false, exit_code, error, diagnostics}`
 * and `--format markdown` a short block saying the command failed and why (the PR comment).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run as doctor } from '../../src/cli/doctor.js';
import { run as plan } from '../../src/cli/plan.js';
import { run as show } from '../../src/cli/show.js';
import { docs, workspace, type CommandRun, type Workspace } from './harness.js';

let ws: Workspace;
beforeEach(async () => {
  ws = await workspace();
});
afterEach(async () => ws.close());

const TEAM = docs('kind: Team\nname: Integrations\nspec:\n  department: Service Delivery');

/** The ways a run stops: each sets up the workspace and names the env to run. */
const STOPS: { name: string; setup: () => void; env: string; error: RegExp }[] = [
  {
    name: 'bad credentials',
    setup: () => {
      ws.writeEnv(TEAM);
      ws.env.HALO_CLIENT_SECRET = 'x';
    },
    env: 'test',
    error: /^Error: .*(401|invalid_client|credentials|rejected)/i,
  },
  { name: 'unknown environment', setup: () => ws.writeEnv(TEAM), env: 'nope', error: /nope/ },
  { name: 'a schema error', setup: () => ws.writeEnv(docs('kind: Team\nname: Integrations\nspec:\n  colour: red')), env: 'test', error: /^environments\/test\/resources\.yaml:\d+:\d+: / },
  {
    name: 'an unreachable URL',
    setup: () => {
      ws.writeEnv(TEAM);
      ws.env.HALO_URL = 'http://127.0.0.1:9';
      ws.env.HALO_AUTH_URL = 'http://127.0.0.1:9/auth';
    },
    env: 'test',
    error: /^Error: /,
  },
];

const COMMANDS: [string, CommandRun][] = [
  ['plan', plan],
  ['doctor', doctor],
];

describe('--format json when the run stops', () => {
  for (const [command, cmd] of COMMANDS) {
    for (const stop of STOPS) {
      it(`${command}: ${stop.name} prints one JSON document with the diagnostics and the exit code`, async () => {
        stop.setup();
        const r = await ws.run(cmd, { env: stop.env, format: 'json', timeout: 2000 });
        expect(r.code).toBe(1);
        const doc = JSON.parse(r.stdout) as { ok: boolean; exit_code: number; error: string; diagnostics: { message: string; severity: string }[] };
        expect(doc.ok).toBe(false);
        expect(doc.exit_code).toBe(1);
        expect(doc.diagnostics.length).toBeGreaterThan(0);
        expect(doc.diagnostics[0]!.severity).toBe('error');
        expect(doc.error).toMatch(stop.error.source.startsWith('^Error: ') ? new RegExp(stop.error.source.replace('^Error: ', '^')) : stop.error);
        // The same first error is on stderr, as text prints it.
        expect(r.stderr.split('\n').some((l) => stop.error.test(l))).toBe(true);
        expect(r.stdout).not.toContain(ws.sim.clientSecret);
      });
    }
  }

  it('show: a file that is not a plan prints one JSON document', async () => {
    ws.write('plan.json', '[]');
    const r = await ws.run(show, { format: 'json' }, ['plan.json']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as { error: string; diagnostics: { file: string; line: number }[] };
    expect(doc.error).toBe('plan.json:1:1: not a halo-iac plan: the file holds a list; make a new one with halo-iac plan --out FILE');
    expect(doc.diagnostics[0]).toMatchObject({ file: 'plan.json', line: 1, column: 1 });
  });

  it('text output stays as it was: nothing on stdout, the error on stderr', async () => {
    ws.writeEnv(TEAM);
    const r = await ws.run(plan, { env: 'nope' });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/nope/);
  });
});

describe('--format markdown when the run stops', () => {
  it('plan: a schema error becomes a block saying the plan failed, with the positioned error', async () => {
    ws.writeEnv(docs('kind: Team\nname: Integrations\nspec:\n  colour: red'));
    const r = await ws.run(plan, { env: 'test', format: 'markdown' });
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('### :no_entry: halo-iac plan failed for environment test');
    expect(lines[2]).toBe('It stopped before it had a result (exit 1). The error:');
    expect(lines[4]).toBe('```text');
    expect(lines[5]).toMatch(/^environments\/test\/resources\.yaml:\d+:\d+: .*colour/);
    expect(lines[6]).toBe('```');
  });

  it('plan: bad credentials say so', async () => {
    ws.writeEnv(TEAM);
    ws.env.HALO_CLIENT_SECRET = 'x';
    const r = await ws.run(plan, { env: 'test', format: 'markdown' });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('### :no_entry: halo-iac plan failed for environment test');
    expect(r.stdout).toMatch(/\nError: /);
    expect(r.stdout).not.toContain('x\n');
  });

  it('doctor: the block names no tenant (doctor markdown is for public bug reports)', async () => {
    ws.writeEnv(TEAM);
    ws.env.HALO_CLIENT_SECRET = 'x';
    const r = await ws.run(doctor, { env: 'test', format: 'markdown' });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('### :no_entry: halo-iac doctor failed\n\nIt stopped before it had a result (exit 1). The errors are in the job log (stderr).\n');
    expect(r.stdout).not.toContain('127.0.0.1');
  });
});
