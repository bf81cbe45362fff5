import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resource } from '@cdktf/provider-null';
import { Testing } from 'cdktf';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/manifest/catalog.js';
import type { DesiredState } from '../../src/model/desired.js';
import { EnvironmentStack, logicalIdOf, specHash, synthTerraform } from '../../src/terraform/index.js';
import { synthesizeDesiredState } from '../../constructs/index.js';
import { doc, env } from '../constructs/helpers.js';

const { catalog } = loadCatalog();

function stateOf(name = 'acme'): DesiredState {
  return synthesizeDesiredState(
    env(name),
    [
      doc('Team', 'Projects', { use: ['projects'] }, 1),
      doc('Agent', 'Moovila API', { apiOnly: true, teams: { mode: 'include', members: ['Projects'] } }, 4),
      doc('Application', 'Moovila', { loginAs: 'Moovila API', scopes: ['read:tickets'] }, 9),
      doc('Team', 'Old', {}, 12, {}, { absent: true }),
    ],
    catalog,
  ).state;
}

function synthOne(state: DesiredState): Record<string, any> {
  const app = Testing.app();
  const stack = new EnvironmentStack(app, state);
  return JSON.parse(Testing.synth(stack)) as Record<string, any>;
}

describe('EnvironmentStack', () => {
  it('emits one null_resource per object with kind, name and spec hash triggers', () => {
    const app = Testing.app();
    const synthesized = Testing.synth(new EnvironmentStack(app, stateOf()));
    expect(Testing.toHaveResourceWithProperties(synthesized, resource.Resource.tfResourceType, {
      triggers: { kind: 'Agent', name: 'Moovila API', spec_hash: specHash({ apiOnly: true, teams: { mode: 'include', members: ['Projects'] } }) },
    })).toBe(true);
    expect(Testing.toHaveProvider(synthesized, 'null')).toBe(true);
  });

  it('wires depends_on from the reference graph, skips absent objects, uses stable ids and a relative local backend', () => {
    const json = synthOne(stateOf());
    const resources = json.resource.null_resource as Record<string, { depends_on?: string[]; triggers: Record<string, string> }>;
    expect(Object.keys(resources).sort()).toEqual(['agent_Moovila_API_d0fa9473', 'application_Moovila', 'team_Projects'].sort());
    expect(resources['agent_Moovila_API_d0fa9473']?.depends_on).toEqual(['null_resource.team_Projects']);
    expect(resources['application_Moovila']?.depends_on).toEqual(['null_resource.agent_Moovila_API_d0fa9473']);
    expect(resources['team_Projects']?.depends_on).toBeUndefined();
    expect(json.terraform.backend).toEqual({ local: { path: 'terraform.acme.tfstate' } });
    expect(resources).toMatchSnapshot();
  });

  it('changes only the spec hash of the object whose spec changed', () => {
    const before = synthOne(stateOf()).resource.null_resource;
    const changed = stateOf();
    const agent = changed.objects.find((o) => o.kind === 'Agent');
    if (!agent) throw new Error('fixture has an agent');
    agent.spec = { ...agent.spec, disabled: true };
    const after = synthOne(changed).resource.null_resource;
    expect(after.team_Projects).toEqual(before.team_Projects);
    expect(after.application_Moovila).toEqual(before.application_Moovila);
    expect(after.agent_Moovila_API_d0fa9473.triggers.spec_hash).not.toBe(before.agent_Moovila_API_d0fa9473.triggers.spec_hash);
  });
});

describe('logical ids and hashes', () => {
  it('keeps plain names readable and disambiguates sanitised ones', () => {
    expect(logicalIdOf('team/Projects')).toBe('team_Projects');
    expect(logicalIdOf('team/A B')).toMatch(/^team_A_B_[0-9a-f]{8}$/);
    expect(logicalIdOf('team/A.B')).not.toBe(logicalIdOf('team/A B'));
    expect(logicalIdOf('team/A B')).toBe(logicalIdOf('team/A B'));
  });

  it('hashes specs canonically (key order does not matter)', () => {
    expect(specHash({ a: 1, b: [{ y: 2, x: 1 }] })).toBe(specHash({ b: [{ x: 1, y: 2 }], a: 1 }));
    expect(specHash({ a: 1 })).not.toBe(specHash({ a: 2 }));
  });
});

describe('synthTerraform', () => {
  it('writes one stack per environment offline and removes stacks of environments that no longer exist', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'halo-synth-'));
    mkdirSync(join(outdir, 'stacks', 'gone'), { recursive: true });
    mkdirSync(join(outdir, 'stacks', 'other'), { recursive: true });
    const result = synthTerraform([stateOf('acme'), stateOf('beta')], { outdir, existingEnvironments: ['acme', 'beta', 'other'] });
    expect(result).toEqual({ stacks: ['acme', 'beta'], removed: ['gone'] });
    expect(existsSync(join(outdir, 'stacks', 'other'))).toBe(true);
    const acme = JSON.parse(readFileSync(join(outdir, 'stacks', 'acme', 'cdk.tf.json'), 'utf8'));
    expect(Object.keys(acme.resource.null_resource)).toHaveLength(3);
    expect(acme.terraform.required_providers.null.version).toBe('3.2.4');
  });
});
