/**
 * `halo-iac synth [-e ENV | --config PATH] [--out cdktf.out]`: Terraform JSON (cdktf) with one stack per
 * environment and one null_resource per object (design.md §7). Without -e/--config every environment under
 * environments/ is synthesized. Offline, like validate: unset connection variables only warn. cdktf is
 * imported lazily, so no other command pays for it.
 */
import { join, relative, resolve } from 'node:path';
import { hasErrors } from '../model/diagnostics.js';
import { environmentNames } from '../manifest/environment-folders.js';
import { loadEnvironment } from '../manifest/load.js';
import type { DesiredState } from '../model/desired.js';
import { printDiagnostics, processIo, type Io } from './output.js';

/** Runs the command (in `io.cwd`); returns the exit code. */
export async function run(options: Record<string, unknown>, _args: string[] = [], io: Io = processIo()): Promise<number> {
  const cwd = io.cwd;
  const outdir = resolve(cwd, typeof options.out === 'string' ? options.out : 'cdktf.out');
  const env = typeof options.env === 'string' ? options.env : undefined;
  const config = typeof options.config === 'string' ? options.config : undefined;
  const existing = environmentNames(join(cwd, 'environments'));
  const targets: { env?: string; config?: string }[] = env || config ? [{ env, config }] : existing.map((name) => ({ env: name }));
  if (targets.length === 0) {
    io.err('no environments found (environments/<name>/environment.yaml); use -e NAME or --config PATH\n');
    return 1;
  }

  const states: DesiredState[] = [];
  let failed = false;
  for (const target of targets) {
    const limits = { maxFileSize: typeof options.maxFileSize === 'number' ? options.maxFileSize : undefined };
    const { state, diagnostics } = await loadEnvironment({ ...target, cwd, mode: 'validate', processEnv: io.env, limits });
    printDiagnostics(io, diagnostics);
    if (!state || hasErrors(diagnostics)) failed = true;
    else states.push(state);
  }
  if (failed) return 1;

  const { synthTerraform } = await import('../terraform/index.js');
  const result = synthTerraform(states, { outdir, existingEnvironments: existing });
  const where = relative(cwd, outdir) || '.';
  for (const name of result.stacks) io.out(`Synthesized stack ${name} -> ${where}/stacks/${name}/cdk.tf.json\n`);
  for (const name of result.removed) io.out(`Removed stale stack ${name} (no environments/${name})\n`);
  return 0;
}
