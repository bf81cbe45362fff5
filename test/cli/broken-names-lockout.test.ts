/**
 * Broken inputs about identity and lockout (issue 9 §2, §4, §7): declared objects, previous names
 * and references matching several live objects, `id:` pins that do not resolve or are malformed,
 * lockout through the login agent's roles and memberships, and absent documents. Zero writes in
 * every case.
 */
import { expect, it } from 'vitest';
import type { HaloWriter } from '../../src/halo/types.js';
import { docs, workspace } from './harness.js';
import { describeBroken, type BrokenCase } from './broken-inputs.js';

/** Two live teams named alike, two agents, two ticket types. */
async function twins(client: HaloWriter): Promise<void> {
  await client.upsert('Team', [{ name: 'Twin', department_id: 2 }, { name: ' twin ', department_id: 3 }]);
  await client.upsert('Agent', [{ name: 'Twin Bot', isapiagent: true }, { name: 'TWIN  BOT', isapiagent: true }]);
  await client.upsert('TicketType', [{ name: 'Twin Type' }, { name: 'twin type' }]);
}

const teamsNamed = async (client: HaloWriter, name: string) => (await client.list('Team')).filter((t) => String(t.name).trim().toLowerCase() === name.toLowerCase()).map((t) => t.id);

/** The identity and lockout cases. */
export const identityCases: BrokenCase[] = [
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
    line: 'environments/test/resources.yaml:8:15: agent/Ref Bot: spec.teams.members[0] refers to team/Twin, but 2 live teams are named "Twin" (ids 5, 6); declare the one meant, pinned with an id: field, or rename all but one in Halo',
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

it('has at least 19 cases', () => expect(identityCases.length).toBeGreaterThanOrEqual(19));

it('the twin fixtures are what the cases say: two live teams share a name (ids 5 and 6)', async () => {
  const ws = await workspace();
  try {
    await twins(ws.client());
    expect(await teamsNamed(ws.client(), 'twin')).toEqual([5, 6]);
  } finally {
    await ws.close();
  }
});

describeBroken('broken identity and lockout inputs: exit code, position and message, zero writes', identityCases);
