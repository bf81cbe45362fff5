/**
 * `include:` globs, relative to the environment file, expanded with tinyglobby: sorted,
 * deduplicated, never the environment file itself. A glob that matches nothing warns (a typo
 * would otherwise silently drop every object it meant to declare).
 */
import { dirname, resolve } from 'node:path';
import { glob } from 'tinyglobby';
import { warning, type Diagnostic } from '../errors.js';
import type { IncludePattern } from './environment-file.js';

/** Absolute paths of the included files, in a stable order. */
export async function expandIncludes(
  envFile: string,
  patterns: readonly IncludePattern[],
): Promise<{ files: string[]; diagnostics: Diagnostic[] }> {
  const cwd = dirname(envFile);
  const diagnostics: Diagnostic[] = [];
  const files = new Set<string>();
  for (const p of patterns) {
    const matched = await glob([p.pattern], { cwd, absolute: true, onlyFiles: true, dot: false });
    const own = matched.map((f) => resolve(f)).filter((f) => f !== resolve(envFile));
    if (matched.length === 0) diagnostics.push(warning(`include '${p.pattern}' matched no files`, p.source));
    for (const f of own) files.add(f);
  }
  return { files: [...files].sort(), diagnostics };
}
