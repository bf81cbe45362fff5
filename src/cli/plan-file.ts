/**
 * Saved plan files (`plan --out`, `apply FILE`, `show FILE`): the JSON plan, written with the
 * stable key order of the JSON renderer. Plans hold no secrets (the engine masks them), so the
 * file is an ordinary artifact a pipeline can keep between its plan and apply jobs.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { PLAN_FORMAT_VERSION, type Plan } from '../model/plan.js';
import { UserError } from '../model/diagnostics.js';
import { renderJson } from '../render/json.js';

/** Writes the plan as JSON, creating the folder if needed. */
export function writePlanFile(file: string, plan: Plan): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, renderJson(plan));
}

/** Reads and checks a saved plan; a clear UserError for anything that is not one. */
export function readPlanFile(file: string): Plan {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UserError(`${file}: cannot read the plan file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new UserError(`${file}: not a halo-iac plan (invalid JSON); save one with halo-iac plan --out FILE`);
  }
  const plan = data as Partial<Plan> | null;
  if (!plan || typeof plan !== 'object' || !Array.isArray(plan.resource_changes) || typeof plan.format_version !== 'string' || !plan.summary) {
    throw new UserError(`${file}: not a halo-iac plan (missing format_version, summary or resource_changes)`);
  }
  const major = (v: string) => v.split('.')[0];
  if (major(plan.format_version) !== major(PLAN_FORMAT_VERSION)) {
    throw new UserError(`${file}: plan format ${plan.format_version} is not supported by this halo-iac (format ${PLAN_FORMAT_VERSION}); re-run plan`);
  }
  return { warnings: [], errors: [], ...plan } as Plan;
}
