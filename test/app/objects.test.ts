/**
 * What an app declares meets the rules YAML meets (offline, through loadEnvironment and validate):
 * the same desired objects, the same schema messages, catalog checks, duplicates and references;
 * every diagnostic names the construct path and the TypeScript line that created the object.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run as validate } from '../../src/cli/validate.js';
import { captureIo } from '../../src/cli/output.js';
import { loadApp } from '../../src/manifest/app-loader.js';
import { loadEnvironment, type LoadResult } from '../../src/manifest/load.js';
import { formatDiagnostic } from '../../src/model/diagnostics.js';
import { docs, environmentYaml } from '../cli/harness.js';
import { appSource, OFFLINE_ENV, projectPerTest, root } from './helpers.js';

/** The `constructs` package the tool itself uses (a temp folder has no node_modules). */
const CONSTRUCTS_PACKAGE = join(root, 'node_modules/constructs/lib/index.js');

const p = projectPerTest();

/** environments/test with `manifests`, main.ts with `app` lines (after its import line), loaded. */
async function load(manifests: string, app: string[], names = ['defineApp', 'Team'], extra = ''): Promise<LoadResult & { lines: string[] }> {
  p.write('environments/test/environment.yaml', environmentYaml('test', extra));
  p.write('environments/test/resources.yaml', manifests);
  p.write('main.ts', appSource(names, app));
  const loaded = await loadApp('main.ts', p.dir);
  expect(loaded.diagnostics).toEqual([]);
  const r = await loadEnvironment({ env: 'test', cwd: p.dir, mode: 'validate', processEnv: OFFLINE_ENV, app: loaded.app });
  return { ...r, lines: r.diagnostics.map(formatDiagnostic) };
}

const TEAM_YAML = docs('kind: Team\nname: Automation\nspec:\n  department: Sales\n  use: [tickets]');

describe('code-defined objects', () => {
  it('become the same desired object as the YAML document, with the TypeScript line and construct path', async () => {
    const yaml = await load(TEAM_YAML, ['export default defineApp(() => {});']);
    const code = await load(docs('kind: Department\nname: Sales', 'kind: Department\nname: Spare'), [
      'export default defineApp((environment) => {',
      "  new Team(environment, 'Automation', { spec: { department: 'Sales', use: ['tickets'] } });",
      '});',
    ]);
    expect(code.lines).toEqual([]);
    const fromYaml = yaml.state?.objects.find((o) => o.address === 'team/Automation');
    const fromCode = code.state?.objects.find((o) => o.address === 'team/Automation');
    expect(fromCode?.source).toEqual({ file: 'main.ts', line: 3, column: 3 });
    expect(fromCode?.origin).toBe('app/test/Automation');
    const { source: _a, fieldSources: _b, origin: _c, dependsOn: codeDeps, ...codeRest } = fromCode ?? ({} as never);
    const { source: _d, fieldSources: _e, dependsOn: yamlDeps, ...yamlRest } = fromYaml ?? ({} as never);
    expect(codeRest).toEqual(yamlRest);
    // Declared in YAML, referenced from code: a dependency like any other.
    expect(codeDeps).toEqual(['department/Sales']);
    expect(yamlDeps).toEqual([]);
  });

  it('are checked by the schema exactly as a document is (same message), then left out of the tree', async () => {
    const yaml = await load(docs('kind: Team\nname: Automation\nspec:\n  use: [ticket]'), ['export default defineApp(() => {});']);
    const code = await load(docs('kind: Department\nname: Sales'), [
      'export default defineApp((environment) => {',
      '  // Untyped input reaches the app too (a JSON file, a loop): the schema is the check.',
      "  const use = JSON.parse('[\"ticket\"]') as never;",
      "  new Team(environment, 'Automation', { spec: { use } });",
      '});',
    ]);
    const message = "spec.use[0]: must be one of: tickets, opportunities, projects (did you mean 'tickets'?)";
    expect(yaml.lines).toEqual([`environments/test/resources.yaml:5:9: ${message}`]);
    expect(code.lines).toEqual([`main.ts:5:3: team/Automation (app/test/Automation): ${message}`]);
    expect(code.state).toBeUndefined();
  });

  it('report unknown keys and the name rules as YAML does', async () => {
    const r = await load(docs('kind: Department\nname: Sales'), [
      'export default defineApp((environment) => {',
      "  new Team(environment, 'Automation', { spec: { colour: 'red' } as never });",
      "  new Team(environment, 'Ops\\u200bTeam');",
      '});',
    ]);
    expect(r.lines).toEqual([
      'main.ts:3:3: team/Automation (app/test/Automation): unknown key \'colour\' (allowed: department, use, inactive, addToAllAgents)',
      "main.ts:4:3: team/Ops\u200bTeam (app/test/Ops\u200bTeam): name 'Ops<U+200B ZERO WIDTH SPACE>Team' contains an invisible character (U+200B ZERO WIDTH SPACE)",
    ]);
  });

  it('meet the construct checks: a reference to an object declared absent', async () => {
    const r = await load(docs('kind: Department\nname: Old\nabsent: true'), [
      'export default defineApp((environment) => {',
      "  new Team(environment, 'Automation', { spec: { department: 'Old' } });",
      '});',
    ]);
    expect(r.lines).toEqual(["main.ts:3:3: team/Automation (app/test/Automation): refers to department 'Old', which is declared absent"]);
  });

  it('with the name of a YAML object are the usual duplicate error, naming both places', async () => {
    const r = await load(docs('kind: Department\nname: Sales') + '---\n' + TEAM_YAML, ['export default defineApp((environment) => {', "  new Team(environment, 'automation ');", '});']);
    expect(r.lines).toEqual(["main.ts:3:3: team/automation  (app/test/automation ): duplicate Team 'automation ' (first declared at environments/test/resources.yaml:7:7)"]);
  });

  it('keep the path of the app\'s own constructs, and a blueprint\'s line for what it expands into', async () => {
    const r = await load(docs('kind: Department\nname: Sales'), [
      `import { Construct } from '${CONSTRUCTS_PACKAGE}';`,
      'export default defineApp((environment) => {',
      "  const group = new Construct(environment, 'Integrations');",
      "  new Team(group, 'Automation');",
      "  new RewstBlueprint(group, 'rewst', { with: { agentName: 'Rewst API' } });",
      '});',
    ], ['defineApp', 'RewstBlueprint', 'Team']);
    expect(r.lines).toEqual([]);
    const by = (address: string) => r.state?.objects.find((o) => o.address === address);
    expect(by('team/Automation')).toMatchObject({ source: { file: 'main.ts', line: 5, column: 3 }, origin: 'app/test/Integrations/Automation' });
    expect(by('agent/Rewst API')).toMatchObject({ source: { file: 'main.ts', line: 6, column: 3 }, origin: 'blueprint/rewst' });
  });

  it('an async app is awaited, and what it creates after an await still gets its line', async () => {
    const r = await load(docs('kind: Department\nname: Sales'), [
      'export default defineApp(async (environment) => {',
      '  const names = await Promise.resolve([\'Automation\', \'Escalations\']);',
      "  for (const name of names) new Team(environment, name, { spec: { department: 'Sales' } });",
      '});',
    ]);
    expect(r.lines).toEqual([]);
    expect(r.state?.objects.filter((o) => o.kind === 'Team').map((o) => [o.address, o.source?.line, o.origin])).toEqual([
      ['team/Automation', 4, 'app/test/Automation'],
      ['team/Escalations', 4, 'app/test/Escalations'],
    ]);
  });

  it('an app that throws is one error line at the throw, for the environment it ran on', async () => {
    const r = await load(TEAM_YAML, ['export default defineApp((environment) => {', "  if (environment.config.name === 'test') throw new Error('no teams for test');", '});']);
    expect(r.lines).toEqual(['main.ts:3:49: the app failed for environment test: no teams for test']);
    expect(r.state).toBeUndefined();
  });

  it('the same construct id twice in one scope is one error line at the second', async () => {
    const r = await load(docs('kind: Department\nname: Sales'), [
      'export default defineApp((environment) => {',
      "  new Team(environment, 'Automation');",
      "  new Team(environment, 'Automation');",
      '});',
    ]);
    expect(r.lines).toEqual(["main.ts:4:3: the app failed for environment test: There is already a Construct with name 'Team:Automation' in Environment [test]"]);
  });

  it('count for an environment that declares nothing in YAML', async () => {
    const empty = await load('', ['export default defineApp(() => {});']);
    expect(empty.lines).toEqual([
      "environments/test/environment.yaml:9:1: environment 'test' declares no objects: include manifests, declare objects in main.ts, or set allowEmpty: true if it is meant to manage nothing",
    ]);
    const some = await load('', ['export default defineApp((environment) => {', "  new Team(environment, 'Automation');", '});']);
    expect(some.lines).toEqual([]);
    expect(some.state?.objects.map((o) => o.address)).toEqual(['team/Automation']);
  });
});

describe('shape is checked once, by the schema, for code as for YAML', () => {
  const REWST_YAML = docs('kind: Blueprint\nname: rewst\nspec:\n  use: rewst\n  with:\n    agentName: 42\n    allowAllCustomers: "yes"');

  it('a blueprint an app creates with options of the wrong type: the schema\'s messages, once each, at the TypeScript line', async () => {
    const yaml = await load(REWST_YAML, ['export default defineApp(() => {});']);
    const code = await load(docs('kind: Department\nname: Sales'), [
      'export default defineApp((environment) => {',
      "  new RewstBlueprint(environment, 'rewst', { with: { agentName: 42, allowAllCustomers: 'yes' } as never });",
      '});',
    ], ['defineApp', 'RewstBlueprint']);
    const messages = yaml.lines.map((l) => l.replace(/^environments\/test\/resources\.yaml:\d+:\d+: /, ''));
    expect(messages).toEqual(['spec.with.agentName: expected string, got number', 'spec.with.allowAllCustomers: expected boolean, got string']);
    expect(code.lines).toEqual(messages.map((m) => `main.ts:3:3: blueprint/rewst (app/test/rewst): ${m}`));
    expect(code.state).toBeUndefined();
  });

  it('a blank blueprint option is the schema\'s to refuse too (the blueprint reads options unchecked)', async () => {
    const code = await load(docs('kind: Department\nname: Sales'), [
      'export default defineApp((environment) => {',
      "  new RewstBlueprint(environment, 'rewst', { with: { agentName: '  ' } });",
      '});',
    ], ['defineApp', 'RewstBlueprint']);
    expect(code.lines).toEqual(["main.ts:3:3: blueprint/rewst (app/test/rewst): spec.with.agentName: '  ' must be text that is not blank"]);
  });

  it('an agent an app creates with a permission of the wrong type: the schema\'s message, once', async () => {
    const yaml = await load(docs('kind: Agent\nname: Bot\nspec:\n  apiOnly: true\n  permissions:\n    canAddTickets: "yes"'), ['export default defineApp(() => {});']);
    const code = await load(docs('kind: Department\nname: Sales'), [
      'export default defineApp((environment) => {',
      "  new Agent(environment, 'Bot', { spec: { apiOnly: true, permissions: { canAddTickets: 'yes' } } });",
      '});',
    ], ['defineApp', 'Agent']);
    expect(yaml.lines).toHaveLength(1);
    const message = (yaml.lines[0] as string).replace(/^environments\/test\/resources\.yaml:\d+:\d+: /, '');
    expect(code.lines).toEqual([`main.ts:3:3: agent/Bot (app/test/Bot): ${message}`]);
  });
});

describe('halo-iac validate --app', () => {
  it('counts the code-defined objects, and --format json carries their diagnostics', async () => {
    p.write('environments/test/environment.yaml', environmentYaml('test'));
    p.write('environments/test/resources.yaml', TEAM_YAML);
    p.write('main.ts', appSource(['defineApp', 'Team'], ['export default defineApp((environment) => {', "  new Team(environment, 'Ops', { spec: { department: 'Nowhere' } });", '});']));
    const io = captureIo({ env: OFFLINE_ENV, cwd: p.dir });
    expect(await validate({ env: 'test', app: 'main.ts' }, [], io)).toBe(0);
    expect(io.stdout()).toBe('Valid: 2 objects in environment test (2 warnings).\n');
    const json = captureIo({ env: OFFLINE_ENV, cwd: p.dir });
    expect(await validate({ env: 'test', app: 'main.ts', format: 'json' }, [], json)).toBe(0);
    const out = JSON.parse(json.stdout()) as { valid: boolean; warnings: { address: string | null }[] };
    expect(out.warnings.find((w) => w.address === 'team/Ops')).toEqual({
      file: 'main.ts',
      line: 3,
      column: 3,
      message: "team/Ops (app/test/Ops): department 'Nowhere' is not declared; it must exist in Halo (resolved at plan time)",
      severity: 'warning',
      address: 'team/Ops',
      code: 'undeclared-reference',
    });
  });

  it('an app that cannot be loaded is one line and exit 1', async () => {
    p.write('environments/test/environment.yaml', environmentYaml('test'));
    p.write('environments/test/resources.yaml', TEAM_YAML);
    p.write('main.ts', 'export const app = 1;\n');
    const io = captureIo({ env: OFFLINE_ENV, cwd: p.dir });
    expect(await validate({ env: 'test', app: 'main.ts' }, [], io)).toBe(1);
    expect(io.stderr().split('\n')[0]).toBe(
      'main.ts does not export an app: no default export (it exports app); expected export default function (environment: Environment) { ... } (README "Code-defined objects (--app)")',
    );
  });
});
