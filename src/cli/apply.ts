/**
 * `halo-iac apply [FILE]`: converge the tenant. With FILE, applies exactly that saved plan after
 * checking every object it touches is unchanged since (else `Saved plan is stale`, exit 1);
 * without, plans afresh. Asks for `yes` unless --auto-approve, and refuses without a terminal.
 * After apply the engine re-plans; anything left over is a failure (design.md §3).
 */
import { dirname, resolve } from 'node:path';
import { apply as applyPlan, editedSincePlan, findStale, plannedDifferently, readLive, tokenChecker, type LiveSnapshot } from '../engine/index.js';
import type { Plan } from '../model/plan.js';
import { readOnly } from '../halo/index.js';
import type { DesiredState } from '../model/desired.js';
import { isEmptyPlan, NO_CHANGES, pendingSecrets, summaryLine, visibleChanges } from '../render/changes.js';
import { palette } from '../render/colour.js';
import { renderText } from '../render/text.js';
import { plan as buildPlan } from '../engine/index.js';
import type { HaloWriter } from '../halo/types.js';
import { connect, flagOptions } from './connect.js';
import { processIo, type Io } from './output.js';
import { readPlanFile } from './plan-file.js';
import { planOptions, printPlanErrors, printPlanWarnings, readPendingSecrets } from './plan.js';
import { stderrProgress, type Progress } from './progress.js';
import { envSelection, guarded, loadState, num, str, strs } from './session.js';

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
  /** Why apply stopped early (a refused or stale plan, an unreachable Halo); no secret. */
  error?: string;
}

/**
 * Entry point: args[0] is an optional saved plan. With --format json, stdout always carries one
 * result document, also when apply stops early (the first error line goes into `error`).
 */
export async function run(options: Record<string, unknown>, args: string[], io: Io = processIo()): Promise<number> {
  if (str(options.format) !== 'json') return guarded(io, () => applyCommand(options, args, io));
  let printed = false;
  let firstError: string | undefined;
  let collecting = false;
  const tracked: Io = {
    ...io,
    out: (t) => {
      printed = true;
      io.out(t);
    },
    err: (t) => {
      if (firstError === undefined && /^(Error: |\S+:\d+:\d+: (?!warning: ))/.test(t)) {
        firstError = t.trim().replace(/^Error: /, '');
        collecting = true;
      } else if (collecting && /^ {2}\S/.test(t)) {
        // The indented lines under a refusal are its addresses: keep them in the JSON too.
        firstError += ` ${t.trim()}`;
      } else {
        collecting = false;
      }
      io.err(t);
    },
  };
  const code = await guarded(tracked, () => applyCommand(options, args, tracked));
  if (!printed) io.out(JSON.stringify({ ...result(false, 0, 0, 0, [], []), error: firstError ?? 'apply stopped before writing (see stderr)' }, null, 2) + '\n');
  return code;
}

async function applyCommand(options: Record<string, unknown>, args: string[], io: Io): Promise<number> {
  {
    const json = str(options.format) === 'json';
    const state = await loadState(envSelection(options), io, 'plan', false);
    if (!state) return 1;
    const progress = stderrProgress(io);
    const client = connect(state.environment, flagOptions(options, progress, io.env));
    const file = args[0];
    if (file && strs(options.target).length > 0) {
      io.err('Error: --target cannot be combined with a saved plan: its targets were fixed when it was made (plan --target ... --out FILE).\n');
      return 1;
    }
    const planned = file ? await checkedSavedPlan(resolve(io.cwd, file), file, state, client, options, progress, io) : await freshPlan(state, client, options, progress);
    if (!planned) return 1;
    const { plan, live, pending } = planned;
    printPlanWarnings(io, plan);
    if (plan.errors.length > 0) {
      printPlanErrors(io, plan);
      return 1;
    }
    const show = (t: string) => (json ? io.err(t) : io.out(t));
    // A saved plan may predate a pending secret (a crash since): finishing it is work to do.
    if (isEmptyPlan(plan) && pending === 0) {
      if (json) io.out(JSON.stringify(result(true, 0, 0, 0, [], []), null, 2) + '\n');
      else io.out(`${NO_CHANGES}\n`);
      return 0;
    }
    // A saved plan was reviewed when it was made (Terraform does not re-print it either).
    if (file) show(`Applying the saved plan ${file}: ${summaryLine(plan)}\n`);
    else show(renderText(plan, { palette: palette(!json && io.stdoutIsTTY, io.env) }));
    const autoApprove = options.autoApprove === true;
    if (!autoApprove && !(await confirmed(io, json))) return 1;
    const outcome = await applyPlan(plan, state, client, {
      // The tenant was read a moment ago; after a human confirmation minutes may have passed, so read again.
      live: autoApprove ? live : undefined,
      batchSize: num(options.batchSize, 50),
      parallelism: num(options.parallelism, 4),
      envDir: dirname(state.environment.file),
      onEvent: (e) => progress.onEngine(e),
      verifySecret: tokenChecker(state.environment, { insecure: options.insecure === true }),
    });
    progress.readsDone();
    // A secret delivery left pending is a change that remains, like any other (issue 9 §3).
    const left = [
      ...visibleChanges(outcome.remaining).map((rc) => ({ address: rc.address, line: rc.address })),
      ...pendingSecrets(outcome.remaining).map((ps) => ({ address: ps.address, line: `${ps.address} (secret delivery pending: ${ps.file})` })),
    ];
    const remaining = left.map((l) => l.address);
    const ok = outcome.failed.length === 0 && remaining.length === 0;
    for (const f of outcome.failed) io.err(`Error: ${f.address}: ${f.message}\n`);
    if (remaining.length > 0) {
      io.err(`Error: after apply, ${remaining.length} change${remaining.length === 1 ? '' : 's'} remain${remaining.length === 1 ? 's' : ''} (Halo did not converge):\n`);
      for (const l of left) io.err(`  ${l.line}\n`);
    }
    if (json) {
      io.out(JSON.stringify(result(ok, outcome.added, outcome.changed, outcome.destroyed, outcome.failed, remaining), null, 2) + '\n');
    } else {
      const counts = `Resources: ${outcome.added} added, ${outcome.changed} changed, ${outcome.destroyed} destroyed.`;
      io.out(ok ? `\nApply complete! ${counts}\n` : `\nApply failed! ${counts} ${outcome.failed.length} failed, ${remaining.length} remaining.\n`);
    }
    return ok ? 0 : 1;
  }
}

/** A plan, the live snapshot it was checked against, and how many secret deliveries are pending now. */
interface Planned {
  plan: Plan;
  live: LiveSnapshot;
  pending: number;
}

async function freshPlan(state: DesiredState, client: HaloWriter, options: Record<string, unknown>, progress: Progress): Promise<Planned> {
  const pending = await readPendingSecrets(state);
  const live = await readLive(state, readOnly(client), (e) => progress.onEngine(e), { parallelism: num(options.parallelism, 4) });
  progress.readsDone();
  const plan = buildPlan(state, live, planOptions(state, options, pending));
  return { plan, live, pending: pendingSecrets(plan).length };
}

/** Loads a saved plan and refuses it when it belongs elsewhere or the tenant moved on since. */
async function checkedSavedPlan(
  path: string,
  shown: string,
  state: DesiredState,
  client: HaloWriter,
  options: Record<string, unknown>,
  progress: Progress,
  io: Io,
): Promise<Planned | undefined> {
  const saved = readPlanFile(path);
  const env = state.environment;
  const sameTarget =
    saved.target.url.replace(/\/+$/, '') === env.connection.url.replace(/\/+$/, '') && (saved.target.tenant ?? '') === (env.connection.tenant ?? '');
  if (saved.environment !== env.name || !sameTarget) {
    const where = (url: string, tenant?: string) => (tenant ? `${url}, tenant ${tenant}` : url);
    io.err(`Error: ${shown} was planned for environment "${saved.environment}" (${where(saved.target.url, saved.target.tenant)}), not "${env.name}" (${where(env.connection.url, env.connection.tenant)})\n`);
    return undefined;
  }
  const pending = await readPendingSecrets(state);
  const live = await readLive(state, readOnly(client), (e) => progress.onEngine(e), { parallelism: num(options.parallelism, 4) });
  progress.readsDone();
  // Guards must still allow it today (deletes need --allow-delete on apply too); checked first,
  // because a change a guard refuses drops out of the fresh plan and would look like an edit...
  const fresh = buildPlan(state, live, planOptions(state, options, pending));
  // A saved plan made with --target covers its own objects only: problems elsewhere are not its business.
  const inPlan = new Set(saved.resource_changes.map((c) => c.address));
  const refused = fresh.errors.filter((e) => e.address === undefined || inPlan.has(e.address));
  if (refused.length > 0) {
    printPlanErrors(io, { ...fresh, errors: refused });
    return undefined;
  }
  // ...apply builds its requests from the manifests, so they must still say what was reviewed...
  const edited = editedSincePlan(saved, fresh);
  if (edited.length > 0) {
    listRefusal(io, `Saved plan does not match the manifests: ${count(edited.length)} edited since ${shown} was made`, edited);
    return undefined;
  }
  // ...and Halo must not have moved since the plan.
  const stale = [...new Set([...findStale(saved, live), ...plannedDifferently(saved, fresh)])];
  if (stale.length > 0) {
    listRefusal(io, `Saved plan is stale: ${count(stale.length)} changed in Halo since ${shown} was made`, stale);
    return undefined;
  }
  return { plan: saved, live, pending: pendingSecrets(fresh).length };
}

function count(n: number): string {
  return `${n} object${n === 1 ? '' : 's'}`;
}

function listRefusal(io: Io, headline: string, addresses: string[]): void {
  io.err(`Error: ${headline}:\n`);
  for (const a of addresses) io.err(`  ${a}\n`);
  io.err('Run halo-iac plan again and review the new plan.\n');
}

/** Asks for `yes` on a terminal; without one, refuses (CI must pass --auto-approve). */
async function confirmed(io: Io, json: boolean): Promise<boolean> {
  if (!io.stdinIsTTY) {
    io.err('Error: refusing to apply without confirmation: no terminal to ask on. Review the plan, then re-run with --auto-approve (e.g. in CI).\n');
    return false;
  }
  const answer = await io.ask(`\n${CONFIRM_QUESTION}`, json);
  if (answer === 'yes') return true;
  io.err('Apply cancelled.\n');
  return false;
}

function result(ok: boolean, added: number, changed: number, destroyed: number, failed: ApplyOutput['failed'], remaining: string[]): ApplyOutput {
  return { ok, added, changed, destroyed, failed, remaining };
}
