/**
 * Includes stay inside the environment's repository root (issue 9 §5), however the pattern is
 * written: relative with `..`, absolute, or through a symbolic link; a pattern that matches
 * nothing and an environment that declares nothing are errors (unless `allowEmpty: true`).
 */
import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/model/diagnostics.js';
import { repositoryRoot } from '../../src/manifest/includes.js';
import { loadEnvironment } from '../../src/manifest/load.js';
import { ENV_HEADER, tempTree } from './helpers.js';

const team = (name: string) => `apiVersion: halo-iac/v1\nkind: Team\nname: ${name}\n`;

/** A repository (repo/, holding .git) with repo/env.yaml, next to a folder outside it holding secret.yaml. */
function layout(include: string, extra: Record<string, string> = {}): { cwd: string; outside: string } {
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'halo-iac-includes-')));
  const outside = join(base, 'outside');
  mkdirSync(outside);
  writeFileSync(join(outside, 'secret.yaml'), team('Stolen'));
  const cwd = join(base, 'repo');
  mkdirSync(join(cwd, '.git'), { recursive: true });
  writeFileSync(join(cwd, 'env.yaml'), ENV_HEADER + `include: [${JSON.stringify(include.replace('OUTSIDE', outside))}]\n`);
  writeFileSync(join(cwd, 'own.yaml'), team('Own'));
  for (const [rel, text] of Object.entries(extra)) {
    mkdirSync(join(cwd, rel, '..'), { recursive: true });
    writeFileSync(join(cwd, rel), text);
  }
  return { cwd, outside };
}

async function load(cwd: string) {
  const { state, diagnostics } = await loadEnvironment({ config: 'env.yaml', cwd, mode: 'validate', processEnv: {} });
  return { lines: diagnostics.map(formatDiagnostic), names: state?.objects.map((o) => o.name) };
}

describe('includes outside the repository root', () => {
  it('refuses a relative pattern that climbs out with ..', async () => {
    const { cwd } = layout('../outside/*.yaml');
    expect(await load(cwd)).toEqual({ lines: ["env.yaml:7:11: include '../outside/*.yaml' points outside the repository root './'"], names: undefined });
  });

  it('refuses .. hidden in the middle of a pattern', async () => {
    const { cwd } = layout('./manifests/../../outside/*.yaml');
    expect((await load(cwd)).lines).toEqual(["env.yaml:7:11: include './manifests/../../outside/*.yaml' points outside the repository root './'"]);
  });

  it('refuses an absolute pattern outside the root', async () => {
    const { cwd, outside } = layout('OUTSIDE/secret.yaml');
    expect((await load(cwd)).lines).toEqual([`env.yaml:7:11: include '${outside}/secret.yaml' points outside the repository root './'`]);
  });

  it('accepts an absolute pattern inside the root', async () => {
    const { cwd } = layout('./own.yaml');
    writeFileSync(join(cwd, 'env.yaml'), ENV_HEADER + `include: [${JSON.stringify(join(cwd, 'own.yaml'))}]\n`);
    expect(await load(cwd)).toEqual({ lines: [], names: ['Own'] });
  });

  it('refuses files reached through a symbolic link to a folder outside', async () => {
    const { cwd, outside } = layout('./**/*.yaml');
    symlinkSync(outside, join(cwd, 'linked'));
    expect(await load(cwd)).toEqual({ lines: ["env.yaml:7:11: include './**/*.yaml' matches linked/secret.yaml, which resolves outside the repository root './'"], names: undefined });
  });

  it('refuses a symbolic link to a file outside', async () => {
    const { cwd, outside } = layout('./*.yaml');
    symlinkSync(join(outside, 'secret.yaml'), join(cwd, 'innocent.yaml'));
    expect((await load(cwd)).lines).toEqual(["env.yaml:7:11: include './*.yaml' matches innocent.yaml, which resolves outside the repository root './'"]);
  });

  it('reads a file reached twice through a link inside the root once', async () => {
    const { cwd } = layout('./**/*.yaml', { 'teams/ops.yaml': team('Ops') });
    symlinkSync(join(cwd, 'teams'), join(cwd, 'again'));
    expect(await load(cwd)).toEqual({ lines: [], names: ['Ops', 'Own'] });
  });
});

describe('the repository root', () => {
  it('is the nearest folder holding .git', () => {
    const cwd = tempTree({ '.git/HEAD': '', 'deploy/environments/prod/environment.yaml': ENV_HEADER });
    expect(repositoryRoot(join(cwd, 'deploy/environments/prod/environment.yaml'))).toBe(realpathSync(cwd));
  });

  it('without .git, is the folder holding environments/ for environments/<name>/environment.yaml', () => {
    const cwd = tempTree({ 'environments/prod/environment.yaml': ENV_HEADER });
    expect(repositoryRoot(join(cwd, 'environments/prod/environment.yaml'))).toBe(realpathSync(cwd));
  });

  it("without .git, is otherwise the environment file's own folder", () => {
    const cwd = tempTree({ 'config/env.yaml': ENV_HEADER });
    expect(repositoryRoot(join(cwd, 'config/env.yaml'))).toBe(realpathSync(join(cwd, 'config')));
  });
});

describe('empty environments', () => {
  it('are an error at the include key', async () => {
    const cwd = tempTree({ 'env.yaml': ENV_HEADER + 'include: ["./manifests/*.yaml"]\n', 'manifests/notes.yaml': '# nothing yet\n' });
    expect((await load(cwd)).lines).toEqual([
      "env.yaml:7:1: environment 'test' declares no objects: include manifests, or set allowEmpty: true if it is meant to manage nothing",
    ]);
  });

  it('are an error at the name without include', async () => {
    const cwd = tempTree({ 'env.yaml': ENV_HEADER });
    expect((await load(cwd)).lines).toEqual([
      "env.yaml:3:7: environment 'test' declares no objects: include manifests, or set allowEmpty: true if it is meant to manage nothing",
    ]);
  });

  it('are valid with allowEmpty: true', async () => {
    const cwd = tempTree({ 'env.yaml': ENV_HEADER + 'allowEmpty: true\n' });
    expect(await load(cwd)).toEqual({ lines: [], names: [] });
  });

  it('allowEmpty must be a boolean', async () => {
    const cwd = tempTree({ 'env.yaml': ENV_HEADER + 'allowEmpty: yes\n' });
    expect((await load(cwd)).lines).toEqual(['env.yaml:7:13: allowEmpty: expected boolean, got string']);
  });
});

describe('include patterns', () => {
  it('read a plain path (no wildcard) like the glob library does, dot files included', async () => {
    const cwd = tempTree({ 'env.yaml': ENV_HEADER + 'include: ["./teams/.ops.yaml", "teams/sales.yaml", "./teams/none.yaml"]\n', 'teams/.ops.yaml': team('Ops'), 'teams/sales.yaml': team('Sales') });
    expect(await load(cwd)).toEqual({ lines: ["env.yaml:7:52: include './teams/none.yaml' matched no files"], names: undefined });
    writeFileSync(join(cwd, 'env.yaml'), ENV_HEADER + 'include: ["./teams/.ops.yaml", "teams/sales.yaml"]\n');
    expect(await load(cwd)).toEqual({ lines: [], names: ['Ops', 'Sales'] });
  });
});

describe('the include shortcuts match tinyglobby', () => {
  it.each(['*.yaml', './*.yaml', '*', '*.y*ml', 'a*', '.*.yaml', '.*', 'sub/*.yaml', './sub/*', 'missing/*.yaml', '*.YAML', 'a.yaml', './.hidden.yaml', 'sub', 'x y.yaml', '*(1).yaml', '**/*.yaml', 'sub/**', '{a,b}.yaml', '?.yaml'])(
    '%s',
    async (pattern) => {
      const { glob } = await import('tinyglobby');
      const { matches } = await import('../../src/manifest/includes.js');
      const cwd = tempTree({
        'a.yaml': '',
        'b.yml': '',
        '.hidden.yaml': '',
        'x y.yaml': '',
        'a.yaml.bak': '',
        'c(1).yaml': '',
        'sub/inner.yaml': '',
        'sub/.dot.yaml': '',
        'sub.yaml/not-a-file': '',
      });
      symlinkSync(join(cwd, 'a.yaml'), join(cwd, 'link-to-file.yaml'));
      symlinkSync(join(cwd, 'sub'), join(cwd, 'link-to-dir.yaml'));
      symlinkSync(join(cwd, 'nowhere'), join(cwd, 'broken.yaml'));
      const expected = (await glob([pattern], { cwd, absolute: true, onlyFiles: true, dot: false })).map((f) => join(f)).sort();
      expect((await matches(pattern, cwd)).sort()).toEqual(expected);
    },
  );
});
