/**
 * Broken inputs of issue 9 §1, §2 and §4 (issue 9 §7): saved plan files truncated, edited, not JSON,
 * of another format, environment or tool version; duplicate live names and `id:` pins; lockout
 * through the login agent's roles and memberships. Each case asserts the exit code, the exact
 * diagnostic line (position and message) on stderr, and ZERO write requests in the simulator log.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run as apply } from '../../src/cli/apply.js';
import { run as plan } from '../../src/cli/plan.js';
import { run as show } from '../../src/cli/show.js';
import { run as validate } from '../../src/cli/validate.js';
import { sealPlan } from '../../src/engine/index.js';
import type { HaloWriter } from '../../src/halo/types.js';
import type { Plan } from '../../src/model/plan.js';
import { toolVersion } from '../../src/version.js';
import { docs, workspace, type CommandRun, type Workspace } from './harness.js';

/** A create and an update (the seed team Sales, which the login agent is a member of: updates are fine). */
const BASE = docs('kind: Team\nname: Broken Team\nspec:\n  department: Sales', 'kind: Team\nname: Sales\nspec:\n  inactive: true');

type Json = Record<string, unknown>;

interface BrokenCase {
  name: string;
  /** resources.yaml (default BASE) and extra environment.yaml lines. */
  manifests?: string;
  environmentExtra?: string;
  /** Live state made before the case (its writes are not counted). */
  live?: (client: HaloWriter, ws: Workspace) => Promise<void>;
  /** Makes plan.json: from a real saved plan (plan --out with `planFlags`) edited by `edit`, or as raw text. */
  planFile?: { edit?: (p: Json, ws: Workspace) => void; reseal?: boolean; raw?: (text: string) => string; planFlags?: Json; env?: string };
  /** Between plan and the command: changes in Halo (not counted either: they are not halo-iac's). */
  meanwhile?: (client: HaloWriter) => Promise<void>;
  command: 'plan' | 'apply' | 'show' | 'validate' | 'apply-file';
  flags?: Json;
  /** Arguments instead of the command's own (the plan file's name). */
  args?: string[];
  code: number;
  /** The exact stderr line (a string), or a pattern for lines holding run-specific values (ports, ids). */
  line: string | RegExp;
}

const COMMANDS: Record<BrokenCase['command'], { run: CommandRun; args: string[]; flags: Json }> = {
  plan: { run: plan, args: [], flags: { env: 'test' } },
  apply: { run: apply, args: [], flags: { env: 'test', autoApprove: true } },
  'apply-file': { run: apply, args: ['plan.json'], flags: { env: 'test', autoApprove: true } },
  show: { run: show, args: ['plan.json'], flags: {} },
  validate: { run: validate, args: [], flags: { env: 'test' } },
};

const entries = (p: Json) => p.resource_changes as Json[];
const entry = (p: Json, address: string) => entries(p).find((c) => c.address === address) as Json;
const body = (p: Json, address: string) => ((entry(p, address).request as Json).body as Json[])[0] as Json;
const REMAKE = 'make a new one with halo-iac plan --out FILE';
const MODIFIED = `plan.json:9:13: Saved plan was modified after it was made: its digest does not match its contents; ${REMAKE}`;
const INVALID = (line: number, col: number, why: string) => `plan.json:${line}:${col}: not a halo-iac plan: invalid JSON (${why}); ${REMAKE}`;

/** Two live teams named alike, two agents, two ticket types. */
async function twins(client: HaloWriter): Promise<void> {
  await client.upsert('Team', [{ name: 'Twin', department_id: 2 }, { name: ' twin ', department_id: 3 }]);
  await client.upsert('Agent', [{ name: 'Twin Bot', isapiagent: true }, { name: 'TWIN  BOT', isapiagent: true }]);
  await client.upsert('TicketType', [{ name: 'Twin Type' }, { name: 'twin type' }]);
}

const teamsNamed = async (client: HaloWriter, name: string) => (await client.list('Team')).filter((t) => String(t.name).trim().toLowerCase() === name.toLowerCase()).map((t) => t.id);

const cases: BrokenCase[] = [
  // --- saved plan files: not a plan ---
  { name: 'truncated plan file (apply)', planFile: { raw: (t) => t.slice(0, t.indexOf('"resource_changes"')) }, command: 'apply-file', code: 1, line: INVALID(21, 3, 'it ends too early: truncated?') },
  { name: 'truncated plan file (show)', planFile: { raw: (t) => t.slice(0, t.indexOf('"resource_changes"')) }, command: 'show', code: 1, line: INVALID(21, 3, 'it ends too early: truncated?') },
  { name: 'plan file cut inside a string', planFile: { raw: (t) => t.slice(0, t.indexOf('sha256:') + 20) }, command: 'apply-file', code: 1, line: INVALID(9, 13, 'an unfinished string') },
  { name: 'plan file that is YAML, not JSON', planFile: { raw: () => 'format_version: "1.1"\nresource_changes: []\n' }, command: 'apply-file', code: 1, line: INVALID(1, 1, 'not JSON here') },
  { name: 'plan file that is YAML (show)', planFile: { raw: () => 'format_version: "1.1"\n' }, command: 'show', code: 1, line: INVALID(1, 1, 'not JSON here') },
  { name: 'empty plan file', planFile: { raw: () => '' }, command: 'apply-file', code: 1, line: INVALID(1, 1, 'it ends too early: truncated?') },
  { name: 'plan file with a comment', planFile: { raw: (t) => t.replace('{\n', '{\n  // reviewed by Jane\n') }, command: 'apply-file', code: 1, line: INVALID(2, 3, 'a comment (JSON has none)') },
  { name: 'plan file with a trailing comma', planFile: { raw: (t) => t.replace('"destroy": 0\n', '"destroy": 0,\n') }, command: 'show', code: 1, line: INVALID(14, 3, 'a property name expected') },
  { name: 'plan file with text after it', planFile: { raw: (t) => `${t}}\n` }, command: 'apply-file', code: 1, line: /^plan\.json:\d+:1: not a halo-iac plan: invalid JSON \(text after the end of the plan\)/ },
  { name: 'plan file that is a JSON list', planFile: { raw: () => '[]' }, command: 'apply-file', code: 1, line: `plan.json:1:1: not a halo-iac plan: the file holds a list; ${REMAKE}` },
  { name: 'plan file that is JSON null', planFile: { raw: () => 'null' }, command: 'show', code: 1, line: `plan.json:1:1: not a halo-iac plan: the file holds no JSON object; ${REMAKE}` },
  { name: 'plan file without format_version', planFile: { raw: () => '{}' }, command: 'apply-file', code: 1, line: `plan.json:1:1: not a halo-iac plan: format_version is missing; ${REMAKE}` },
  { name: 'a different format_version (apply)', planFile: { edit: (p) => (p.format_version = '2.0') }, command: 'apply-file', code: 1, line: `plan.json:2:21: plan format 2.0 is not supported by this halo-iac (format 1.1); ${REMAKE}` },
  { name: 'a different format_version (show)', planFile: { edit: (p) => (p.format_version = '2.0') }, command: 'show', code: 1, line: `plan.json:2:21: plan format 2.0 is not supported by this halo-iac (format 1.1); ${REMAKE}` },
  { name: 'format_version not a string', planFile: { edit: (p) => (p.format_version = 1) }, command: 'apply-file', code: 1, line: `plan.json:2:21: not a halo-iac plan: format_version is not a string; ${REMAKE}` },
  { name: 'resource_changes missing', planFile: { edit: (p) => delete p.resource_changes }, command: 'apply-file', code: 1, line: `plan.json:1:1: not a halo-iac plan: resource_changes is missing; ${REMAKE}` },
  { name: 'summary not an object', planFile: { edit: (p) => (p.summary = 'none') }, command: 'show', code: 1, line: `plan.json:10:14: not a halo-iac plan: summary is malformed; ${REMAKE}` },
  { name: 'plan file that does not exist', command: 'apply-file', code: 1, line: 'plan.json: cannot read the plan file (ENOENT)' },
  { name: 'plan file that is a folder', live: async (_c, ws) => mkdirSync(join(ws.cwd, 'plans')), command: 'apply-file', args: ['plans'], code: 1, line: 'plans: cannot read the plan file (EISDIR)' },

  // --- saved plan files: edited (the digest) ---
  { name: 'summary edited (apply)', planFile: { edit: (p) => (p.summary = { add: 0, change: 0, destroy: 0 }) }, command: 'apply-file', code: 1, line: MODIFIED },
  { name: 'summary edited (show prints no "0 to add")', planFile: { edit: (p) => (p.summary = { add: 0, change: 0, destroy: 0 }) }, command: 'show', code: 1, line: MODIFIED },
  { name: 'an entry removed (apply)', planFile: { edit: (p) => (p.resource_changes = entries(p).slice(1)) }, command: 'apply-file', code: 1, line: MODIFIED },
  { name: 'an entry removed (show)', planFile: { edit: (p) => (p.resource_changes = entries(p).slice(1)) }, command: 'show', code: 1, line: MODIFIED },
  { name: 'a request body changed (apply)', planFile: { edit: (p) => (body(p, 'team/Broken Team').department_id = 2) }, command: 'apply-file', code: 1, line: MODIFIED },
  { name: 'a request body changed (show)', planFile: { edit: (p) => (body(p, 'team/Sales').inactive = false) }, command: 'show', code: 1, line: MODIFIED },
  { name: 'created_at edited', planFile: { edit: (p) => (p.created_at = '2020-01-01T00:00:00.000Z') }, command: 'apply-file', code: 1, line: MODIFIED },
  { name: 'environment edited', planFile: { edit: (p) => (p.environment = 'prod') }, command: 'apply-file', code: 1, line: MODIFIED },
  { name: 'digest replaced by another algorithm', planFile: { edit: (p) => (p.digest = 'md5:0123456789abcdef') }, command: 'show', code: 1, line: MODIFIED },
  {
    name: 'digest removed',
    planFile: { edit: (p) => delete p.digest },
    command: 'apply-file',
    code: 1,
    line: `plan.json:1:1: Saved plan has no digest, so it cannot be shown to be the plan that was made (plans before format 1.1 had none); ${REMAKE}`,
  },

  // --- saved plan files: edited, digest recomputed (apply compares with a fresh plan) ---
  { name: 'request body changed, digest recomputed', planFile: { edit: (p) => (body(p, 'team/Sales').inactive = false), reseal: true }, command: 'apply-file', code: 1, line: '  team/Sales: its request differs' },
  { name: 'an entry removed, digest recomputed', planFile: { edit: (p) => (p.resource_changes = entries(p).slice(1)), reseal: true }, command: 'apply-file', code: 1, line: '  team/Broken Team: in the manifests but not in the saved plan' },
  {
    name: 'summary edited, digest recomputed',
    planFile: { edit: (p) => (p.summary = { add: 0, change: 0, destroy: 0 }), reseal: true },
    command: 'apply-file',
    code: 1,
    line: '  summary: 0 to add, 0 to change, 0 to destroy in the file; a fresh plan has 1 to add, 1 to change, 0 to destroy',
  },
  { name: 'live_id changed, digest recomputed', planFile: { edit: (p) => (entry(p, 'team/Sales').live_id = 1), reseal: true }, command: 'apply-file', code: 1, line: '  team/Sales: its live_id differs' },
  {
    name: 'a create turned into a delete, digest recomputed',
    planFile: { edit: (p) => ((entry(p, 'team/Broken Team').change as Json).actions = ['delete']), reseal: true },
    command: 'apply-file',
    code: 1,
    line: '  team/Broken Team: its change differs',
  },
  { name: 'an error injected, digest recomputed', planFile: { edit: (p) => (p.errors = [{ message: 'refused by review' }]), reseal: true }, command: 'apply-file', code: 1, line: 'refused by review' },

  // --- saved plan files: made elsewhere ---
  {
    name: 'a plan from another environment',
    planFile: { env: 'other' },
    command: 'apply-file',
    code: 1,
    line: /^Error: plan\.json was planned for environment "other" \(http:\/\/127\.0\.0\.1:\d+\), not "test" \(http:\/\/127\.0\.0\.1:\d+\)$/,
  },
  {
    name: 'a plan for another tenant, digest recomputed',
    planFile: { edit: (p) => (p.target = { url: 'https://acme.halopsa.com', tenant: 'acme' }), reseal: true },
    command: 'apply-file',
    code: 1,
    line: /^Error: plan\.json was planned for environment "test" \(https:\/\/acme\.halopsa\.com, tenant acme\), not "test" \(http:\/\/127\.0\.0\.1:\d+\)$/,
  },
  {
    name: 'a plan from another halo-iac version, digest recomputed',
    planFile: { edit: (p) => (p.tool_version = '0.0.1'), reseal: true },
    command: 'apply-file',
    code: 1,
    line: `Error: plan.json was made by halo-iac 0.0.1; this is halo-iac ${toolVersion()}, whose requests may differ. Make a new plan with this version.`,
  },
  {
    name: 'a plan gone stale: a field changed in Halo',
    planFile: {},
    meanwhile: async (c) => void (await c.upsert('Team', [{ id: 4, name: 'Sales', inactive: false, department_id: 3 }])),
    manifests: docs('kind: Team\nname: Sales\nspec:\n  inactive: true\n  department: Sales'),
    command: 'apply-file',
    code: 1,
    line: '  team/Sales: department changed in Halo since the plan was made',
  },
  {
    name: 'a plan made with --allow-lockout, applied without it',
    manifests: docs('kind: Role\nname: Administrator\nspec:\n  description: Reduced'),
    planFile: { planFlags: { allowLockout: true } },
    command: 'apply-file',
    code: 1,
    line: "environments/test/resources.yaml:3:7: refusing to change role/Administrator: halo-iac's login agent Admin holds this role, so the change could lock halo-iac out (use --allow-lockout)",
  },

  // --- duplicate live names and id: pins ---
  ...(['plan', 'apply'] as const).map((command) => ({
    name: `a team matching two live teams (${command})`,
    live: twins,
    manifests: docs('kind: Team\nname: Twin\nspec:\n  inactive: true'),
    command,
    code: 1,
    line: /^environments\/test\/resources\.yaml:3:7: team\/Twin: 2 live teams are named "Twin" \(ids 5, 6\), so halo-iac cannot tell which one this is; rename all but one in Halo, or pin this object to one of them with an id: field \(e\.g\. id: 5\)$/,
  })),
  {
    name: 'an agent matching two live agents (names differing in case and spacing)',
    live: twins,
    manifests: docs('kind: Agent\nname: twin bot\nspec:\n  apiOnly: true'),
    command: 'apply',
    code: 1,
    line: /^environments\/test\/resources\.yaml:3:7: agent\/twin bot: 2 live agents are named "twin bot" \(ids \d+, \d+\), so halo-iac cannot tell which one this is/,
  },
  {
    name: 'a ticket type matching two live ticket types',
    live: twins,
    manifests: docs('kind: TicketType\nname: Twin Type\nspec:\n  agentsCanLog: true'),
    command: 'plan',
    code: 1,
    line: /^environments\/test\/resources\.yaml:3:7: tickettype\/Twin Type: 2 live ticket types are named "Twin Type" \(ids 5, 6\)/,
  },
  {
    name: 'a previous name matching two live teams',
    live: twins,
    manifests: docs('kind: Team\nname: Renamed\npreviously: [twin]\nspec:\n  department: Sales'),
    command: 'apply',
    code: 1,
    line: /^environments\/test\/resources\.yaml:3:7: team\/Renamed: 2 live teams are named "twin" \(previously\) \(ids 5, 6\)/,
  },
  {
    name: 'a reference to an undeclared name two live teams share',
    live: twins,
    manifests: docs('kind: Agent\nname: Ref Bot\nspec:\n  apiOnly: true\n  teams:\n    mode: include\n    members: [Twin]'),
    command: 'apply',
    code: 1,
    line: 'environments/test/resources.yaml:8:15: agent/Ref Bot: teams.members.0 refers to team/Twin, but 2 live teams are named "Twin" (ids 5, 6); declare the one meant, pinned with an id: field, or rename all but one in Halo',
  },
  {
    name: 'a pinned id that does not exist in Halo',
    manifests: docs('kind: Team\nname: Pinned\nid: 4242\nspec:\n  department: Sales'),
    command: 'apply',
    code: 1,
    line: 'environments/test/resources.yaml:3:7: team/Pinned: id: 4242 does not exist in Halo (no live team has it); correct the id, or remove it to match by name',
  },
  { name: 'a team id that is a string', manifests: docs('kind: Team\nname: Pinned\nid: "four"'), command: 'validate', code: 1, line: 'environments/test/resources.yaml:4:5: id: expected integer, got string' },
  { name: 'a role id that is a number', manifests: docs('kind: Role\nname: Pinned\nid: 4'), command: 'plan', code: 1, line: 'environments/test/resources.yaml:4:5: id: expected string, got number' },
  { name: 'an id of 0', manifests: docs('kind: Agent\nname: Pinned\nid: 0'), command: 'validate', code: 1, line: 'environments/test/resources.yaml:4:5: id: must be >= 1' },
  {
    name: 'two objects pinned to one id',
    manifests: docs('kind: Team\nname: One\nid: 4', 'kind: Team\nname: Two\nid: 4'),
    command: 'validate',
    code: 1,
    line: 'environments/test/resources.yaml:8:7: team/Two: id: 4 is also the id of team/One (environments/test/resources.yaml:3:7); one live object can be declared once',
  },
  { name: 'an id on a blueprint', manifests: docs('kind: Blueprint\nname: r\nid: 3\nspec:\n  use: rewst'), command: 'validate', code: 1, line: "environments/test/resources.yaml:4:1: unknown key 'id' (allowed: apiVersion, kind, name, spec)" },

  // --- lockout through roles and memberships ---
  {
    name: 'stripping Administrator from the role the login agent holds (apply --auto-approve)',
    manifests: docs('kind: Role\nname: Administrator\nspec:\n  permissions:\n    administrator: false'),
    command: 'apply',
    code: 1,
    line: "environments/test/resources.yaml:3:7: refusing to change role/Administrator: halo-iac's login agent Admin holds this role, so the change could lock halo-iac out (use --allow-lockout)",
  },
  {
    name: 'deleting the role the login agent holds',
    manifests: docs('kind: Role\nname: Administrator\nabsent: true'),
    environmentExtra: 'policy:\n  allowDelete: true',
    command: 'apply',
    flags: { allowDelete: true },
    code: 1,
    line: "environments/test/resources.yaml:3:7: refusing to change role/Administrator: halo-iac's login agent Admin holds this role, so the change could lock halo-iac out (use --allow-lockout)",
  },
  {
    name: 'deleting a team the login agent is a member of',
    manifests: docs('kind: Team\nname: 2nd Line Support\nabsent: true'),
    environmentExtra: 'policy:\n  allowDelete: true',
    command: 'apply',
    flags: { allowDelete: true },
    code: 1,
    line: "environments/test/resources.yaml:3:7: refusing to change team/2nd Line Support: halo-iac's login agent Admin is a member of this team, so the change could lock halo-iac out (use --allow-lockout)",
  },
  {
    name: 'deleting a department the login agent is a member of',
    manifests: docs('kind: Department\nname: Professional Services\nabsent: true'),
    environmentExtra: 'policy:\n  allowDelete: true',
    command: 'plan',
    flags: { allowDelete: true },
    code: 1,
    line: "environments/test/resources.yaml:3:7: refusing to change department/Professional Services: halo-iac's login agent Admin is a member of this department, so the change could lock halo-iac out (use --allow-lockout)",
  },
  {
    name: 'removing the login agent’s own role from it',
    manifests: docs('kind: Agent\nname: Admin\nspec:\n  roles: []'),
    command: 'apply',
    code: 1,
    line: 'environments/test/resources.yaml:3:7: refusing to change agent/Admin: halo-iac logs in as this agent and the change could lock it out (use --allow-lockout)',
  },

  // --- absent without a spec ---
  { name: 'an absent application whose partial spec has the wrong shape', manifests: docs('kind: Application\nname: Gone\nabsent: true\nspec:\n  scopes: all'), command: 'validate', code: 1, line: 'environments/test/resources.yaml:6:11: spec.scopes: expected a list, got string' },
  {
    name: 'absent settings (they cannot be deleted)',
    manifests: docs('kind: Settings\nname: settings\nabsent: true'),
    environmentExtra: 'policy:\n  allowDelete: true',
    command: 'apply',
    flags: { allowDelete: true },
    code: 1,
    line: 'environments/test/resources.yaml:3:7: refusing to delete settings/settings: Settings objects cannot be deleted',
  },
];


describe('broken inputs: exit code, position and message, zero writes', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await workspace();
  });
  afterEach(async () => ws.close());

  it('has at least 40 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });

  it.each(cases)('$name', async (c) => {
    ws.writeEnv(c.manifests ?? BASE, { environmentExtra: c.environmentExtra });
    await c.live?.(ws.client(), ws);
    if (c.planFile) {
      const file = join(ws.cwd, 'plan.json');
      if (c.planFile.env) ws.writeEnv(c.manifests ?? BASE, { name: c.planFile.env });
      const made = await ws.run(plan, { env: c.planFile.env ?? 'test', out: 'plan.json', ...(c.planFile.planFlags ?? {}) });
      expect(made.code, made.stderr).toBe(0);
      const text = readFileSync(file, 'utf8');
      if (c.planFile.raw) writeFileSync(file, c.planFile.raw(text));
      else if (c.planFile.edit) {
        const p = JSON.parse(text) as Json;
        c.planFile.edit(p, ws);
        const { digest: _d, ...rest } = p;
        writeFileSync(file, JSON.stringify(c.planFile.reseal ? sealPlan(rest as unknown as Plan) : p, null, 2));
      }
    }
    await c.meanwhile?.(ws.client());
    const from = ws.sim.requests.length;
    const { run, args, flags } = COMMANDS[c.command];
    const r = await ws.run(run, { ...flags, ...(c.flags ?? {}) }, c.args ?? args);
    expect(r.code, r.stderr).toBe(c.code);
    const lines = r.stderr.split('\n');
    if (typeof c.line === 'string') expect(lines, r.stderr).toContain(c.line);
    else expect(lines.some((l) => (c.line as RegExp).test(l)), r.stderr).toBe(true);
    expect(ws.writes(from)).toEqual([]);
    // Nothing was applied: no "Apply complete!" either.
    expect(r.stdout).not.toContain('Apply complete');
  });

  it('the twin fixtures are what the cases say: two live teams share a name', async () => {
    await twins(ws.client());
    expect(await teamsNamed(ws.client(), 'twin')).toEqual([5, 6]);
  });
});
