/**
 * The cdktf adapter behind `halo-iac synth` and main.ts: the only module that imports cdktf (so a switch to
 * a CDKTF fork touches one folder, and plan/apply never load it).
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'cdktf';
import type { DesiredState } from '../model/desired.js';
import { EnvironmentStack, stackNameOf } from './stack.js';

export { canonicalJson, EnvironmentStack, logicalIdOf, specHash, stackNameOf } from './stack.js';

/** Options of synthTerraform. */
export interface SynthOptions {
  /** Output folder (cdktf.out). */
  outdir: string;
  /**
   * Environments that still exist: stacks in the out dir for any other name are removed as stale.
   * Stacks synthesized now are always kept.
   */
  existingEnvironments?: string[];
}

/** What synthTerraform wrote and removed. */
export interface SynthResult {
  stacks: string[];
  removed: string[];
}

/** A cdktf App writing into `outdir`, with one EnvironmentStack per desired state. */
export function terraformApp(states: DesiredState[], outdir: string): App {
  const app = new App({ outdir, skipValidation: false });
  for (const state of states) new EnvironmentStack(app, state);
  return app;
}

/** Synthesizes the stacks into `outdir` (offline: provider-null ships prebuilt bindings). */
export function synthTerraform(states: DesiredState[], opts: SynthOptions): SynthResult {
  const app = terraformApp(states, opts.outdir);
  app.synth();
  const stacks = states.map((s) => stackNameOf(s.environment.name));
  const keep = new Set([...stacks, ...(opts.existingEnvironments ?? []).map(stackNameOf)]);
  const removed: string[] = [];
  const dir = join(opts.outdir, 'stacks');
  if (existsSync(dir)) {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory() || keep.has(entry.name)) continue;
      rmSync(join(dir, entry.name), { recursive: true, force: true });
      removed.push(entry.name);
    }
  }
  return { stacks, removed: removed.sort() };
}
