/**
 * Helpers for the `--app` tests: a CLI workspace (simulator + temp project) that is an ES module
 * package, apps written into it, and a compiled (JavaScript) copy of the constructs for apps that
 * must run without tsx.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterEach, beforeEach } from 'vitest';
import { workspace, type Workspace } from '../cli/harness.js';

/** The repository root. */
export const root = fileURLToPath(new URL('../../', import.meta.url));

/** What a TypeScript app in a workspace imports the constructs from (tsx maps .js to the .ts source). */
export const CONSTRUCTS = join(root, 'constructs/index.js');

/** Connection values for offline runs (validate never connects), so no "is not set" warnings. */
export const OFFLINE_ENV = { HALO_URL: 'http://127.0.0.1:1', HALO_AUTH_URL: 'http://127.0.0.1:1/auth', HALO_CLIENT_ID: 'id', HALO_CLIENT_SECRET: 'secret' };

/** A temp project folder that is an ES module package. */
export interface Project {
  dir: string;
  /** Writes a file under the folder, creating its folders. */
  write(path: string, text: string): void;
  remove(): void;
}

/** A new temp project folder (remove it after the test). */
export function project(): Project {
  const dir = mkdtempSync(join(tmpdir(), 'halo-iac-app-'));
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  write('package.json', '{ "type": "module" }\n');
  return { dir, write, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A fresh project for each test of the calling file (made in beforeEach, removed in afterEach). */
export function projectPerTest(): Omit<Project, 'remove'> {
  let current: Project | undefined;
  beforeEach(() => {
    current = project();
  });
  afterEach(() => current?.remove());
  const now = (): Project => {
    if (!current) throw new Error('projectPerTest: used outside a test');
    return current;
  };
  return {
    get dir() {
      return now().dir;
    },
    write: (path, text) => now().write(path, text),
  };
}

/** A workspace whose folder is an ES module package, as a halo-iac project with a main.ts is. */
export async function appWorkspace(): Promise<Workspace> {
  const ws = await workspace();
  ws.write('package.json', '{ "type": "module" }\n');
  return ws;
}

/**
 * An app file: `lines` joined, after one import line of `names` from the constructs. Line numbers
 * in assertions count from that import (line 1).
 */
export function appSource(names: string[], lines: string[], from = CONSTRUCTS): string {
  return [`import { ${names.join(', ')} } from '${from}';`, ...lines, ''].join('\n');
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? tsFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/**
 * constructs/ and src/model/ (all the constructs import) compiled to JavaScript with TypeScript's
 * transpiler, in a folder under node_modules/ so their npm imports (constructs, ...) resolve. An app
 * importing `index` is a compiled app: nothing of it needs tsx. `remove()` deletes the folder.
 */
export function compiledConstructs(): { index: string; remove: () => void } {
  const cache = join(root, 'node_modules/.cache');
  mkdirSync(cache, { recursive: true });
  const out = mkdtempSync(join(cache, 'halo-iac-app-'));
  for (const file of [...tsFiles(join(root, 'constructs')), ...tsFiles(join(root, 'src/model'))]) {
    const js = ts.transpileModule(readFileSync(file, 'utf8'), { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
    const target = join(out, relative(root, file)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, js);
  }
  writeFileSync(join(out, 'package.json'), '{ "type": "module" }\n');
  return { index: join(out, 'constructs/index.js'), remove: () => rmSync(out, { recursive: true, force: true }) };
}
