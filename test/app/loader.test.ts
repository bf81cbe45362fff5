/**
 * Loading an app file (`--app FILE`): TypeScript through tsx, the contract (a default export that is
 * a function), and every way it can fail, each one diagnostic on one line at the user's position.
 */
import { describe, expect, it } from 'vitest';
import { loadApp } from '../../src/manifest/app-loader.js';
import { formatDiagnostic } from '../../src/model/diagnostics.js';
import { appSource, projectPerTest } from './helpers.js';

const p = projectPerTest();

/** Writes `file` and loads it; the formatted diagnostics and whether an app came back. */
async function load(file: string, text: string): Promise<{ lines: string[]; loaded: boolean }> {
  p.write(file, text);
  const r = await loadApp(file, p.dir);
  return { lines: r.diagnostics.map(formatDiagnostic), loaded: r.app !== undefined };
}

describe('loadApp', () => {
  it('imports a TypeScript app through tsx and hands back its default export', async () => {
    p.write('main.ts', appSource(['defineApp', 'type Environment'], ['export default defineApp((e: Environment) => {', '  (e as unknown as { visited: string }).visited = e.config.name;', '});']));
    const r = await loadApp('main.ts', p.dir);
    expect(r.diagnostics).toEqual([]);
    expect(r.app?.file).toBe('main.ts');
    const environment = { config: { name: 'rewst' } } as unknown as Parameters<NonNullable<typeof r.app>['run']>[0];
    await r.app?.run(environment);
    expect((environment as unknown as { visited: string }).visited).toBe('rewst');
  });

  it('takes a CommonJS app (module.exports is the function)', async () => {
    expect(await load('main.cjs', 'module.exports = function (environment) { return environment; };\n')).toEqual({ lines: [], loaded: true });
  });

  it('takes TypeScript compiled to CommonJS (exports.default is the function)', async () => {
    expect(await load('main.cjs', 'Object.defineProperty(exports, "__esModule", { value: true });\nexports.default = function () {};\n')).toEqual({ lines: [], loaded: true });
  });

  it('refuses a file that is missing, and one that is neither TypeScript nor JavaScript', async () => {
    expect((await loadApp('nope.ts', p.dir)).diagnostics.map(formatDiagnostic)).toEqual(['--app nope.ts: file not found']);
    expect(await load('main.py', 'print(1)\n')).toEqual({
      lines: ['--app main.py: expected a TypeScript (.ts, .mts, .cts) or JavaScript (.js, .mjs, .cjs) file'],
      loaded: false,
    });
  });

  it('refuses a module without the contract, saying what it exports instead', async () => {
    const contract = 'expected export default function (environment: Environment) { ... } (README "Code-defined objects (--app)")';
    expect(await load('named.ts', 'export function setup(): void {}\n')).toEqual({ lines: [`named.ts does not export an app: no default export (it exports setup); ${contract}`], loaded: false });
    expect(await load('object.ts', 'export default { teams: [] };\n')).toEqual({ lines: [`object.ts does not export an app: its default export is object, not a function; ${contract}`], loaded: false });
  });

  it('reports a TypeScript syntax error at its line and column, on one line', async () => {
    expect(await load('main.ts', 'export default function (): void {\n  const x = ;\n}\n')).toEqual({ lines: ['main.ts:2:13: cannot load the app: Unexpected ";"'], loaded: false });
  });

  it('reports an app that throws while it is imported at the throw, in the .ts source', async () => {
    expect(await load('main.ts', 'const ready: boolean = false;\nif (!ready) {\n  throw new TypeError("not configured");\n}\nexport default function (): void {}\n')).toEqual({
      lines: ['main.ts:3:9: cannot load the app: TypeError: not configured'],
      loaded: false,
    });
  });

  it('reports an import that does not resolve as one line naming the file', async () => {
    const r = await load('main.ts', "import './missing.js';\nexport default function (): void {}\n");
    expect(r.loaded).toBe(false);
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0]).toMatch(/^main\.ts: cannot load the app: Cannot find module '.*missing\.js' imported from .*main\.ts$/);
  });
});
