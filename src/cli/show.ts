/**
 * `halo-iac show FILE`: renders a saved plan with the same renderers as `plan`, so the two
 * print the same thing for the same plan.
 */
import { resolve } from 'node:path';
import { runtimeError } from '../model/diagnostics.js';
import { palette } from '../render/colour.js';
import { renderPlan, type PlanFormat } from '../render/index.js';
import { processIo, type Io } from './output.js';
import { readPlanFile } from './plan-file.js';
import { planPrinter, reportPlan, type PlanResult } from './plan.js';
import { execute, type CommandResult, type Run } from './result.js';
import { str } from './session.js';

/** Shows a saved plan: the plan on stdout, its warnings and refusals on stderr, as plan prints them. */
export async function showCommand(options: Record<string, unknown>, args: string[], io: Io, run: Run<PlanResult>): Promise<CommandResult<PlanResult>> {
  const file = args[0];
  if (!file) return run.fail(runtimeError('show needs a plan file (saved with halo-iac plan --out FILE)'));
  const plan = readPlanFile(resolve(io.cwd, file), file);
  run.printer.show(renderPlan(plan, (str(options.format) ?? 'text') as PlanFormat, { palette: palette(io.stdoutIsTTY, io.env) }));
  reportPlan(run, plan);
  // Showing a refused plan is not an error.
  return run.finish(0, { plan });
}

/** Entry point: args[0] is the plan file. */
export async function run(options: Record<string, unknown>, args: string[], io: Io = processIo()): Promise<number> {
  return execute(planPrinter(io, (str(options.format) ?? 'text') as PlanFormat, 'show'), (r) => showCommand(options, args, io, r));
}
