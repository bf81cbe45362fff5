/**
 * Doctor test helpers: a simulator workspace whose environment names a catalog override file,
 * doctor runs in-process with captured output, and the simulator log of each run.
 */
import { parse, stringify } from 'yaml';
import { run as doctor } from '../../src/cli/doctor.js';
import { deepMerge } from '../../src/manifest/catalog.js';
import type { SimLogEntry } from '../../src/simulator/index.js';
import { workspace, type RunResult, type Workspace } from '../cli/harness.js';

/** A managed object for the test environments: a seeded team, so plan would say No changes. */
export const TEAM = 'apiVersion: halo-iac/v1\nkind: Team\nname: Sales\nspec:\n  department: Sales\n';

/** The environment's policy.catalog file, relative to the workspace. */
export const OVERRIDES = 'environments/test/catalog/overrides.yaml';

/** A workspace with environments/test (declaring `manifests`) and an empty catalog override file. */
export async function doctorWorkspace(manifests = TEAM): Promise<Workspace> {
  const ws = await workspace();
  ws.writeEnv(manifests, { environmentExtra: 'policy:\n  catalog: ./catalog/overrides.yaml' });
  ws.write(OVERRIDES, '{}\n');
  return ws;
}

/** One check as `--format json` prints it. */
export interface JsonCheck {
  id: string;
  area: string;
  assumption: string;
  observed: string;
  verdict: 'agrees' | 'disagrees' | 'not seen';
  override?: string;
}

/** A doctor run: its output, and the simulator log entries it caused. */
export interface DoctorRun extends RunResult {
  /** Log entries of this run only (token requests included). */
  log: SimLogEntry[];
}

/** Runs doctor against the workspace's environment `test`. */
export async function runDoctor(ws: Workspace, options: Record<string, unknown> = {}): Promise<DoctorRun> {
  const from = ws.sim.requests.length;
  const r = await ws.run(doctor, { env: 'test', ...options });
  return { ...r, log: ws.sim.requests.slice(from) };
}

/** Runs doctor with `--format json` and parses its stdout. */
export async function runDoctorJson(ws: Workspace, options: Record<string, unknown> = {}): Promise<DoctorRun & { checks: JsonCheck[]; apiCalls: number; json: Record<string, unknown> }> {
  const r = await runDoctor(ws, { ...options, format: 'json' });
  const json = JSON.parse(r.stdout) as { checks: JsonCheck[]; api_calls: number };
  return { ...r, json, checks: json.checks, apiCalls: json.api_calls };
}

/** The resource-server requests of a log (token requests left out). */
export function apiRequests(log: readonly SimLogEntry[]): SimLogEntry[] {
  return log.filter((e) => e.path.toLowerCase().startsWith('/api/'));
}

/** check id -> verdict. */
export function verdicts(checks: readonly JsonCheck[]): Record<string, string> {
  return Object.fromEntries(checks.map((c) => [c.id, c.verdict]));
}

/** The check with this id (fails the test when absent). */
export function check(checks: readonly JsonCheck[], id: string): JsonCheck {
  const c = checks.find((x) => x.id === id);
  if (!c) throw new Error(`no check ${id} in ${checks.map((x) => x.id).join(', ')}`);
  return c;
}

/** Writes the printed override snippets, as printed, into the environment's policy.catalog file. */
export function applyOverrides(ws: Workspace, snippets: readonly (string | undefined)[]): void {
  const tree = snippets.map((s) => {
    if (s === undefined) throw new Error('a disagreement without an override');
    return parse(s) as Record<string, unknown>;
  });
  // Merged as a user pasting several snippets into one file would.
  ws.write(OVERRIDES, stringify(tree.reduce<Record<string, unknown>>((a, b) => deepMerge(a, b), {})));
}
