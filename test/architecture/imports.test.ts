/**
 * The import direction (README "Development"): every relative import in src/, constructs/,
 * scripts/, bench/ and main.ts, static or dynamic, is parsed and checked against the layer table
 * below. An import from a layer to one it may not use fails the test, naming file:line and the edge.
 *
 *   cli -> engine -> kinds -> constructs -> model      manifest -> constructs -> model
 *   render -> model    halo -> model    simulator -> model    terraform -> model
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A layer: the folders (or files) it is made of, and the layers it may import besides itself. */
interface Layer {
  paths: string[];
  may: string[];
}

/**
 * THE layer table. A layer imports itself and the layers in `may`, nothing else. model imports
 * nothing of the tool, so anything may import it; src/duration.ts and src/version.ts are leaves
 * like it.
 */
export const LAYERS: Record<string, Layer> = {
  model: { paths: ['src/model', 'src/duration.ts', 'src/version.ts'], may: [] },
  halo: { paths: ['src/halo'], may: ['model'] },
  simulator: { paths: ['src/simulator'], may: ['model'] },
  constructs: { paths: ['constructs'], may: ['model'] },
  manifest: { paths: ['src/manifest'], may: ['constructs', 'model'] },
  kinds: { paths: ['src/kinds'], may: ['constructs', 'halo', 'model'] },
  engine: { paths: ['src/engine'], may: ['kinds', 'constructs', 'halo', 'model'] },
  render: { paths: ['src/render'], may: ['model'] },
  terraform: { paths: ['src/terraform'], may: ['model'] },
  doctor: { paths: ['src/doctor'], may: ['engine', 'kinds', 'constructs', 'manifest', 'halo', 'model'] },
  cli: { paths: ['src/cli'], may: ['doctor', 'engine', 'kinds', 'constructs', 'manifest', 'render', 'halo', 'simulator', 'terraform', 'model'] },
  scripts: { paths: ['scripts'], may: ['kinds', 'constructs', 'manifest', 'halo', 'simulator', 'model'] },
  app: { paths: ['main.ts', 'cdktf-main.ts', 'bench'], may: ['cli', 'doctor', 'engine', 'kinds', 'constructs', 'manifest', 'render', 'halo', 'simulator', 'terraform', 'scripts', 'model'] },
};

const posix = (p: string): string => p.split(sep).join('/');

/** The layer a repository path belongs to (the longest matching path wins), or undefined. */
export function layerOf(path: string): string | undefined {
  let best: { name: string; length: number } | undefined;
  for (const [name, layer] of Object.entries(LAYERS)) {
    for (const p of layer.paths) {
      if ((path === p || path.startsWith(`${p}/`)) && (!best || p.length > best.length)) best = { name, length: p.length };
    }
  }
  return best?.name;
}

function tsFiles(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const rel = `${dir}/${name}`;
    return statSync(join(root, rel)).isDirectory() ? tsFiles(rel) : rel.endsWith('.ts') ? [rel] : [];
  });
}

/** One relative import: where it is and the repository path it names (a folder for a template import). */
interface Edge {
  file: string;
  line: number;
  specifier: string;
  target: string;
}

/**
 * Every relative import of a file: import/export declarations, `import()` with a literal, and
 * `import(\`./dir/${x}.js\`)`, whose folder (the literal part) is what it may reach.
 */
export function importsOf(file: string, text: string = readFileSync(join(root, file), 'utf8')): Edge[] {
  const out: Edge[] = [];
  const lineOf = (pos: number): number => text.slice(0, pos).split('\n').length;
  const add = (specifier: string, pos: number, folder = false) => {
    if (!specifier.startsWith('.')) return;
    const abs = resolve(root, dirname(file), folder ? specifier : specifier.replace(/\.js$/, '.ts'));
    out.push({ file, line: lineOf(pos), specifier, target: posix(relative(root, abs)) });
  };
  for (const f of ts.preProcessFile(text, true, true).importedFiles) add(f.fileName, f.pos);
  for (const m of text.matchAll(/\bimport\(\s*(?:\/\*[^*]*\*\/\s*)?`([^`$]*)\$\{/g)) add(m[1]?.replace(/[^/]*$/, '') || './', m.index ?? 0, true);
  return out;
}

/** The edges of `files` that run against the layer table, as `file:line: from -> to (import 'x')`. */
export function violations(files: readonly string[], read?: (file: string) => string): string[] {
  const out: string[] = [];
  for (const file of files) {
    const from = layerOf(file);
    if (!from) {
      out.push(`${file}: in no layer (add its folder to LAYERS in test/architecture/imports.test.ts)`);
      continue;
    }
    for (const e of importsOf(file, read?.(file))) {
      const to = layerOf(e.target);
      if (to === from || (to !== undefined && (LAYERS[from]?.may ?? []).includes(to))) continue;
      out.push(`${e.file}:${e.line}: ${from} -> ${to ?? e.target} (import '${e.specifier}')`);
    }
  }
  return out;
}

/** Every checked file. */
function sourceFiles(): string[] {
  return [...tsFiles('src'), ...tsFiles('constructs'), ...tsFiles('scripts'), ...tsFiles('bench'), 'main.ts', 'cdktf-main.ts'];
}

describe('import direction', () => {
  it('every import in src/, constructs/, scripts/, bench/ and main.ts runs the way the layer table allows', () => {
    const bad = violations(sourceFiles());
    expect(bad, `imports against the layer table:\n${bad.join('\n')}`).toEqual([]);
  });

  it('finds a wrong-way import and names file:line and the edge (a model file importing the engine)', () => {
    const text = "import type { Plan } from './plan.js';\n\nimport { plan } from '../engine/plan.js';\n";
    expect(violations(['src/model/example.ts'], () => text)).toEqual(["src/model/example.ts:3: model -> engine (import '../engine/plan.js')"]);
  });

  it('sees dynamic imports, with a literal and with a template, and export-from', () => {
    const text = [
      "export { x } from '../src/kinds/index.js';",
      "const m = await import('../src/engine/index.js');",
      'const k = await import(`../src/kinds/${name}.js`);',
    ].join('\n');
    expect(violations(['constructs/example.ts'], () => text)).toEqual([
      "constructs/example.ts:1: constructs -> kinds (import '../src/kinds/index.js')",
      "constructs/example.ts:2: constructs -> engine (import '../src/engine/index.js')",
      "constructs/example.ts:3: constructs -> kinds (import '../src/kinds/')",
    ]);
  });

  it('no file a registry loads by name imports that registry (it waits for the file: a deadlock)', () => {
    const registries = ['constructs/registry.ts', 'constructs/index.ts', 'src/kinds/index.ts'];
    const loaded = [...tsFiles('constructs/kinds'), ...tsFiles('src/kinds').filter((f) => f !== 'src/kinds/index.ts')];
    const bad = loaded.flatMap((f) => importsOf(f).filter((e) => registries.includes(e.target)).map((e) => `${e.file}:${e.line}: imports ${e.target}`));
    expect(bad).toEqual([]);
  });

  it('places every folder of src/ in a layer', () => {
    const folders = readdirSync(join(root, 'src')).map((n) => `src/${n}`);
    expect(folders.filter((f) => layerOf(f) === undefined)).toEqual([]);
  });
});
