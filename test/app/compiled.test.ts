/**
 * A compiled JavaScript app needs no tsx: with tsx's API replaced by a counting stand-in, an `.mjs` app importing the
 * compiled constructs (as a project importing the installed package does) loads, runs and declares
 * its objects, at its `.mjs` lines, and tsx is never imported. The TypeScript case beside it proves
 * the stand-in is the module the loader would import.
 */
import { afterAll, describe, expect, it, vi } from 'vitest';
import { loadApp } from '../../src/manifest/app-loader.js';
import { loadEnvironment } from '../../src/manifest/load.js';
import { formatDiagnostic } from '../../src/model/diagnostics.js';
import { docs, environmentYaml } from '../cli/harness.js';
import { appSource, compiledConstructs, OFFLINE_ENV, project } from './helpers.js';

/** How often the loader imported tsx's API (the mock stands in for it and counts). */
const tsx = vi.hoisted(() => ({ imports: 0 }));
vi.mock('tsx/esm/api', () => {
  tsx.imports++;
  return {
    // No stack: the failure is the module's, not at a line of this file.
    tsImport: () => Promise.reject(Object.assign(new Error('tsx is not available here'), { stack: '' })),
  };
});

const compiled = compiledConstructs();
const p = project();
const { dir, write } = p;
afterAll(() => {
  compiled.remove();
  p.remove();
});
write('environments/test/environment.yaml', environmentYaml('test'));
write('environments/test/resources.yaml', docs('kind: Department\nname: Sales'));

describe('a compiled app', () => {
  it('loads without tsx and declares its objects at its .mjs lines', async () => {
    write('main.mjs', appSource(['Team'], ['export default function (environment) {', "  new Team(environment, 'Automation', { spec: { department: 'Sales' } });", '}'], compiled.index));
    const loaded = await loadApp('main.mjs', dir);
    expect(loaded.diagnostics.map(formatDiagnostic)).toEqual([]);
    expect(tsx.imports).toBe(0);
    const { state, diagnostics } = await loadEnvironment({ env: 'test', cwd: dir, mode: 'validate', processEnv: OFFLINE_ENV, app: loaded.app });
    expect(diagnostics.map(formatDiagnostic)).toEqual([]);
    expect(state?.objects.find((o) => o.address === 'team/Automation')).toMatchObject({
      source: { file: 'main.mjs', line: 3, column: 3 },
      origin: 'app/test/Automation',
      dependsOn: ['department/Sales'],
    });
  });

  it('while a TypeScript app, which does need tsx, cannot load here', async () => {
    write('main.ts', 'export default function (): void {}\n');
    expect((await loadApp('main.ts', dir)).diagnostics.map(formatDiagnostic)).toEqual(['main.ts: cannot load the app: tsx is not available here']);
    expect(tsx.imports).toBe(1);
  });
});
