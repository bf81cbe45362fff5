/**
 * The `id:` field (issue 9 §2) and `absent: true` without a spec (issue 9 §4), as the loader reads
 * them: `id:` is top-level beside name/previously/absent, a number or a string as the kind's Halo
 * ids are, and reaches the desired object; an absent document of every kind needs only its name.
 */
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/model/diagnostics.js';
import { loadEnvironment } from '../../src/manifest/load.js';
import { RESOURCE_KINDS } from '../../src/model/kinds.js';
import { ENV_HEADER, tempTree } from './helpers.js';

async function load(body: string) {
  const cwd = tempTree({ 'environment.yaml': `${ENV_HEADER}---\n${body}` });
  const { state, diagnostics } = await loadEnvironment({ config: 'environment.yaml', cwd, mode: 'validate', processEnv: {} });
  return { state, lines: diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic) };
}

describe('id: pinning in manifests', () => {
  it('a number for teams, a string for roles and applications, carried to the desired object', async () => {
    const { state, lines } = await load(
      [
        'apiVersion: halo-iac/v1\nkind: Team\nname: Ops\nid: 7\nspec: {}',
        'apiVersion: halo-iac/v1\nkind: Role\nname: Helpdesk\nid: 3b9c7d2e-1a4f-4e6b-8c5d-000000000002',
        'apiVersion: halo-iac/v1\nkind: Application\nname: Sync\nid: app-1\nspec:\n  loginAs: Admin\n  scopes: [read:tickets]\n  secret: { sink: none }',
      ].join('\n---\n'),
    );
    expect(lines).toEqual([]);
    expect(state?.objects.map((o) => [o.address, o.id])).toEqual([
      ['team/Ops', 7],
      ['role/Helpdesk', '3b9c7d2e-1a4f-4e6b-8c5d-000000000002'],
      ['application/Sync', 'app-1'],
    ]);
  });

  it('the wrong type of id for the kind is an error at its position', async () => {
    const { lines } = await load('apiVersion: halo-iac/v1\nkind: Team\nname: Ops\nid: seven\n---\napiVersion: halo-iac/v1\nkind: Role\nname: R\nid: 3');
    expect(lines).toEqual(['environment.yaml:11:5: id: expected integer, got string', 'environment.yaml:16:5: id: expected string, got number']);
  });

  it('two objects of a kind pinned to one id are an error at the second', async () => {
    const { lines } = await load('apiVersion: halo-iac/v1\nkind: Team\nname: Ops\nid: 7\n---\napiVersion: halo-iac/v1\nkind: Team\nname: Ops Two\nid: 7');
    expect(lines).toEqual(['environment.yaml:15:7: team/Ops Two: id: 7 is also the id of team/Ops (environment.yaml:10:7); one live object can be declared once']);
  });

  it('names that differ only in composition or inner spacing are one name: a duplicate declaration', async () => {
    const { lines } = await load('apiVersion: halo-iac/v1\nkind: Team\nname: Caf\u00e9 Crew\n---\napiVersion: halo-iac/v1\nkind: Team\nname: "cafe\u0301   crew"');
    expect(lines).toEqual(['environment.yaml:14:7: duplicate Team \'cafe\u0301   crew\': already declared at environment.yaml:10:7']);
  });

  it('a Blueprint takes no id', async () => {
    const { lines } = await load('apiVersion: halo-iac/v1\nkind: Blueprint\nname: m\nid: 3\nspec:\n  use: rewst');
    expect(lines).toEqual(["environment.yaml:11:1: unknown key 'id' (allowed: apiVersion, kind, name, spec)"]);
  });
});

describe('absent: true needs no spec, for every kind', () => {
  it.each(RESOURCE_KINDS.filter((k) => k !== 'Settings'))('%s: an absent document with only its name loads', async (kind) => {
    const { state, lines } = await load(`apiVersion: halo-iac/v1\nkind: ${kind}\nname: Gone\nabsent: true`);
    expect(lines).toEqual([]);
    expect(state?.objects.map((o) => [o.kind, o.absent, o.spec])).toEqual([[kind, true, {}]]);
  });

  it('Settings: absent loads too (plan then refuses it: settings cannot be deleted)', async () => {
    const { lines } = await load('apiVersion: halo-iac/v1\nkind: Settings\nname: settings\nabsent: true');
    expect(lines).toEqual([]);
  });

  it('an Application that is not absent still needs its spec and its scopes', async () => {
    const { lines } = await load('apiVersion: halo-iac/v1\nkind: Application\nname: A\n---\napiVersion: halo-iac/v1\nkind: Application\nname: B\nspec:\n  loginAs: X');
    expect(lines).toEqual(["environment.yaml:8:1: missing required key 'spec'", "environment.yaml:15:1: missing required key 'scopes' in spec"]);
  });

  it('a partial spec on an absent document is still checked for its shape', async () => {
    const { lines } = await load('apiVersion: halo-iac/v1\nkind: Application\nname: A\nabsent: true\nspec:\n  scopes: nope');
    expect(lines).toEqual(['environment.yaml:13:11: spec.scopes: expected a list, got string']);
  });
});
