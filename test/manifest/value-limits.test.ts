/**
 * The values limit (issue 9 §5): a manifest under the file-size and document caps can still hold
 * millions of values (`x: [1,1,...]`), and a large anchor can be copied by a few aliases. Values
 * are counted while reading, per file and per environment, alias copies included, so each such
 * input is one positioned error; `--max-values` raises the limit. No timing is asserted here
 * (bench/hostile-input.ts measures it); a file read past the limit shows up as the test timeout.
 */
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/main.js';
import { captureIo } from '../../src/cli/output.js';
import { run as validate } from '../../src/cli/validate.js';
import { formatDiagnostic } from '../../src/model/diagnostics.js';
import { loadEnvironment, type LoadOptions } from '../../src/manifest/load.js';
import { DEFAULT_LIMITS, fileValueBudget, manifestLimits } from '../../src/manifest/limits.js';
import { readWithYamlLibrary } from '../../src/manifest/yaml-full.js';
import { readPlainYaml } from '../../src/manifest/yaml-plain.js';
import { ENV_HEADER, tempTree } from './helpers.js';

const INCLUDE = ENV_HEADER + 'include: ["./*.m.yaml"]\n';
const team = (name: string) => `apiVersion: halo-iac/v1\nkind: Team\nname: ${name}\n`;
const ones = (n: number) => '[' + '1,'.repeat(n - 1) + '1]';
const PER_FILE = 'more than 100000 YAML values in one file (the limit per file; raise it with --max-values)';

async function load(files: Record<string, string>, extra: Partial<LoadOptions> = {}): Promise<string[]> {
  const cwd = tempTree({ 'env.yaml': INCLUDE, ...files });
  const { diagnostics } = await loadEnvironment({ config: 'env.yaml', cwd, mode: 'validate', processEnv: {}, ...extra });
  return diagnostics.map(formatDiagnostic);
}

describe('values per file', () => {
  it('refuses a flow list of 150,000 items at the first value past the limit', async () => {
    // 9 values come first (3 header keys and values, spec, x, the bracket): item 99,991 is the
    // 100,001st, at column 7 + 2 * 99,991.
    expect(await load({ 'a.m.yaml': team('Flat') + 'spec:\n  x: ' + ones(150_000) + '\n' })).toEqual([`a.m.yaml:5:199989: ${PER_FILE}`]);
  });

  it('refuses a block list the same way (a `-` counts, and so does its value)', async () => {
    // 8 values before the list, 2 per item: the 100,001st is the dash of item 49,996 (line 6 + 49,996).
    expect(await load({ 'a.m.yaml': team('Block') + 'spec:\n  x:\n' + '  - 1\n'.repeat(60_000) })).toEqual([`a.m.yaml:50002:3: ${PER_FILE}`]);
  });

  it('refuses a large anchor before the yaml library parses it', async () => {
    const text = team('Anchor') + 'spec:\n  a: &a ' + ones(1_000_000) + '\n  b: [' + Array(10).fill('*a').join(', ') + ']\n';
    // The same count as the flow list; `&a ` moves the list 3 columns right.
    expect(await load({ 'a.m.yaml': text })).toEqual([`a.m.yaml:5:199992: ${PER_FILE}`]);
  });

  it('reads a file just under the limit, and one over it with --max-values raised', async () => {
    const under = team('Under') + 'spec:\n  x: ' + ones(100_000 - 9) + '\n';
    expect(await load({ 'a.m.yaml': under })).toEqual([expect.stringMatching(/^a\.m\.yaml:5:3: unknown key 'x'/)]);
    const cwd = tempTree({ 'env.yaml': INCLUDE, 'a.m.yaml': team('Big') + 'spec:\n  x: ' + ones(150_000) + '\n' });
    const io = captureIo({ cwd, env: {} });
    expect(await validate({ config: 'env.yaml', format: 'text' }, [], io)).toBe(1);
    expect(io.stderr()).toBe(`a.m.yaml:5:199989: ${PER_FILE}\nInvalid: 1 error in environment env.yaml.\n`);
    // Raised, the file is read whole: the one error is now the schema's.
    const raised = captureIo({ cwd, env: {} });
    expect(await validate({ config: 'env.yaml', format: 'text', maxValues: 200_000 }, [], raised)).toBe(1);
    expect(raised.stderr().split('\n')[0]).toMatch(/^a\.m\.yaml:5:3: unknown key 'x'/);
  });

  it('--max-values is an option of every command that reads manifests, a whole number', async () => {
    for (const command of ['validate', 'plan', 'apply', 'export', 'synth']) {
      const program = buildProgram();
      const cmd = program.commands.find((c) => c.name() === command)!;
      cmd.action(() => undefined);
      await program.parseAsync([command, '--config', 'env.yaml', '--max-values', '250000'], { from: 'user' });
      expect(cmd.opts().maxValues).toBe(250_000);
    }
    const program = buildProgram();
    program.commands.find((c) => c.name() === 'validate')!.action(() => undefined);
    await expect(program.parseAsync(['validate', '--config', 'e.yaml', '--max-values', 'many'], { from: 'user' })).rejects.toThrow(
      "--max-values must be a whole number of at least 1, got 'many'",
    );
  });
});

describe('values per environment', () => {
  it('refuses the file that passes the environment total, and reads no file after it', async () => {
    const teams = (p: string) => [1, 2, 3].map((i) => team(`${p}${i}`)).join('---\n'); // 3 x 6 values
    const lines = await load(
      { 'a.m.yaml': teams('A'), 'b.m.yaml': teams('B'), 'c.m.yaml': teams('C'), 'd.m.yaml': team('D') + 'spec: {bogus: 1}\n' },
      { limits: { maxValuesPerFile: 40, maxValues: 45 } },
    );
    // env.yaml holds 14 values (6 header, connection, url and clientId with values, include, bracket,
    // item) and a.m.yaml 18: b.m.yaml may hold 13, and its 14th is its third document's apiVersion value.
    expect(lines).toEqual(['b.m.yaml:9:13: more than 45 YAML values in this environment (the limit; raise it with --max-values)']);
  });
});

describe('documents per environment', () => {
  it('is refused before any file is parsed: an error in an earlier file is not reported', async () => {
    const docs = (from: number) => Array.from({ length: 3 }, (_, i) => team(`T${from + i}`)).join('---\n');
    const lines = await load({ 'a.m.yaml': docs(0) + 'spec: {bogus: 1}\n', 'b.m.yaml': docs(3) }, { limits: { maxDocuments: 5 } });
    expect(lines).toEqual(['b.m.yaml:4:1: more than 5 YAML documents in this environment (the limit)']);
  });
});

describe('the two YAML readers count values alike', () => {
  const texts = [
    team('A') + 'spec:\n  use: [tickets, "q", \'s\']\n  inactive: false\n',
    'apiVersion: halo-iac/v1\nkind: Agent\nname: B\nspec:\n  teams:\n    mode: include\n    members:\n      - Ops\n      - { name: X, k: [1, {}] }\n      -\n        a: b\n',
    '- x\n---\n- - y\n',
  ];
  it.each(texts.map((t, i) => [i, t] as const))('text %i: at exactly its count both read it; one less, the library refuses it', (_i, text) => {
    const budget = fileValueBudget(DEFAULT_LIMITS);
    const plain = readPlainYaml(text, '/x.yaml', 'x.yaml', DEFAULT_LIMITS, budget);
    const full = fileValueBudget(DEFAULT_LIMITS);
    expect(readWithYamlLibrary(text, '/x.yaml', 'x.yaml', DEFAULT_LIMITS, full).diagnostics).toEqual([]);
    if (plain) expect(budget.used).toBe(full.used);
    const n = full.used;
    const exact = manifestLimits({ maxValuesPerFile: n });
    expect(readWithYamlLibrary(text, '/x.yaml', 'x.yaml', exact).diagnostics).toEqual([]);
    const less = manifestLimits({ maxValuesPerFile: n - 1 });
    expect(readPlainYaml(text, '/x.yaml', 'x.yaml', less)).toBeUndefined();
    const refused = readWithYamlLibrary(text, '/x.yaml', 'x.yaml', less);
    expect(refused.diagnostics.map((d) => d.message)).toEqual([`more than ${n - 1} YAML values in one file (the limit per file; raise it with --max-values)`]);
  });
});
