/**
 * `halo-iac plan`: read the live tenant through a read-only client, diff it against the
 * manifests, print the plan (text, markdown or json) and optionally save it for apply.
 * Exit codes (design.md §3): 0 success (with --detailed-exitcode: no changes), 1 error or
 * refused changes, 2 changes present (--detailed-exitcode only).
 */
import { findPendingRecords, pendingNotices, plan as buildPlan, readLive, type PendingNotice, type PlanOptions } from '../engine/index.js';
import type { Plan } from '../model/plan.js';
import { readOnly } from '../halo/index.js';
import type { DesiredState } from '../model/desired.js';
import { errorLines, renderPlan, warningLines, type PlanFormat } from '../render/index.js';
import { palette, plain } from '../render/colour.js';
import { isEmptyPlan } from '../render/changes.js';
import { toolVersion } from '../version.js';
import { connect, flagOptions } from './connect.js';
import { processIo, type Io } from './output.js';
import { writePlanFile } from './plan-file.js';
import { stderrProgress, type Progress } from './progress.js';
import { envSelection, guarded, loadState, num, str, strs } from './session.js';
import { dirname, resolve } from 'node:path';

/** Flags that shape a plan, shared by plan and apply. */
export interface PlanFlags {
  target?: unknown;
  allowDelete?: unknown;
  forceDeletes?: unknown;
  allowLockout?: unknown;
  insecure?: unknown;
  /** --timeout and --deadline, in ms (main.ts parses them). */
  timeout?: unknown;
  deadline?: unknown;
}

/**
 * The pending secret records of the declared applications' sinks, for plan() (which is pure and
 * reads no files). Reading them is all plan does with them: no token is tried, nothing is removed.
 */
export async function readPendingSecrets(state: DesiredState): Promise<PendingNotice[]> {
  return pendingNotices(await findPendingRecords(state.objects, dirname(state.environment.file)));
}

/** Reads the live tenant and plans; the client is read-only here by construction. */
export async function planEnvironment(state: DesiredState, flags: PlanFlags, progress: Progress, env: NodeJS.ProcessEnv = process.env): Promise<Plan> {
  const pending = await readPendingSecrets(state);
  const client = connect(state.environment, flagOptions(flags, progress, env));
  const live = await readLive(state, readOnly(client), (e) => progress.onEngine(e));
  progress.readsDone();
  return buildPlan(state, live, planOptions(state, flags, pending));
}

/** The engine's plan options from CLI flags: deletes need the flag AND policy.allowDelete. */
export function planOptions(state: DesiredState, flags: PlanFlags & { batchSize?: unknown }, pending: readonly PendingNotice[] = []): PlanOptions {
  return {
    pending,
    toolVersion: toolVersion(),
    targets: strs(flags.target),
    allowDelete: flags.allowDelete === true && state.environment.policy.allowDelete,
    forceDeletes: flags.forceDeletes === true,
    allowLockout: flags.allowLockout === true,
    clientId: state.environment.connection.clientId,
    batchSize: num(flags.batchSize, 50),
    // plan() is pure and never reads the clock: the plan's created_at is stamped here.
    now: new Date(),
  };
}

/**
 * Prints refused changes on stderr, one `file:line:col: message` per line (the renderer formats
 * them). The text plan shows them on stdout too, after its body.
 */
export function printPlanErrors(io: Io, plan: Plan): void {
  for (const line of errorLines(plan.errors, plain, 'diagnostics')) io.err(`${line}\n`);
}

/** Prints the plan's warnings on stderr, each once: the only place a text plan shows them. */
export function printPlanWarnings(io: Io, plan: Plan): void {
  for (const line of warningLines(plan.warnings)) io.err(`${line}\n`);
}

/** Entry point (see main.ts for the options). */
export async function run(options: Record<string, unknown>, _args: string[], io: Io = processIo()): Promise<number> {
  return guarded(io, async () => {
    const state = await loadState(envSelection(options), io, 'plan', false);
    if (!state) return 1;
    const format = (str(options.format) ?? 'text') as PlanFormat;
    const plan = await planEnvironment(state, options, stderrProgress(io), io.env);
    io.out(renderPlan(plan, format, { palette: palette(io.stdoutIsTTY, io.env) }));
    printPlanWarnings(io, plan);
    if (plan.errors.length > 0) {
      printPlanErrors(io, plan);
      return 1;
    }
    const out = str(options.out);
    if (out) {
      writePlanFile(resolve(io.cwd, out), plan);
      io.err(`Saved the plan to ${out}. To apply exactly this plan: halo-iac apply ${str(options.env) ? `-e ${str(options.env)}` : `--config ${str(options.config)}`} ${out}\n`);
    }
    if (options.detailedExitcode === true) return isEmptyPlan(plan) ? 0 : 2;
    return 0;
  });
}
