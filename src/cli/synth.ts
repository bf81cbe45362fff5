/**
 * `halo-iac synth [-e ENV | --config PATH] [--out cdktf.out]`: Terraform JSON (cdktf) with one stack per
 * environment and one null_resource per object (design.md §7). Without -e/--config every environment under
 * environments/ is synthesized. Offline, like validate: unset connection variables only warn. cdktf is
 * imported lazily, so no other command pays for it.
 */
import { join, relative, resolve } from 'node:path';
import { error, hasErrors } from '../model/diagnostics.js';
import { environmentNames } from '../manifest/environment-folders.js';
import { loadEnvironment } from '../manifest/load.js';
import type { DesiredState } from '../model/desired.js';
import { processIo, type Io } from './output.js';
import { execute, textLines, type CommandResult, type Printer, type Run } from './result.js';
import { appOf, hideSecretsOf, readLimits, str } from './session.js';

/** What synth wrote. */
export interface SynthResult {
  stacks: string[];
  removed: string[];
  /** The output folder, relative to the working directory. */
  where: string;
}

/** Loads every targeted environment (all of them without -e/--config) and synthesizes their stacks. */
export async function synthCommand(options: Record<string, unknown>, io: Io, run: Run<SynthResult>): Promise<CommandResult<SynthResult>> {
  const cwd = io.cwd;
  const outdir = resolve(cwd, typeof options.out === 'string' ? options.out : 'cdktf.out');
  const env = typeof options.env === 'string' ? options.env : undefined;
  const config = typeof options.config === 'string' ? options.config : undefined;
  const existing = environmentNames(join(cwd, 'environments'));
  const targets: { env?: string; config?: string }[] = env || config ? [{ env, config }] : existing.map((name) => ({ env: name }));
  if (targets.length === 0) return run.fail(error('no environments found (environments/<name>/environment.yaml); use -e NAME or --config PATH'));

  const { ok, app } = await appOf(str(options.app), io, run);
  if (!ok) return run.finish(1);
  const states: DesiredState[] = [];
  let failed = false;
  for (const target of targets) {
    const { state, diagnostics } = await loadEnvironment({ ...target, cwd, mode: 'validate', processEnv: io.env, limits: readLimits(options), app });
    if (state) hideSecretsOf(state, io);
    run.report(diagnostics);
    if (!state || hasErrors(diagnostics)) failed = true;
    else states.push(state);
  }
  if (failed) return run.finish(1);

  const { synthTerraform } = await import('../terraform/index.js');
  const result = synthTerraform(states, { outdir, existingEnvironments: existing });
  return run.finish(0, { stacks: result.stacks, removed: result.removed, where: relative(cwd, outdir) || '.' });
}

/** One line per stack written or removed. */
function textPrinter(io: Io): Printer<SynthResult> {
  return {
    ...textLines(io),
    done({ result }) {
      if (!result) return;
      for (const name of result.stacks) io.out(`Synthesized stack ${name} -> ${result.where}/stacks/${name}/cdk.tf.json\n`);
      for (const name of result.removed) io.out(`Removed stale stack ${name} (no environments/${name})\n`);
    },
  };
}

/** Runs the command (in `io.cwd`); returns the exit code. */
export async function run(options: Record<string, unknown>, _args: string[] = [], io: Io = processIo()): Promise<number> {
  return execute(textPrinter(io), (r) => synthCommand(options, io, r));
}
