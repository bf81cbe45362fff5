/**
 * The plain reader (yaml-plain.ts) is exact or silent: whenever it takes a text, its documents
 * (values, every position, document starts) equal the `yaml` library reader's, and the library
 * finds no error in that text. Checked on every YAML file of the repository and on random
 * manifest-shaped texts (fast-check, fixed seed) rendered in many styles, valid or not; both count
 * the same number of values (the values limit).
 */
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, fileValueBudget } from '../../src/manifest/limits.js';
import { readWithYamlLibrary } from '../../src/manifest/yaml-full.js';
import { readPlainYaml } from '../../src/manifest/yaml-plain.js';
import type { YamlDocument } from '../../src/manifest/yaml-types.js';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '../..');

/** A document as comparable data. */
function comparable(d: YamlDocument) {
  return { value: d.value, positions: Object.fromEntries(d.positions), start: d.start, broken: d.broken };
}

/** undefined when the plain reader declines; else asserts it matches the library and says so. */
function agree(text: string): boolean {
  const plainValues = fileValueBudget(DEFAULT_LIMITS);
  const plain = readPlainYaml(text, '/x.yaml', 'x.yaml', DEFAULT_LIMITS, plainValues);
  if (!plain) return false;
  const fullValues = fileValueBudget(DEFAULT_LIMITS);
  const full = readWithYamlLibrary(text, '/x.yaml', 'x.yaml', DEFAULT_LIMITS, fullValues);
  expect(full.diagnostics, text).toEqual([]);
  // Both count the same values, so the values limit refuses the same files whichever reader takes them.
  expect(plainValues.used, text).toBe(fullValues.used);
  expect(plain.map(comparable), text).toEqual(full.documents.map(comparable));
  // Own keys only, like the library's: `__proto__` must not become a prototype.
  for (const d of plain) expect(JSON.stringify(d.value)).toBe(JSON.stringify(full.documents[plain.indexOf(d)]?.value));
  return true;
}

function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const path = join(dir, name);
    const stat = lstatSync(path); // links are not followed: a broken-corpus case links outside the repository
    if (stat.isDirectory()) yamlFiles(path, out);
    else if (stat.isFile() && /\.ya?ml$/.test(name)) out.push(path);
  }
  return out;
}

describe('plain YAML reader', () => {
  it('agrees with the yaml library on every YAML file in the repository, and takes most of them', () => {
    const files = yamlFiles(REPO);
    const taken = files.filter((f) => agree(readFileSync(f, 'utf8')));
    expect(files.length).toBeGreaterThan(50);
    expect(taken.length).toBeGreaterThan(files.length / 2);
  });

  it('takes a typical manifest and records the positions the library does', () => {
    const text =
      '# agents\napiVersion: halo-iac/v1\nkind: Agent\nname: "Moovila API"\nspec:\n  email: api@example.com # login\n  apiOnly: true\n' +
      "  roles: ['Read Only', it''s]\n  teams:\n    mode: include\n    members:\n    - Ops\n    - 'Sales'\n  departments:\n    mode: exact\n" +
      '    members: [{ name: IT, level: modifyAll }]\n  permissions: {}\n---\n\n---\nkind: Team\nname: Ops\nlimit: 10\n';
    expect(agree(text)).toBe(true);
    expect(agree(text.replace(/\n/g, '\r\n'))).toBe(true); // Windows line ends
  });

  it.each([
    ['an anchor', 'a: &x 1\nb: *x\n'],
    ['a block scalar', 'a: |\n  text\n'],
    ['a multi-line plain scalar', 'a: one\n  two\n'],
    ['an escape', 'a: "tab\\there"\n'],
    ['a float', 'a: 1.5\n'],
    ['a negative number', 'a: -1\n'],
    ['a null value', 'a:\nb: 1\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['a tab', 'a:\t1\n'],
    ['a carriage return alone', 'a: 1\rb: 2\n'],
    ['a multi-line flow', 'a: [1,\n  2]\n'],
    ['a tag', 'a: !!str 1\n'],
    ['a nested mapping on one line', 'a: b: c\n'],
    ['a bad indentation', 'a:\n  b: 1\n c: 2\n'],
    ['content after ---', '--- a\n'],
    ['a byte order mark', '\ufeffa: 1\n'],
    ['a key with a number', '1: a\n'],
  ])('leaves %s to the library', (_what, text) => {
    expect(readPlainYaml(text, '/x.yaml', 'x.yaml', DEFAULT_LIMITS)).toBeUndefined();
  });

  it('agrees on random manifest-shaped texts in many styles', () => {
    const scalar = fc.oneof(
      fc.constantFrom('Ops', 'Team 1', 'x:y', 'a: b', 'true', 'False', 'NULL', '~', '1', '0', '007', '12345678901234567', '-a', '.x', "it's", 'a #b', 'a#b', '#c'),
      fc.constantFrom('"q"', 'say "hi"', 'back\\slash', ' lead', 'trail ', '', 'über', 'a,b', '[x]', '{y}', '__proto__', 'k:', '@at', '`tick`', '%p'),
      fc.integer({ min: 0, max: 99999 }),
      fc.boolean(),
      fc.constant(null),
    );
    const key = fc.constantFrom('name', 'spec', 'Team 1', 'x/y', 'a~b', 'true', '1', 'it\'s', '__proto__', 'k:v', 'members', 'use', '"quoted"', 'a b');
    const { tree } = fc.letrec((tie) => ({
      tree: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('list'), tie('map')),
      list: fc.array(tie('tree'), { maxLength: 4 }),
      map: fc.dictionary(key, tie('tree'), { maxKeys: 4 }),
    }));
    const doc = fc.dictionary(key, tree, { minKeys: 1, maxKeys: 5 });
    let runs = 0;
    let taken = 0;
    fc.assert(
      fc.property(fc.array(doc, { minLength: 1, maxLength: 3 }), fc.array(fc.nat(), { minLength: 64, maxLength: 64 }), (docs, choices) => {
        const text = docs.map((d) => render(d, choices)).join('---\n');
        runs++;
        if (agree(text)) taken++;
      }),
      { seed: 20261201, numRuns: 1500 },
    );
    // Both paths are exercised: many texts are taken (and compared), many are left to the library.
    expect(taken).toBeGreaterThan(runs / 10);
    expect(taken).toBeLessThan(runs * 0.9);
  });
});

/** Renders a value as YAML, every style decision taken from `choices` (so fast-check drives and shrinks them). */
function render(root: unknown, choices: number[]): string {
  let n = 0;
  const pick = (k: number) => (choices[n++ % choices.length] as number) % k;
  const scalar = (v: unknown): string => {
    const s = String(v);
    switch (pick(4)) {
      case 0:
        return `'${s.replace(/'/g, "''")}'`;
      case 1:
        return `"${s}"`;
      default:
        return s;
    }
  };
  const isCollection = (v: unknown) => typeof v === 'object' && v !== null;
  const flow = (v: unknown): string => {
    if (Array.isArray(v)) return `[${v.map(flow).join(pick(2) ? ', ' : ',')}]`;
    if (isCollection(v)) return `{${Object.entries(v as object).map(([k, x]) => `${scalar(k)}: ${flow(x)}`).join(', ')}}`;
    return scalar(v);
  };
  const comment = () => (pick(5) === 0 ? ' # note' : '');
  const lines: string[] = [];
  const block = (v: unknown, indent: number): void => {
    const pad = ' '.repeat(indent);
    const step = pick(3) === 0 ? 4 : 2;
    if (Array.isArray(v)) {
      for (const item of v) {
        if (isCollection(item) && !Array.isArray(item) && Object.keys(item as object).length > 0 && pick(2)) {
          // A mapping inside the item: `- key: value`, the other keys under the first.
          const before = lines.length;
          block(item, indent + 2);
          lines[before] = `${pad}- ${(lines[before] as string).slice(indent + 2)}`;
        } else if (isCollection(item) && (Array.isArray(item) ? item.length : Object.keys(item as object).length) > 0 && pick(2)) {
          lines.push(`${pad}-${comment()}`);
          block(item, indent + step);
        } else lines.push(`${pad}- ${isCollection(item) ? flow(item) : scalar(item)}${comment()}`);
      }
      return;
    }
    for (const [k, x] of Object.entries(v as object)) {
      const size = isCollection(x) ? (Array.isArray(x) ? x.length : Object.keys(x as object).length) : 0;
      if (size > 0 && pick(3)) {
        lines.push(`${pad}${scalar(k)}:${comment()}`);
        if (pick(5) === 0) lines.push(`${pad}# between`);
        block(x, Array.isArray(x) && pick(2) ? indent : indent + step);
      } else lines.push(`${pad}${scalar(k)}: ${isCollection(x) ? flow(x) : scalar(x)}${comment()}`);
    }
  };
  block(root, 0);
  return lines.join('\n') + '\n';
}
