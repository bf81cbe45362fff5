/**
 * `halo-iac synth --app` and cdktf's entry: the code-defined objects become null_resources beside
 * the YAML ones, and cdktf.json's app command (run here as `cdktf synth` runs it, with
 * CDKTF_OUTDIR) writes the same stacks where cdktf asks. Also: importing main.ts synthesizes
 * nothing, tsx is never a static import, and the commands' help says where --app applies.
 */
import { spawn } from 'node:child_process';
import { cpSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/main.js';
import { captureIo } from '../../src/cli/output.js';
import { run as synth } from '../../src/cli/synth.js';
import { docs, environmentYaml } from '../cli/harness.js';
import { appSource, projectPerTest, root } from './helpers.js';

/** The logical ids of a stack's null_resources, sorted. */
function resources(outdir: string, stack: string): string[] {
  const json = JSON.parse(readFileSync(join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8')) as { resource: { null_resource: Record<string, unknown> } };
  return Object.keys(json.resource.null_resource).sort();
}

const p = projectPerTest();

describe('halo-iac synth --app', () => {
  it('synthesizes the code-defined objects of each environment beside its YAML ones', async () => {
    for (const name of ['alpha', 'beta']) {
      p.write(`environments/${name}/environment.yaml`, environmentYaml(name));
      p.write(`environments/${name}/teams.yaml`, docs('kind: Team\nname: Service Desk'));
    }
    p.write('main.ts', appSource(['defineApp', 'Team'], ['export default defineApp((environment) => {', "  if (environment.config.name === 'beta') new Team(environment, 'Automation');", '});']));
    expect(await synth({ app: 'main.ts', out: 'tf' }, [], captureIo({ cwd: p.dir, env: {} }))).toBe(0);
    expect(resources(join(p.dir, 'tf'), 'alpha')).toEqual([expect.stringMatching(/^team_Service_Desk_/)]);
    expect(resources(join(p.dir, 'tf'), 'beta')).toEqual(['team_Automation', expect.stringMatching(/^team_Service_Desk_/)]);
  });
});

describe("cdktf's entry (cdktf.json)", () => {
  it('runs cdktf-main.ts, which writes every stack with main.ts\'s objects into CDKTF_OUTDIR', async () => {
    const cdktf = JSON.parse(readFileSync(join(root, 'cdktf.json'), 'utf8')) as { app: string };
    expect(cdktf.app).toBe('npx tsx cdktf-main.ts');
    // The two shipped environments main.ts treats differently, copied into a project of their own:
    // an environment of the user's own under the repository's environments/ is not this test's business.
    for (const e of ['rewst', 'moovila']) cpSync(join(root, 'environments', e), join(p.dir, 'project/environments', e), { recursive: true });
    // `npx tsx cdktf-main.ts` without npx: the same tsx, as a loader of this Node.
    const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), join(root, 'cdktf-main.ts')], {
      cwd: join(p.dir, 'project'),
      env: { ...process.env, CDKTF_OUTDIR: p.dir, HALO_IAC_CACHE_DIR: join(p.dir, '.cache') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.resume();
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(0);
    expect(stdout.split('\n').filter((l) => l.startsWith('Synthesized stack ')).map((l) => l.split(' ')[2])).toEqual(['moovila', 'rewst']);
    expect(resources(p.dir, 'rewst')).toContainEqual('team_Automation');
    expect(resources(p.dir, 'moovila')).not.toContainEqual('team_Automation');
  });

  it('main.ts only exports its app: importing it declares and writes nothing', async () => {
    const before = new Set(readdirSync(root));
    const module = (await import('../../main.js')) as { default: unknown };
    expect(typeof module.default).toBe('function');
    expect(readdirSync(root).filter((f) => !before.has(f))).toEqual([]);
  });
});

describe('where --app applies', () => {
  /** Every .ts file under `folder`. */
  const tsFiles = (folder: string): string[] =>
    readdirSync(folder, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.ts'))
      .map((f) => join(folder, f));

  it('tsx is imported only by the app loader, and only dynamically (other runs never load it)', () => {
    const importers = [...tsFiles(join(root, 'src')), ...tsFiles(join(root, 'constructs'))].filter((f) => /from ['"]tsx|import ['"]tsx|import\(['"]tsx/.test(readFileSync(f, 'utf8')));
    expect(importers.map((f) => f.slice(root.length))).toEqual(['src/manifest/app-loader.ts']);
    const text = readFileSync(join(root, 'src/manifest/app-loader.ts'), 'utf8');
    expect(text).not.toMatch(/^import .*['"]tsx/m);
    expect(text).toContain("await import('tsx/esm/api')");
  });

  it('validate, plan, apply, doctor and synth take --app; export says it does not apply', () => {
    const program = buildProgram();
    const withApp = program.commands.filter((c) => c.options.some((o) => o.long === '--app')).map((c) => c.name());
    expect(withApp).toEqual(['validate', 'plan', 'doctor', 'apply', 'synth']);
    const exportCommand = program.commands.find((c) => c.name() === 'export');
    let help = '';
    exportCommand?.configureOutput({ writeOut: (s) => (help += s) });
    exportCommand?.outputHelp();
    expect(help).toContain('--app does not apply to export');
  });
});
