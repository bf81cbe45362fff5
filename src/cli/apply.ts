/**
 * `halo-iac apply [FILE]`: converge the tenant. With FILE, applies exactly that saved plan after
 * checking every object it touches is unchanged since (else `Saved plan is stale`, exit 1);
 * without, plans afresh. Asks for `yes` unless --auto-approve, and refuses without a terminal.
 * After apply the engine re-plans; anything left over is a failure (design.md §3).
 */
import { dirname, resolve } from 'node:path';
import { apply as applyPlan, compareSavedPlan, findStale, readLive, staleReferences, tokenChecker, type LiveSnapshot, type PlanDifference } from '../engine/index.js';
import type { Plan } from '../model/plan.js';
import { readOnly } from '../halo/index.js';
import type { DesiredState } from '../model/desired.js';
import { runtimeError, warning } from '../model/diagnostics.js';
import { isEmptyPlan, NO_CHANGES, pendingSecrets, summaryLine, visibleChanges } from '../render/changes.js';
import { palette } from '../render/colour.js';
import { renderText } from '../render/text.js';
import type { HaloWriter } from '../halo/types.js';
import { acquireApplyLock } from './apply-lock.js';
import { cacheDirectory, connect, flagOptions } from './connect.js';
import { processIo, type Io } from './output.js';
import { readPlanFile, withoutHidden } from './plan-file.js';
import { planFrom, readPendingSecrets, reportPlan } from './plan.js';
import { reportInterrupts } from './interrupt.js';
import { stderrProgress, type Progress } from './progress.js';
import { execute, jsonDiagnostic, jsonLines, oneLine, textLines, type CommandResult, type Printer, type Run } from './result.js';
import { envSelection, loadState, num, str, strs } from './session.js';
import { toolVersion } from '../version.js';

/** How long apply waits for another apply to the same tenant on this machine (`--lock-timeout`). */
export const DEFAULT_LOCK_WAIT_MS = 10_000;

/** The question asked before applying (Terraform's wording). */
export const CONFIRM_QUESTION = "Do you want to perform these actions? Only 'yes' will be accepted: ";

/** Apply outcome as printed by `--format json`. */
export interface ApplyOutput {
  ok: boolean;
  added: number;
  changed: number;
  destroyed: number;
  failed: { address: string; message: string }[];
  /** Addresses still different after apply (empty on success). */
  remaining: string[];
}

/** What apply did: its output, and whether there was nothing to do. */
export interface ApplyResult {
  output: ApplyOutput;
  /** Nothing to do: text prints `No changes...`. */
  noChanges: boolean;
}

/** A plan, the live snapshot it was checked against, and how many secret deliveries are pending now. */
interface Planned {
  plan: Plan;
  live: LiveSnapshot;
  pending: number;
}

const output = (ok: boolean, o: Omit<ApplyOutput, 'ok'>): ApplyOutput => ({ ok, ...o });
const NOTHING = { added: 0, changed: 0, destroyed: 0, failed: [], remaining: [] };

/** Applies the environment (or a saved plan); every problem is a diagnostic of the run. */
export async function applyCommand(options: Record<string, unknown>, args: string[], io: Io, run: Run<ApplyResult>): Promise<CommandResult<ApplyResult>> {
  const state = await loadState(envSelection(options), io, run);
  if (!state) return run.finish(1);
  const progress = stderrProgress(io);
  const client = connect(state.environment, flagOptions(options, progress, io.env));
  const file = args[0];
  if (file && strs(options.target).length > 0) {
    return run.fail(runtimeError('--target cannot be combined with a saved plan: its targets were fixed when it was made (plan --target ... --out FILE).'));
  }
  // Held from before the plan is made: an apply that waited must plan against what the other wrote.
  const lock = await acquireApplyLock(cacheDirectory(io.env), state.environment, num(options.lockTimeout, DEFAULT_LOCK_WAIT_MS), (m) => run.report(warning(m)), (m) => io.err(`${m}\n`));
  try {
    return await applyLocked(state, client, file, options, io, run, progress);
  } finally {
    await lock.release();
  }
}

/** applyCommand once the tenant's apply lock is held. */
async function applyLocked(
  state: DesiredState,
  client: HaloWriter,
  file: string | undefined,
  options: Record<string, unknown>,
  io: Io,
  run: Run<ApplyResult>,
  progress: Progress,
): Promise<CommandResult<ApplyResult>> {
  const json = str(options.format) === 'json';
  const planned = file ? await checkedSavedPlan(resolve(io.cwd, file), file, state, client, options, progress, run, io.env, io.hidden?.() ?? []) : await freshPlan(state, client, options, progress, io.env);
  if (!planned) return run.finish(1);
  const { plan, live, pending } = planned;
  reportPlan(run, plan);
  if (plan.errors.length > 0) return run.finish(1);
  // A saved plan may predate a pending secret (a crash since): finishing it is work to do.
  if (isEmptyPlan(plan) && pending === 0) return run.finish(0, { output: output(true, NOTHING), noChanges: true });
  // A saved plan was reviewed when it was made (Terraform does not re-print it either).
  if (file) run.printer.show(`Applying the saved plan ${file}: ${summaryLine(plan)}\n`);
  else run.printer.show(renderText(plan, { palette: palette(!json && io.stdoutIsTTY, io.env) }));
  const autoApprove = options.autoApprove === true;
  if (!autoApprove && !(await confirmed(io, json, run))) return run.finish(1);
  // Ctrl-C from here on says what was done and how to finish (interrupt.ts).
  const releaseInterrupts = reportInterrupts(io, progress);
  const outcome = await applyPlan(plan, state, client, {
    // The tenant was read a moment ago; after a human confirmation minutes may have passed, so read again.
    live: autoApprove ? live : undefined,
    batchSize: num(options.batchSize, 50),
    parallelism: num(options.parallelism, 4),
    envDir: dirname(state.environment.file),
    onEvent: (e) => progress.onEngine(e),
    verifySecret: tokenChecker(state.environment, { insecure: options.insecure === true }),
    secretEnv: io.env,
  }).finally(releaseInterrupts);
  progress.readsDone();
  // A secret delivery left pending is a change that remains, like any other (issue 9 §3).
  const left = [
    ...visibleChanges(outcome.remaining).map((rc) => ({ address: rc.address, line: rc.address })),
    ...pendingSecrets(outcome.remaining).map((ps) => ({ address: ps.address, line: `${ps.address} (secret delivery pending: ${ps.file})` })),
  ];
  const remaining = left.map((l) => l.address);
  const ok = outcome.failed.length === 0 && remaining.length === 0;
  for (const f of outcome.failed) run.report({ ...runtimeError(`${f.address}: ${f.message}`), address: f.address });
  if (remaining.length > 0) {
    const n = remaining.length;
    run.report(runtimeError(`after apply, ${n} change${n === 1 ? '' : 's'} remain${n === 1 ? 's' : ''} (Halo did not converge):`, left.map((l) => `  ${l.line}`).join('\n')));
  }
  const counts = { added: outcome.added, changed: outcome.changed, destroyed: outcome.destroyed, failed: outcome.failed, remaining };
  return run.finish(ok ? 0 : 1, { output: output(ok, counts), noChanges: false });
}

async function freshPlan(state: DesiredState, client: HaloWriter, options: Record<string, unknown>, progress: Progress, env: NodeJS.ProcessEnv): Promise<Planned> {
  const pending = await readPendingSecrets(state);
  const live = await readLive(state, readOnly(client), (e) => progress.onEngine(e), { parallelism: num(options.parallelism, 4) });
  progress.readsDone();
  const plan = planFrom(state, live, options, pending, env);
  return { plan, live, pending: pendingSecrets(plan).length };
}

/** A refusal naming what it is about (`  address: why`), and what to do. */
function listRefusal(headline: string, lines: readonly PlanDifference[]) {
  return runtimeError(`${headline}:`, [...lines.map((l) => `  ${l.address}: ${l.why}`), 'Run halo-iac plan again and review the new plan.'].join('\n'));
}

function count(n: number): string {
  return `${n} object${n === 1 ? '' : 's'}`;
}

/** A refusal when a saved plan was made for another environment, tenant or halo-iac version. */
function provenanceRefusal(saved: Plan, shown: string, state: DesiredState) {
  const env = state.environment;
  const sameTarget =
    saved.target.url.replace(/\/+$/, '') === env.connection.url.replace(/\/+$/, '') && (saved.target.tenant ?? '') === (env.connection.tenant ?? '');
  if (saved.environment !== env.name || !sameTarget) {
    const where = (url: string, tenant?: string) => (tenant ? `${url}, tenant ${tenant}` : url);
    return runtimeError(`${shown} was planned for environment "${saved.environment}" (${where(saved.target.url, saved.target.tenant)}), not "${env.name}" (${where(env.connection.url, env.connection.tenant)})`);
  }
  // Request bodies come from this version's code: a plan made by another could say something else.
  if (saved.tool_version !== toolVersion()) {
    return runtimeError(`${shown} was made by halo-iac ${saved.tool_version}; this is halo-iac ${toolVersion()}, whose requests may differ. Make a new plan with this version.`);
  }
  return undefined;
}

/**
 * Loads a saved plan and refuses it when it was changed, belongs elsewhere, or a fresh plan of the
 * same manifests and tenant differs from it in any entry (saved-plan.ts).
 */
async function checkedSavedPlan(
  path: string,
  shown: string,
  state: DesiredState,
  client: HaloWriter,
  options: Record<string, unknown>,
  progress: Progress,
  run: Run<ApplyResult>,
  secretEnv: NodeJS.ProcessEnv,
  hidden: readonly string[],
): Promise<Planned | undefined> {
  const saved = readPlanFile(path, shown);
  const provenance = provenanceRefusal(saved, shown, state);
  if (provenance) {
    run.report(provenance);
    return undefined;
  }
  const pending = await readPendingSecrets(state);
  const live = await readLive(state, readOnly(client), (e) => progress.onEngine(e), { parallelism: num(options.parallelism, 4) });
  progress.readsDone();
  // The fresh plan covers what the saved one covered: the same --target addresses, if any.
  // Masked as the saved file was when it was written (plan-file.ts), so a live name that happens
  // to hold a hidden value reads the same in both.
  const fresh = withoutHidden(planFrom(state, live, { ...options, target: saved.targets ?? [] }, pending, secretEnv), hidden);
  // Guards must still allow it today (deletes need --allow-delete on apply too); checked first,
  // because a change a guard refuses drops out of the fresh plan and would look like an edit.
  if (fresh.errors.length > 0) {
    reportPlan(run, { ...fresh, warnings: [] });
    return undefined;
  }
  const declared = new Set(state.objects.map((o) => o.address));
  const forged = new Map<string, string>();
  const differences = compareSavedPlan(saved, fresh, {
    stale: findStale(saved, live, forged),
    forged,
    declared: (address) => declared.has(address),
    drift: staleReferences(live),
  });
  // Apply builds its requests from the manifests, so they must still say what was reviewed;
  // Halo must not have moved; and nothing else may differ (the file changed, its digest recomputed).
  const { edited, stale, modified } = differences;
  if (edited.length > 0) run.report(listRefusal(`Saved plan does not match the manifests: ${count(edited.length)} edited since ${shown} was made`, edited));
  else if (stale.length > 0) run.report(listRefusal(`Saved plan is stale: ${count(stale.length)} changed in Halo since ${shown} was made`, stale));
  else if (modified.length > 0) {
    const n = modified.filter((m) => m.address.includes('/')).length;
    const what = n === 0 ? 'it differs' : n === 1 ? '1 object differs' : `${n} objects differ`;
    run.report(listRefusal(`Saved plan was modified after it was made: ${what} from a fresh plan of the same manifests and tenant`, modified));
  } else return { plan: saved, live, pending: pendingSecrets(fresh).length };
  return undefined;
}

/** Asks for `yes` on a terminal; without one, refuses (CI must pass --auto-approve). */
async function confirmed(io: Io, json: boolean, run: Run<ApplyResult>): Promise<boolean> {
  if (!io.stdinIsTTY) {
    run.report(runtimeError('refusing to apply without confirmation: no terminal to ask on. Review the plan, then re-run with --auto-approve (e.g. in CI).'));
    return false;
  }
  const answer = await io.ask(`\n${CONFIRM_QUESTION}`, json);
  if (answer === 'yes') return true;
  run.printer.note('Apply cancelled.');
  return false;
}

/** Text: diagnostics on stderr as they come; `No changes.` or `Apply complete!` / `Apply failed!` on stdout. */
function textPrinter(io: Io): Printer<ApplyResult> {
  return {
    ...textLines(io),
    done({ result }) {
      if (!result) return;
      if (result.noChanges) return io.out(`${NO_CHANGES}\n`);
      const o = result.output;
      const counts = `Resources: ${o.added} added, ${o.changed} changed, ${o.destroyed} destroyed.`;
      io.out(o.ok ? `\nApply complete! ${counts}\n` : `\nApply failed! ${counts} ${o.failed.length} failed, ${o.remaining.length} remaining.\n`);
    },
  };
}

/**
 * JSON: one result document on stdout, also when apply stops early (`error`: its first error, on one
 * line); `diagnostics` lists every error and warning when there are any. stderr keeps the text lines.
 */
function jsonPrinter(io: Io): Printer<ApplyResult> {
  return {
    ...jsonLines(io, true),
    done({ diagnostics, result }) {
      const first = diagnostics.find((d) => d.severity === 'error');
      const doc = {
        ...(result?.output ?? output(false, NOTHING)),
        ...(result ? {} : { error: first ? oneLine(first) : 'apply stopped before writing (see stderr)' }),
        ...(diagnostics.length > 0 ? { diagnostics: diagnostics.map(jsonDiagnostic) } : {}),
      };
      io.out(JSON.stringify(doc, null, 2) + '\n');
    },
  };
}

/** Entry point: args[0] is an optional saved plan. */
export async function run(options: Record<string, unknown>, args: string[], io: Io = processIo()): Promise<number> {
  const printer = str(options.format) === 'json' ? jsonPrinter(io) : textPrinter(io);
  return execute(printer, (r) => applyCommand(options, args, io, r));
}
