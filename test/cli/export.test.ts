import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { manifestYaml, parseKinds, run as exportRun } from '../../src/cli/export.js';
import { run as plan } from '../../src/cli/plan.js';
import { environmentYaml, workspace, type Workspace } from './harness.js';

describe('halo-iac export', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await workspace();
    // An environment with no manifests of its own: export reads everything live.
    ws.write('environments/seed/environment.yaml', environmentYaml('seed').replace('include: ["./*.yaml"]', 'include: ["./exported/*.yaml"]'));
  });
  afterEach(async () => ws.close());

  it('writes one file per kind that plans to No changes on the seed tenant', async () => {
    const r = await ws.run(exportRun, { env: 'seed', out: 'environments/seed/exported' });
    expect(r.code).toBe(0);
    const dir = join(ws.cwd, 'environments/seed/exported');
    const files = readdirSync(dir).sort();
    expect(files).toContain('team.yaml');
    const teams = parseAllDocuments(readFileSync(join(dir, 'team.yaml'), 'utf8')).map((d) => d.toJS() as { apiVersion: string; kind: string; name: string });
    expect(teams.every((t) => t.apiVersion === 'halo-iac/v1' && t.kind === 'Team')).toBe(true);
    const names = teams.map((t) => t.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en')));
    expect(names).toEqual(expect.arrayContaining(['1st Line Support', '2nd Line Support', 'Projects', 'Sales']));

    const replanned = await ws.run(plan, { env: 'seed', detailedExitcode: true });
    expect(replanned.stderr).not.toMatch(/error/i);
    expect(replanned.stdout.trimEnd().split('\n').at(-1)).toBe('No changes. Halo configuration matches the manifests.');
    expect(replanned.code).toBe(0);
  });

  it('prints the include relative to the environment file, and it works as printed', async () => {
    ws.write('environments/seed/environment.yaml', environmentYaml('seed').replace('include: ["./*.yaml"]', 'allowEmpty: true'));
    const r = await ws.run(exportRun, { env: 'seed', out: 'exported' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Include them from environments/seed/environment.yaml (paths there are relative to it), and a plan on them says No changes:\n  include: ["../../exported/*.yaml"]\n');
    // Copy-paste the printed line into the environment file.
    const printed = /^ {2}(include: \[.*\])$/m.exec(r.stdout)?.[1];
    expect(printed).toBeDefined();
    ws.write('environments/seed/environment.yaml', `${environmentYaml('seed').replace('include: ["./*.yaml"]', printed!)}\n`);
    const replanned = await ws.run(plan, { env: 'seed', detailedExitcode: true });
    expect(replanned.stdout.trimEnd().split('\n').at(-1)).toBe('No changes. Halo configuration matches the manifests.');
    expect(replanned.code).toBe(0);
  });

  it('--out outside the repository root: says so and prints the include of a folder inside it, which works once the files are copied there', async () => {
    ws.write('environments/seed/environment.yaml', environmentYaml('seed').replace('include: ["./*.yaml"]', 'allowEmpty: true'));
    const elsewhere = mkdtempSync(join(tmpdir(), 'halo-iac-elsewhere-'));
    try {
      const r = await ws.run(exportRun, { env: 'seed', kinds: 'team', out: elsewhere });
      expect(r.code).toBe(0);
      expect(r.stdout).not.toMatch(/include: .*\.\.\//);
      const advice = r.stdout.split('\n').slice(-4);
      expect(advice).toEqual([
        'These files are outside the repository root (./), and include: reads only files inside it (plan refuses the rest).',
        'Copy them into the repository, e.g. into environments/seed/exported/ (or export again with --out environments/seed/exported), then include them from environments/seed/environment.yaml, and a plan on them says No changes:',
        '  include: ["./exported/*.yaml"]',
        '',
      ]);
      // Follow the advice: copy, paste the include, plan.
      cpSync(elsewhere, join(ws.cwd, 'environments/seed/exported'), { recursive: true });
      ws.write('environments/seed/environment.yaml', `${environmentYaml('seed').replace('include: ["./*.yaml"]', 'include: ["./exported/*.yaml"]')}\n`);
      const replanned = await ws.run(plan, { env: 'seed', detailedExitcode: true });
      expect(replanned.stdout.trimEnd().split('\n').at(-1)).toBe('No changes. Halo configuration matches the manifests.');
      expect(replanned.code).toBe(0);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('--names matching nothing prints only "Nothing to export."', async () => {
    const r = await ws.run(exportRun, { env: 'seed', names: 'NoSuchThing*', out: 'out' });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('Nothing to export.\n');
  });

  it('--kinds limits the export', async () => {
    const r = await ws.run(exportRun, { env: 'seed', out: 'out', kinds: 'team,Department' });
    expect(r.code).toBe(0);
    expect(readdirSync(join(ws.cwd, 'out')).sort()).toEqual(['department.yaml', 'team.yaml']);
  });

  it('rejects unknown kinds', () => {
    expect(() => parseKinds('team,widgets')).toThrow(/unknown kind 'widgets'/);
    expect(parseKinds('TEAM, agent')).toEqual(['Team', 'Agent']);
  });

  it('writes documents sorted by name, spec omitted when empty', () => {
    const text = manifestYaml([
      { kind: 'Department', name: 'b', spec: {} },
      { kind: 'Department', name: 'a', spec: {} },
    ]);
    expect(text).toBe('apiVersion: halo-iac/v1\nkind: Department\nname: a\n---\napiVersion: halo-iac/v1\nkind: Department\nname: b\n');
    expect(parse(text.split('---\n')[0]!)).toEqual({ apiVersion: 'halo-iac/v1', kind: 'Department', name: 'a' });
  });
});
