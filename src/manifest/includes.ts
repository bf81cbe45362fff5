/**
 * `include:` globs, relative to the environment file, expanded with tinyglobby: sorted,
 * deduplicated (by real path, so a file reached twice through a link is read once), never the
 * environment file itself.
 *
 * Includes stay inside the environment's repository root (issue 9 §5): a manifest under review
 * must not pull in files from elsewhere on the machine, whether the pattern is written with `..`,
 * as an absolute path, or reaches out through a symbolic link. The root is the nearest folder
 * above the environment file holding `.git`; without one, the folder holding `environments/`
 * when the file is `environments/<name>/environment.yaml`, else the environment file's folder.
 * A pattern that matches no file is an error: a typo would otherwise silently drop every object
 * it meant to declare.
 */
import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { error, warning, type Diagnostic } from '../model/diagnostics.js';
import type { IncludePattern } from './environment-file.js';

/** The folder includes must stay inside (see the module comment), as a real path. */
export function repositoryRoot(envFile: string): string {
  const envDir = dirname(resolve(envFile));
  for (let dir = envDir; ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return realpathSync(dir);
    if (dirname(dir) === dir) break;
  }
  const parent = dirname(envDir);
  return realpathSync(basename(parent) === 'environments' ? dirname(parent) : envDir);
}

/** True when `path` is `root` or below it. */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (rel !== '..' && !rel.startsWith('..' + sep) && !isAbsolute(rel));
}

const GLOB_MAGIC = /[*?[\]{}()!+@\\]/;

/** The part of a glob before its first wildcard segment, resolved against `cwd`. */
function staticBase(pattern: string, cwd: string): string {
  const segments = pattern.split('/');
  const fixed: string[] = [];
  for (const s of segments) {
    if (GLOB_MAGIC.test(s)) break;
    fixed.push(s);
  }
  return resolve(cwd, fixed.join('/') || '.');
}

/**
 * The files a pattern matches, as tinyglobby matches them (`dot: false`, links followed, a
 * matching directory expanded to its files). A plain file path and the everyday `dir/*.yaml`
 * (wildcards only in the last segment, `*` only, matching no directory) are read directly: loading tinyglobby and compiling its matcher cost a tenth of a 1,000-object validate.
 * test/manifest/includes.test.ts holds both shortcuts to tinyglobby's answers.
 */
export async function matches(pattern: string, cwd: string): Promise<string[]> {
  if (!GLOB_MAGIC.test(pattern)) {
    const path = resolve(cwd, pattern);
    if (isFile(path)) return [path];
    if (!isDirectory(path)) return [];
  }
  const slash = pattern.lastIndexOf('/');
  const dirPart = pattern.slice(0, slash + 1);
  const last = pattern.slice(slash + 1);
  if (GLOB_MAGIC.test(pattern) && !GLOB_MAGIC.test(dirPart) && !GLOB_MAGIC.test(last.replaceAll('*', '')) && !last.includes('**')) {
    const dir = resolve(cwd, dirPart || '.');
    // `*` never matches a leading dot unless the pattern itself starts with one (dot: false).
    const re = new RegExp(`^${last.startsWith('.') ? '' : '(?!\\.)'}${last.split('*').map((s) => s.replace(/[.^$|\\]/g, '\\$&')).join('[^/]*')}$`);
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return [];
    }
    const matched = names.filter((n) => re.test(n)).map((n) => join(dir, n));
    // A matching directory is expanded by tinyglobby (expandDirectories): leave that to it.
    if (!matched.some(isDirectory)) return matched.filter(isFile);
  }
  const { glob } = await import('tinyglobby');
  return glob([pattern], { cwd, absolute: true, onlyFiles: true, dot: false });
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** A file, or a link to one. */
function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * Absolute paths of the included files, in a stable order, and the refusals. `show` prints a path
 * in messages; `requireMatches: false` (export) makes a pattern matching nothing a warning.
 */
export async function expandIncludes(
  envFile: string,
  patterns: readonly IncludePattern[],
  show: (absolute: string) => string,
  requireMatches = true,
): Promise<{ files: string[]; diagnostics: Diagnostic[] }> {
  const cwd = dirname(envFile);
  const root = repositoryRoot(envFile);
  const shownRoot = show(root);
  const where = `the repository root '${shownRoot === '.' ? '.' : shownRoot}/'`;
  const own = realpathSync(envFile);
  const diagnostics: Diagnostic[] = [];
  const files = new Map<string, string>(); // real path -> path as matched
  for (const p of patterns) {
    const base = staticBase(p.pattern, cwd);
    if (!isInside(root, base) && !isInside(root, safeRealpath(base))) {
      diagnostics.push(error(`include '${p.pattern}' points outside ${where}`, p.source));
      continue;
    }
    const matched = (await matches(p.pattern, cwd)).map((f) => resolve(f)).sort();
    if (matched.length === 0) {
      diagnostics.push((requireMatches ? error : warning)(`include '${p.pattern}' matched no files`, p.source));
      continue;
    }
    const escaped: string[] = [];
    for (const f of matched) {
      const real = safeRealpath(f);
      if (!isInside(root, real)) escaped.push(f);
      else if (real !== own && !files.has(real)) files.set(real, f);
    }
    if (escaped.length > 0) {
      const more = escaped.length > 1 ? ` (and ${escaped.length - 1} more)` : '';
      diagnostics.push(error(`include '${p.pattern}' matches ${show(escaped[0] as string)}${more}, which resolves outside ${where}`, p.source));
    }
  }
  return { files: [...files.values()].sort(), diagnostics };
}

/** The real path, or the path itself when it does not exist (a pattern base may not). */
function safeRealpath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
