/**
 * What `halo-iac validate` loads before it runs (issue 12 §5: validate of 1,000 objects within 5x
 * `node -e 0`). Module loading was most of that budget: validate reached the engine barrel, and
 * through it the HTTP client and undici, and the `yaml` library, none of which it needs. This
 * follows the static runtime imports (type-only imports and `import()` are not loaded at start).
 */
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const posix = (p: string): string => p.split(sep).join('/');

/** Runtime import specifiers of a module's source: `import x from`, `import {..} from`, `export {..} from`, `import 'x'`. */
export function runtimeImports(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/^(?:import|export)\s+(?!type\b)([^;'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gm)) {
    const clause = m[1] ?? '';
    // `import { type A, type B } from` loads nothing either (verbatim module syntax would keep it; tsc drops it).
    if (/^\{\s*(type\s+\w+\s*,?\s*)+\}\s*from\s+$/.test(clause.trim() + ' ')) continue;
    if (m[2] !== undefined) out.push(m[2]);
  }
  return out;
}

/** Every repository file and bare package a module loads at start, following relative runtime imports. */
function startupGraph(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const spec of runtimeImports(readFileSync(join(root, file), 'utf8'))) {
      if (spec.startsWith('.')) visit(posix(relative(root, resolve(root, dirname(file), spec.replace(/\.js$/, '.ts')))));
      else if (!spec.startsWith('node:')) packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : (spec.split('/')[0] as string));
    }
  };
  visit(entry);
  return { files, packages };
}

describe('validate start-up graph', () => {
  const { files, packages } = startupGraph('src/cli/validate.ts');

  it('loads neither the engine (only its offline target check), nor the HTTP client, nor the simulator, nor the plan renderers (only the name escaper)', () => {
    const far = [...files].filter((f) => /^src\/(engine\/(?!targets\.ts$)|halo\/client|simulator|render\/(?!printable\.ts$)|terraform|doctor)/.test(f));
    expect(far).toEqual([]);
  });

  it('loads no HTTP library and no YAML library (plain YAML and the catalog snapshot need neither)', () => {
    expect([...packages].filter((p) => ['undici', 'yaml', 'cdktf', 'tsx', 'ajv'].includes(p))).toEqual([]);
  });

  it('the follower sees a runtime import and skips type-only ones', () => {
    expect(runtimeImports("import type { A } from './a.js';\nimport { type B } from './b.js';\nimport { c } from './c.js';\nexport { d } from 'yaml';\n")).toEqual(['./c.js', 'yaml']);
  });
});
