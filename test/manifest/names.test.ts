/**
 * Names a reviewer cannot see or Halo cannot store (issue 9 §5): control and zero-width
 * characters, invalid UTF-8, names longer than Halo's column; a warning for mixed scripts. The
 * length limits are generated from the vendored spec, and a test fails when they are stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GENERATE_COMMAND, NAME_FIELDS, nameLimitsPath, nameLimitsText } from '../../scripts/gen-name-limits.js';
import { formatDiagnostic } from '../../src/model/diagnostics.js';
import { loadEnvironment } from '../../src/manifest/load.js';
import { NAME_MAX_LENGTH } from '../../src/manifest/name-limits.js';
import { RESOURCE_KINDS } from '../../src/model/kinds.js';
import { ENV_HEADER, tempTree } from './helpers.js';

async function lines(manifest: string | Buffer): Promise<{ lines: string[]; ok: boolean }> {
  const cwd = tempTree({ 'env.yaml': ENV_HEADER + 'include: ["./m.yaml"]\n' });
  writeFileSync(join(cwd, 'm.yaml'), manifest);
  const { state, diagnostics } = await loadEnvironment({ config: 'env.yaml', cwd, mode: 'validate', processEnv: {} });
  return { lines: diagnostics.map(formatDiagnostic), ok: state !== undefined };
}

const team = (nameLine: string) => `apiVersion: halo-iac/v1\nkind: Team\n${nameLine}\n`;

describe('names', () => {
  it('refuses a control character written as an escape', async () => {
    expect(await lines(team('name: "Ops\\x07"'))).toEqual({ lines: ["m.yaml:3:7: name 'Ops<U+0007>' contains a control character (U+0007)"], ok: false });
  });

  it('refuses an escape character (it drives terminals)', async () => {
    expect((await lines(team('name: "\\e[31mRed"'))).lines).toEqual(["m.yaml:3:7: name '<U+001B>[31mRed' contains a control character (U+001B)"]);
  });

  it.each([
    ['\u200b', 'U+200B ZERO WIDTH SPACE'],
    ['\u200c', 'U+200C ZERO WIDTH NON-JOINER'],
    ['\u200d', 'U+200D ZERO WIDTH JOINER'],
    ['\u2060', 'U+2060 WORD JOINER'],
    ['\ufeff', 'U+FEFF ZERO WIDTH NO-BREAK SPACE'],
    ['\u202e', 'U+202E RIGHT-TO-LEFT OVERRIDE'],
  ])('refuses the invisible %j', async (ch, described) => {
    const r = await lines(team(`name: Ops${ch}`));
    expect(r).toEqual({ lines: [`m.yaml:3:7: name 'Ops<${described}>' contains an invisible character (${described})`], ok: false });
  });

  it('refuses an invisible character in previously, at the entry', async () => {
    const r = await lines(team('name: Ops\npreviously: [Support, "Help\u200bdesk"]'));
    expect(r.lines).toEqual(["m.yaml:4:23: previously 'Help<U+200B ZERO WIDTH SPACE>desk' contains an invisible character (U+200B ZERO WIDTH SPACE)"]);
  });

  it("refuses a name longer than Halo's column, and accepts one at the limit", async () => {
    expect((await lines(team(`name: ${'n'.repeat(256)}`))).lines).toEqual(['m.yaml:3:7: name is 256 characters long; Halo stores at most 255']);
    expect((await lines(team(`name: ${'n'.repeat(255)}`))).ok).toBe(true);
  });

  it('refuses a file that is not UTF-8 at the first bad byte', async () => {
    const bytes = Buffer.concat([Buffer.from(team('name: Ops') + 'spec:\n  use: [tickets]\n# caf'), Buffer.from([0xe9]), Buffer.from('\n')]);
    expect(await lines(bytes)).toEqual({ lines: ['m.yaml:6:6: not valid UTF-8 (byte 0xe9): manifests must be UTF-8 text'], ok: false });
  });

  it('refuses an overlong UTF-8 encoding', async () => {
    const bytes = Buffer.concat([Buffer.from(team('name: Op')), Buffer.from([0xc0, 0xaf])]);
    expect((await lines(bytes)).lines).toEqual(['m.yaml:4:1: not valid UTF-8 (byte 0xc0): manifests must be UTF-8 text']);
  });

  it('warns about a Cyrillic look-alike in a Latin name, and keeps the object', async () => {
    const r = await lines(team('name: Аdministrators'));
    expect(r).toEqual({ lines: ["m.yaml:3:7: warning: name 'Аdministrators' mixes scripts: 'А' is Cyrillic in a Latin name (a look-alike of another name?)"], ok: true });
  });

  it('accepts names in one script, and ordinary mixes such as Japanese', async () => {
    for (const name of ['Opérations', 'Поддержка', 'サポート窓口 Tokyo', 'Équipe 2']) expect(await lines(team(`name: ${name}`))).toEqual({ lines: [], ok: true });
  });
});

describe('name limits (generated from the spec)', () => {
  it('cover every kind', () => {
    expect(Object.keys(NAME_MAX_LENGTH).sort()).toEqual([...RESOURCE_KINDS].sort());
    expect(Object.keys(NAME_FIELDS).sort()).toEqual([...RESOURCE_KINDS].sort());
  });

  it('are up to date with spec/halo-openapi.json', () => {
    expect(readFileSync(nameLimitsPath, 'utf8') === nameLimitsText(), `src/manifest/name-limits.ts is out of date: run \`${GENERATE_COMMAND}\``).toBe(true);
  });
});

describe('names in references (the same checks as a declared name)', () => {
  it('refuses an ESC in an undeclared reference, at the reference, printed escaped', async () => {
    const r = await lines(team('name: Ops\nspec:\n  department: "\\e[31mRED\\e[0m"'));
    expect(r).toEqual({ lines: ["m.yaml:5:15: team/Ops: reference to department '<U+001B>[31mRED<U+001B>[0m' contains a control character (U+001B)"], ok: false });
  });

  it('refuses a NUL in a reference, and the "not declared" warning is not printed raw beside it', async () => {
    const r = await lines(team('name: Ops\nspec:\n  department: "Sales\\0"'));
    expect(r.ok).toBe(false);
    expect(r.lines).toEqual(["m.yaml:5:15: team/Ops: reference to department 'Sales<U+0000>' contains a control character (U+0000)"]);
    expect(r.lines.join('\n')).not.toMatch(/[\u0000\u001b]/);
  });

  it('refuses a reference longer than the referenced kind stores', async () => {
    const r = await lines(team(`name: Ops\nspec:\n  department: ${'d'.repeat(300)}`));
    expect(r.ok).toBe(false);
    expect(r.lines[0]).toMatch(/^m\.yaml:5:15: team\/Ops: reference to department is 300 characters long; Halo stores at most \d+$/);
  });

  it('an ordinary undeclared reference still only warns', async () => {
    const r = await lines(team('name: Ops\nspec:\n  department: Sales'));
    expect(r.ok).toBe(true);
    expect(r.lines).toEqual(["m.yaml:5:15: warning: team/Ops: department 'Sales' is not declared; it must exist in Halo (resolved at plan time)"]);
  });
});

it('refuses a control character in a customer an agent may access (customers are matched by name live)', async () => {
  const r = await lines('apiVersion: halo-iac/v1\nkind: Agent\nname: Bot\nspec:\n  access: { customers: ["Acme", "\\e[31mX"] }\n');
  expect(r).toEqual({ lines: ["m.yaml:5:33: agent/Bot: customer '<U+001B>[31mX' contains a control character (U+001B)"], ok: false });
});
