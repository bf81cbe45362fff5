import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const src = join(root, 'src');

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Static import / export-from specifiers (dynamic `import()` is excluded: that is the lazy path). */
function staticImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]/gms)) if (m[1]) out.push(m[1]);
  for (const m of text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)) if (m[1]) out.push(m[1]);
  return out;
}

const isCdktf = (spec: string) => spec === 'cdktf' || spec.startsWith('cdktf/') || spec.startsWith('@cdktf/');

/** Every file reachable through static relative imports from `entries`. */
function reachable(entries: string[]): string[] {
  const seen = new Set<string>();
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const spec of staticImports(file)) {
      if (!spec.startsWith('.')) continue;
      const target = resolve(dirname(file), spec.replace(/\.js$/, '.ts'));
      try {
        if (statSync(target).isFile()) queue.push(target);
      } catch {
        // a type-only import of a not-yet-written module: nothing to follow
      }
    }
  }
  return [...seen];
}

describe('cdktf stays in src/terraform', () => {
  it('no file under src/ outside src/terraform imports cdktf statically', () => {
    const offenders = tsFiles(src)
      .filter((f) => !f.startsWith(join(src, 'terraform')))
      .filter((f) => staticImports(f).some(isCdktf))
      .map((f) => relative(root, f));
    expect(offenders).toEqual([]);
  });

  it('the engine, plan and apply never reach src/terraform or cdktf through static imports', () => {
    const entries = [...tsFiles(join(src, 'engine')), join(src, 'cli', 'plan.ts'), join(src, 'cli', 'apply.ts')].filter((f) => {
      try {
        return statSync(f).isFile();
      } catch {
        return false;
      }
    });
    expect(entries.length).toBeGreaterThan(0);
    const files = reachable(entries);
    expect(files.filter((f) => f.startsWith(join(src, 'terraform'))).map((f) => relative(root, f))).toEqual([]);
    expect(files.filter((f) => staticImports(f).some(isCdktf)).map((f) => relative(root, f))).toEqual([]);
  });

  it('the scanner does see the cdktf imports of src/terraform (the check can fail)', () => {
    const files = reachable([join(src, 'terraform', 'index.ts')]);
    expect(files.some((f) => staticImports(f).some(isCdktf))).toBe(true);
  });
});
