/**
 * Hostile YAML (issue 9 §5): alias bombs, huge files, too many documents, deep nesting and
 * undefined aliases. Each is refused with ONE `file:line:col` diagnostic and never hangs or
 * overflows the stack. No timing is asserted: a hang shows up as the test timeout.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/model/diagnostics.js';
import { loadEnvironment, type LoadOptions } from '../../src/manifest/load.js';
import { ENV_HEADER, tempTree } from './helpers.js';

const INCLUDE = ENV_HEADER + 'include: ["./m.yaml"]\n';
const team = (name: string) => `apiVersion: halo-iac/v1\nkind: Team\nname: ${name}\n`;

/** Loads env.yaml (including m.yaml) from a fresh tree; returns the diagnostics as printed. */
async function load(files: Record<string, string>, extra: Partial<LoadOptions> = {}): Promise<{ lines: string[]; ok: boolean }> {
  const cwd = tempTree({ 'env.yaml': INCLUDE, ...files });
  const { state, diagnostics } = await loadEnvironment({ config: 'env.yaml', cwd, mode: 'validate', processEnv: {}, ...extra });
  return { lines: diagnostics.map(formatDiagnostic), ok: state !== undefined };
}

/** The classic "billion laughs": nine levels of ten aliases each, 10^9 strings if expanded. */
function billionLaughs(): string {
  const lines = ['apiVersion: halo-iac/v1', 'kind: Team', 'name: Laughs', 'spec:', '  x0: &a0 "lol"'];
  for (let i = 1; i <= 9; i++) lines.push(`  x${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(', ')}]`);
  return lines.join('\n') + '\n';
}

describe('hostile YAML', () => {
  it('refuses an alias bomb at the alias where expansion passes the cap', async () => {
    const { lines, ok } = await load({ 'm.yaml': billionLaughs() });
    expect(ok).toBe(false);
    // x1 expands 10 aliases; each *a1 in x2 counts 1 + its own 10: the 101st expansion is inside x2's 9th alias.
    expect(lines).toEqual(['m.yaml:7:52: YAML aliases expand more than 100 times in one document (an alias bomb?)']);
  });

  it('refuses an alias that refers to its own anchor (endless expansion)', async () => {
    const { lines } = await load({ 'm.yaml': team('Loop') + 'spec: &s\n  use: [*s]\n' });
    expect(lines).toEqual(['m.yaml:5:9: YAML nested more than 64 levels deep']);
  });

  it('expands a few aliases as before', async () => {
    const agent = 'apiVersion: halo-iac/v1\nkind: Agent\nname: A\nspec:\n  apiOnly: true\n  teams: &t\n    mode: include\n    members: [&ops Ops]\n  defaultTeam: *ops\n';
    const cwd = tempTree({ 'env.yaml': INCLUDE, 'm.yaml': team('Ops') + '---\n' + agent });
    const { state, diagnostics } = await loadEnvironment({ config: 'env.yaml', cwd, mode: 'validate', processEnv: {} });
    expect(diagnostics.map(formatDiagnostic)).toEqual([]);
    expect(state?.objects.find((o) => o.name === 'A')?.spec).toEqual({ apiOnly: true, teams: { mode: 'include', members: ['Ops'] }, defaultTeam: 'Ops' });
  });

  it('reports an undefined alias as such, at its position', async () => {
    const { lines, ok } = await load({ 'm.yaml': team('Ops') + 'spec:\n  use: [tickets, *nope]\n' });
    expect(ok).toBe(false);
    expect(lines).toEqual(["m.yaml:5:18: undefined alias '*nope': no anchor &nope before it in this document"]);
  });

  it('refuses a file over the size limit before reading it, naming the flag', async () => {
    const big = team('Big') + '# ' + 'x'.repeat(2100) + '\n';
    const { lines, ok } = await load({ 'm.yaml': big }, { limits: { maxFileSize: 2048 } });
    expect(ok).toBe(false);
    expect(lines).toEqual(['m.yaml:1:1: file is 2.1 KB, over the 2 KB limit (raise it with --max-file-size)']);
  });

  it('refuses the environment file itself when it is over the limit', async () => {
    const cwd = tempTree({ 'env.yaml': ENV_HEADER + 'allowEmpty: true\n# ' + 'y'.repeat(11 * 1024 * 1024) + '\n' });
    const { diagnostics } = await loadEnvironment({ config: 'env.yaml', cwd, mode: 'validate', processEnv: {} });
    expect(diagnostics.map(formatDiagnostic)).toEqual(['env.yaml:1:1: file is 11.0 MB, over the 10 MB limit (raise it with --max-file-size)']);
  });

  it('refuses more documents per file than the limit, at the first one too many', async () => {
    const docs = Array.from({ length: 6 }, (_, i) => team(`T${i}`)).join('---\n');
    const { lines, ok } = await load({ 'm.yaml': docs }, { limits: { maxDocumentsPerFile: 5 } });
    expect(ok).toBe(false);
    expect(lines).toEqual(['m.yaml:20:1: more than 5 YAML documents in one file (the limit per file)']);
  });

  it('refuses more documents in total than the limit, and reads no file after that', async () => {
    const docs = (from: number) => Array.from({ length: 3 }, (_, i) => team(`T${from + i}`)).join('---\n');
    const cwd = tempTree({ 'env.yaml': ENV_HEADER + 'include: ["./*.yaml"]\n', 'a.yaml': docs(0), 'b.yaml': docs(3), 'c.yaml': docs(6) });
    const { diagnostics } = await loadEnvironment({ config: 'env.yaml', cwd, mode: 'validate', processEnv: {}, limits: { maxDocuments: 5 } });
    // env.yaml's own document counts: with a.yaml that is 4, and b.yaml's second document is the 6th.
    expect(diagnostics.map(formatDiagnostic)).toEqual(['b.yaml:4:1: more than 5 YAML documents in this environment (the limit)']);
  });

  it('refuses deep flow nesting at the first level too deep', async () => {
    const { lines, ok } = await load({ 'm.yaml': team('Deep') + 'spec:\n  use: ' + '['.repeat(100) + ']'.repeat(100) + '\n' });
    expect(ok).toBe(false);
    // Level 1 is the document mapping, 2 is spec, 3.. are the brackets: the 63rd bracket is level 65.
    expect(lines).toEqual(['m.yaml:5:70: YAML nested more than 64 levels deep']);
  });

  it('refuses deep block nesting (no stack overflow in the YAML composer)', async () => {
    const deep = Array.from({ length: 200 }, (_, i) => ' '.repeat(i) + 'k:').join('\n') + ' x\n';
    const { lines, ok } = await load({ 'm.yaml': team('Deep') + '---\n' + deep });
    expect(ok).toBe(false);
    expect(lines).toEqual(['m.yaml:69:65: YAML nested more than 64 levels deep']);
  });

  it('refuses 20,000 nested brackets without a stack overflow', async () => {
    const { lines } = await load({ 'm.yaml': '['.repeat(20000) + ']'.repeat(20000) + '\n' });
    expect(lines).toEqual(['m.yaml:1:65: YAML nested more than 64 levels deep']);
  });

  it('reads 150,000 documents without a stack overflow when the limits allow it', async () => {
    const cwd = tempTree({ 'env.yaml': INCLUDE });
    writeFileSync(join(cwd, 'm.yaml'), '- x\n---\n'.repeat(150_000));
    const { diagnostics } = await loadEnvironment({
      config: 'env.yaml',
      cwd,
      mode: 'validate',
      processEnv: {},
      limits: { maxDocumentsPerFile: 200_000, maxDocuments: 200_000, maxValuesPerFile: 400_000, maxValues: 400_000 },
    });
    expect(diagnostics.length).toBe(150_000);
    expect(formatDiagnostic(diagnostics[149_999]!)).toBe('m.yaml:299999:1: expected a mapping with apiVersion, kind and name, got a list');
  });

  it('refuses the 750,000-document file at the default limits with one line', async () => {
    const cwd = tempTree({ 'env.yaml': INCLUDE });
    writeFileSync(join(cwd, 'm.yaml'), '- x\n---\n'.repeat(750_000));
    const { diagnostics } = await loadEnvironment({ config: 'env.yaml', cwd, mode: 'validate', processEnv: {} });
    expect(diagnostics.map(formatDiagnostic)).toEqual(['m.yaml:20000:1: more than 10000 YAML documents in one file (the limit per file)']);
  });
});

describe('a __proto__ key', () => {
  it.each([
    ['written plainly', 'spec:\n  __proto__:\n    inactive: true\n'],
    ['read by the yaml library (an anchor elsewhere)', 'spec:\n  __proto__: &p\n    inactive: true\n'],
  ])('is an ordinary, unknown key, %s', async (_how, spec) => {
    const { lines, ok } = await load({ 'm.yaml': team('Proto') + spec });
    expect(ok).toBe(false);
    expect(lines).toEqual([expect.stringMatching(/^m\.yaml:5:3: unknown key '__proto__' \(allowed: /)]);
  });
});

describe('alias expansion volume', () => {
  it('refuses aliases that copy more values than the cap, even when there are few of them', async () => {
    const list = Array.from({ length: 2000 }, (_, i) => `t${i}`).join(', ');
    const refs = Array.from({ length: 60 }, () => '*big').join(', ');
    const { lines, ok } = await load({ 'm.yaml': team('Wide') + `spec:\n  x: &big [${list}]\n  y: [${refs}]\n` });
    expect(ok).toBe(false);
    // The file itself holds 2,071 values (the lexer's count); each *big copies 2,001 more: the 49th
    // alias passes 100,000, and it starts at column 7 + 6 * 48.
    expect(lines).toEqual(['m.yaml:6:295: more than 100000 YAML values in one file (the limit per file; raise it with --max-values): this alias copies past it']);
  });
});

describe('ordinary encodings', () => {
  it('reads a file with a byte order mark and Windows line ends', async () => {
    const cwd = tempTree({ 'env.yaml': INCLUDE, 'm.yaml': '\ufeff' + team('Ops').replace(/\n/g, '\r\n') + 'spec:\r\n  use: [tickets]\r\n' });
    const { state, diagnostics } = await loadEnvironment({ config: 'env.yaml', cwd, mode: 'validate', processEnv: {} });
    expect(diagnostics).toEqual([]);
    expect(state?.objects.map((o) => [o.name, o.spec, o.source])).toEqual([['Ops', { use: ['tickets'] }, { file: 'm.yaml', line: 3, column: 7 }]]);
  });
});
