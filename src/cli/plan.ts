/**
 * `halo-iac plan`: read the live tenant through a read-only client, diff it against the
 * manifests, print the plan (text, markdown or json) and optionally save it for apply.
 * Exit codes (design.md §3): 0 success (with --detailed-exitcode: no changes), 1 error or
 * refused changes, 2 changes present (--detailed-exitcode only).
 */
import { findPendingRecords, findStrandedRecords, pendingNotices, plan as buildPlan, readLive, sealPlan, type LiveSnapshot, type PendingNotice, type PlanOptions } from '../engine/index.js';
import { entryDiagnostics, type Plan } from '../model/plan.js';
import { annotatePlan } from '../manifest/app-objects.js';
import { readOnly } from '../halo/index.js';
import type { DesiredState } from '../model/desired.js';
import type { Diagnostic } from '../model/diagnostics.js';
import { distinctWarnings, refusedSentence, renderPlan, renderStoppedMarkdown, type PlanFormat } from '../render/index.js';
import { palette } from '../render/colour.js';
import { isEmptyPlan } from '../render/changes.js';
import { toolVersion } from '../version.js';
import { connect, flagOptions } from './connect.js';
import { processIo, type Io } from './output.js';
import { withoutHidden, writePlanFile } from './plan-file.js';
import { stderrProgress, type Progress } from './progress.js';
import { execute, stoppedJson, textLines, type CommandResult, type Printer, type Run } from './result.js';
import { envSelection, loadState, num, str, strs } from './session.js';
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
  const envDir = dirname(state.environment.file);
  return [...pendingNotices(await findPendingRecords(state.objects, envDir)), ...(await findStrandedRecords(state.objects, envDir))];
}

/** Reads the live tenant and plans; the client is read-only here by construction. */
export async function planEnvironment(state: DesiredState, flags: PlanFlags, progress: Progress, env: NodeJS.ProcessEnv = process.env): Promise<Plan> {
  const pending = await readPendingSecrets(state);
  const client = connect(state.environment, flagOptions(flags, progress, env));
  const live = await readLive(state, readOnly(client), (e) => progress.onEngine(e));
  progress.readsDone();
  return planFrom(state, live, flags, pending, env);
}

/** The plan of the manifests against a live snapshot; its problems with code-defined objects name their construct paths. */
export function planFrom(
  state: DesiredState,
  live: LiveSnapshot,
  flags: PlanFlags & { batchSize?: unknown },
  pending: readonly PendingNotice[],
  env: NodeJS.ProcessEnv = process.env,
): Plan {
  return annotatePlan(buildPlan(state, live, planOptions(state, flags, pending, env)), state);
}

/** The engine's plan options from CLI flags: deletes need the flag AND policy.allowDelete; secret sources are read from `env`. */
export function planOptions(state: DesiredState, flags: PlanFlags & { batchSize?: unknown }, pending: readonly PendingNotice[] = [], env: NodeJS.ProcessEnv = process.env): PlanOptions {
  return {
    secretEnv: env,
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
 * Reports a plan's warnings (each distinct one once: the only place a text plan shows them) and
 * its refusals as diagnostics, then notes that nothing can be applied. The text plan shows the
 * refusals on stdout too, after its body.
 */
export function reportPlan(run: Run<unknown>, plan: Plan): void {
  const diagnostics: Diagnostic[] = [...entryDiagnostics(distinctWarnings(plan.warnings), 'warning'), ...entryDiagnostics(plan.errors, 'error')];
  run.report(diagnostics);
  if (plan.errors.length > 0) run.printer.note(`Error: ${refusedSentence(plan.errors.length)}`);
}

/** What plan produced. */
export interface PlanResult {
  plan: Plan;
}

/** Plans the environment; the plan is the result, its warnings and refusals the diagnostics. */
export async function planCommand(options: Record<string, unknown>, io: Io, run: Run<PlanResult>): Promise<CommandResult<PlanResult>> {
  const state = await loadState(envSelection(options), io, run);
  if (!state) return run.finish(1);
  const format = (str(options.format) ?? 'text') as PlanFormat;
  // Sealed with its digest: the JSON on stdout and the saved file are the same document.
  const plan = withoutHidden(sealPlan(await planEnvironment(state, options, stderrProgress(io), io.env)), io.hidden?.() ?? []);
  // The plan document comes first on stdout; its warnings and refusals follow on stderr.
  run.printer.show(renderPlan(plan, format, { palette: palette(io.stdoutIsTTY, io.env) }));
  reportPlan(run, plan);
  if (plan.errors.length > 0) return run.finish(1, { plan });
  const out = str(options.out);
  if (out) {
    writePlanFile(resolve(io.cwd, out), plan);
    const app = str(options.app) ? ` --app ${str(options.app)}` : '';
    run.printer.note(`Saved the plan to ${out}. To apply exactly this plan: halo-iac apply ${str(options.env) ? `-e ${str(options.env)}` : `--config ${str(options.config)}`}${app} ${out}`);
  }
  const code = options.detailedExitcode === true && !isEmptyPlan(plan) ? 2 : 0;
  return run.finish(code, { plan });
}

/**
 * Every format prints the plan document on stdout (text, markdown or JSON: the JSON plan carries
 * its errors and warnings itself) and the diagnostics on stderr. A run that stops before it has a
 * plan still prints one document in markdown and JSON (the PR comment, the `jq` input): what
 * failed and why; text has its diagnostics on stderr and nothing on stdout.
 */
export function planPrinter(io: Io, format: PlanFormat, command: string, environment?: string): Printer<PlanResult> {
  return {
    ...textLines(io),
    done(outcome) {
      if (outcome.result) return;
      if (format === 'json') io.out(stoppedJson(outcome, command));
      else if (format === 'markdown') io.out(renderStoppedMarkdown({ command, environment, code: outcome.code, diagnostics: outcome.diagnostics }));
    },
  };
}

/** Entry point (see main.ts for the options). */
export async function run(options: Record<string, unknown>, _args: string[], io: Io = processIo()): Promise<number> {
  return execute(planPrinter(io, (str(options.format) ?? 'text') as PlanFormat, 'plan', str(options.env)), (r) => planCommand(options, io, r));
}
