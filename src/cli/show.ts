/**
 * `halo-iac show FILE`: renders a saved plan with the same renderers as `plan`, so the two
 * print the same thing for the same plan.
 */
import { resolve } from 'node:path';
import { palette } from '../render/colour.js';
import { renderPlan, type PlanFormat } from '../render/index.js';
import { processIo, type Io } from './output.js';
import { readPlanFile } from './plan-file.js';
import { printPlanErrors, printPlanWarnings } from './plan.js';
import { guarded, str } from './session.js';

/** Entry point: args[0] is the plan file. */
export async function run(options: Record<string, unknown>, args: string[], io: Io = processIo()): Promise<number> {
  return guarded(io, async () => {
    const file = args[0];
    if (!file) {
      io.err('Error: show needs a plan file (saved with halo-iac plan --out FILE)\n');
      return 1;
    }
    const plan = readPlanFile(resolve(io.cwd, file));
    const format = (str(options.format) ?? 'text') as PlanFormat;
    io.out(renderPlan(plan, format, { palette: palette(io.stdoutIsTTY, io.env) }));
    // As plan prints them: warnings and refusals on stderr too. Showing a refused plan is not an error.
    printPlanWarnings(io, plan);
    printPlanErrors(io, plan);
    return 0;
  });
}
