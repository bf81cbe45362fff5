/**
 * Loads a code-defined app (`halo-iac plan|apply|validate|synth|doctor --app FILE`): a TypeScript
 * file through tsx (imported only then, so no other run pays its start-up), a compiled `.js`,
 * `.mjs` or `.cjs` file through Node's own import. The file must export its app (constructs/app.ts
 * EnvironmentApp) as its default; importing it must not synthesize anything. Every failure is one
 * diagnostic: the file is missing, does not compile, throws while loading, or exports no app.
 */
import { existsSync } from 'node:fs';
import { extname, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { EnvironmentApp } from '../../constructs/app.js';
import { error, type Diagnostic, type SourcePosition } from '../model/diagnostics.js';
import { userFrame } from './app-stack.js';

/** An app ready to run against each environment a command loads. */
export interface LoadedApp {
  /** The file as printed in diagnostics: relative to the working directory. */
  file: string;
  /** The app's default export. */
  run: EnvironmentApp;
  /** Working directory the positions in its diagnostics are relative to. */
  cwd: string;
}

/** Extensions loaded through tsx. */
const TYPESCRIPT = ['.ts', '.mts', '.cts'];
/** Extensions Node imports itself. */
const JAVASCRIPT = ['.js', '.mjs', '.cjs'];

/** What the README section is called, for messages that point at the contract. */
const CONTRACT = 'export default function (environment: Environment) { ... } (README "Code-defined objects (--app)")';

/** The app, or the diagnostic saying why there is none. */
export interface AppLoad {
  app?: LoadedApp;
  diagnostics: Diagnostic[];
}

/** Imports `file` (relative to `cwd`) and checks that it exports an app. */
export async function loadApp(file: string, cwd: string): Promise<AppLoad> {
  const path = resolve(cwd, file);
  const shown = relative(cwd, path).split(sep).join('/') || file;
  const ext = extname(path);
  if (!TYPESCRIPT.includes(ext) && !JAVASCRIPT.includes(ext)) {
    return failed(`--app ${file}: expected a TypeScript (${TYPESCRIPT.join(', ')}) or JavaScript (${JAVASCRIPT.join(', ')}) file`);
  }
  if (!existsSync(path)) return failed(`--app ${file}: file not found`);
  let module: unknown;
  try {
    module = TYPESCRIPT.includes(ext) ? await importTypeScript(path) : await import(pathToFileURL(path).href);
  } catch (e) {
    const { message, at } = explain(e, cwd);
    return failed(at ? `cannot load the app: ${message}` : `${shown}: cannot load the app: ${message}`, at);
  }
  const run = defaultApp(module);
  if (!run) return failed(`${shown} does not export an app: ${describeExport(module)}; expected ${CONTRACT}`);
  return { app: { file: shown, run, cwd }, diagnostics: [] };
}

function failed(message: string, at?: SourcePosition): AppLoad {
  return { diagnostics: [error(message, at)] };
}

/**
 * tsx's ESM API, loaded on first use (esbuild and its hooks cost tens of milliseconds). tsImport
 * registers its hooks under a fresh namespace, so the app and what it imports are compiled, and
 * nothing else in the process is affected; it also turns source maps on, so stacks name .ts lines.
 */
async function importTypeScript(path: string): Promise<unknown> {
  const { tsImport } = await import('tsx/esm/api');
  return tsImport(pathToFileURL(path).href, import.meta.url);
}

/**
 * The default export when it is a function. A `.cjs` (or TypeScript compiled to CommonJS) app
 * arrives as `module.exports`, whose `default` may be the function.
 */
function defaultApp(module: unknown): EnvironmentApp | undefined {
  const d = (module as { default?: unknown } | null)?.default;
  if (typeof d === 'function') return d as EnvironmentApp;
  const inner = (d as { default?: unknown } | null | undefined)?.default;
  return typeof inner === 'function' ? (inner as EnvironmentApp) : undefined;
}

/** What the module exports instead, in words. */
function describeExport(module: unknown): string {
  const names = Object.keys((module ?? {}) as object).filter((k) => k !== 'default');
  const d = (module as { default?: unknown } | null)?.default;
  if (d !== undefined) return `its default export is ${d === null ? 'null' : typeof d}, not a function`;
  return names.length > 0 ? `no default export (it exports ${names.join(', ')})` : 'no default export';
}

/**
 * One line for an error thrown while loading or running the app, and the user's position: a
 * compile error (tsx's esbuild) names it in its `file:line:col: ERROR: message`; else the first user frame.
 */
export function explain(e: unknown, cwd: string): { message: string; at?: SourcePosition } {
  const err = e instanceof Error ? e : undefined;
  const text = err ? err.message : String(e);
  const compile = /^(.+):(\d+):(\d+): ERROR: (.*)$/m.exec(text);
  if (compile && err?.name === 'TransformError') {
    // esbuild's columns count from 0; diagnostics' from 1.
    const at = userFrame(`    at ${compile[1]}:${compile[2]}:${Number(compile[3]) + 1}`, cwd);
    return { message: oneLine(compile[4] ?? text), ...(at ? { at } : {}) };
  }
  const at = err?.stack ? userFrame(err.stack, cwd) : undefined;
  const named = err && err.name !== 'Error' ? `${err.name}: ${text}` : text;
  return { message: oneLine(named), ...(at ? { at } : {}) };
}

/** Newlines and runs of spaces folded: a diagnostic is one line. */
function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
