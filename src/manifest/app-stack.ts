/**
 * The user's file:line in a stack trace, for code-defined objects (`--app`): the first frame that
 * is neither halo-iac's own code (constructs/, src/, dist/ of this package), nor a dependency
 * (node_modules), nor Node's. tsx turns source maps on, and Node then prints TypeScript positions;
 * where something else formats stacks (a test runner's Error.prepareStackTrace), a frame still
 * names the generated module's URL, and its source map (node:module findSourceMap) gives the
 * TypeScript position. A compiled `.js` app without source maps shows its `.js` lines.
 */
import { existsSync } from 'node:fs';
import { findSourceMap } from 'node:module';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SourcePosition } from '../model/diagnostics.js';

/** This package's root: the nearest folder above this file with a package.json (src/ or dist/src/ alike). */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

const ROOT = packageRoot();
/** halo-iac's own code: frames here are the tool building the construct, not the user. */
const TOOL_DIRS = ['constructs', 'src', 'dist'].map((d) => join(ROOT, d) + sep);

/** `    at fn (file:///a/main.ts:17:5)` or `    at /a/main.ts:17:5`: path, line, column. */
const FRAME = /^\s*at (?:.*? \()?(.+?):(\d+):(\d+)\)?$/;

/** The absolute path of a frame's file (a path or a file: URL), or undefined for Node internals and other non-files. */
function framePath(location: string): string | undefined {
  if (location.startsWith('file://')) {
    try {
      return fileURLToPath(location.replace(/[?#].*$/, ''));
    } catch {
      return undefined;
    }
  }
  return isAbsolute(location) ? location : undefined;
}

/** A frame's position in its source: through the module's source map when it has one, else as printed. */
function original(location: string, line: number, column: number): { location: string; line: number; column: number } {
  if (!location.startsWith('file://')) return { location, line, column };
  const origin = findSourceMap(location)?.findOrigin(line, column);
  return origin && 'fileName' in origin ? { location: origin.fileName, line: origin.lineNumber, column: origin.columnNumber } : { location, line, column };
}

/** True for a file the user wrote: not halo-iac's, not a dependency's. */
function isUserFile(path: string): boolean {
  return !path.split(sep).includes('node_modules') && !TOOL_DIRS.some((d) => path.startsWith(d));
}

/** The first user frame of `stack` as a position relative to `cwd` (posix separators), or undefined. */
export function userFrame(stack: string, cwd: string): SourcePosition | undefined {
  for (const line of stack.split('\n')) {
    const m = FRAME.exec(line);
    if (!m) continue;
    const at = original(m[1] ?? '', Number(m[2]), Number(m[3]));
    const path = framePath(at.location);
    if (!path || !isUserFile(path)) continue;
    return { file: relative(cwd, path).split(sep).join('/'), line: at.line, column: at.column };
  }
  return undefined;
}
