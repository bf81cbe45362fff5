/**
 * `halo-iac export -e ENV [--kinds a,b] [--out DIR]`: writes the live tenant as manifests, one
 * YAML file per kind (`<kind>.yaml`, documents sorted by name), such that a plan on them says
 * "No changes". The way to start managing an existing tenant.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { stringify } from 'yaml';
import { exportedDuplicates, exportManifests, readLiveForExport, type ExportedObject } from '../engine/index.js';
import { readOnly } from '../halo/index.js';
import { UserError, warning } from '../model/diagnostics.js';
import { addressOf, kindWords, RESOURCE_KINDS, type KindName } from '../model/kinds.js';
import { connect, flagOptions } from './connect.js';
import { processIo, type Io } from './output.js';
import { stderrProgress } from './progress.js';
import { execute, textLines, type CommandResult, type Printer, type Run } from './result.js';
import { envSelection, loadState, str } from './session.js';

/** One exported document, as the engine produces it. */
export type ExportedManifest = ExportedObject;

/** `team,Agent` -> ['Team', 'Agent']; unknown names are a user error listing the valid ones. */
export function parseKinds(list: string | undefined): KindName[] | undefined {
  if (!list) return undefined;
  const byLower = new Map(RESOURCE_KINDS.map((k) => [k.toLowerCase(), k] as const));
  const kinds: KindName[] = [];
  for (const raw of list.split(',').map((s) => s.trim()).filter(Boolean)) {
    const kind = byLower.get(raw.toLowerCase());
    if (!kind) throw new UserError(`--kinds: unknown kind '${raw}'; expected some of ${RESOURCE_KINDS.map((k) => k.toLowerCase()).join(', ')}`);
    if (!kinds.includes(kind)) kinds.push(kind);
  }
  return kinds;
}

/** The multi-document YAML of one kind: apiVersion/kind/name/spec, names sorted. */
export function manifestYaml(docs: readonly ExportedManifest[]): string {
  const sorted = [...docs].sort((a, b) => a.name.localeCompare(b.name, 'en'));
  return sorted
    .map((d) => {
      const doc: Record<string, unknown> = { apiVersion: 'halo-iac/v1', kind: d.kind, name: d.name, ...(d.id !== undefined ? { id: d.id } : {}) };
      if (Object.keys(d.spec).length > 0) doc.spec = d.spec;
      return stringify(doc, { lineWidth: 0 });
    })
    .join('---\n');
}

/** What export wrote: one `file (count)` per kind, the folder, and how many objects in all. */
export interface ExportResult {
  written: string[];
  dir: string;
  objects: number;
}

/** Reads the live tenant and writes one manifest file per kind. */
export async function exportCommand(options: Record<string, unknown>, io: Io, run: Run<ExportResult>): Promise<CommandResult<ExportResult>> {
  const kinds = parseKinds(str(options.kinds));
  const state = await loadState({ ...envSelection(options), connectionOnly: true }, io, run);
  if (!state) return run.finish(1);
  const progress = stderrProgress(io);
  const client = connect(state.environment, flagOptions(options, progress, io.env));
  const live = await readLiveForExport(readOnly(client), state.catalog, kinds, (e) => progress.onEngine(e));
  const docs: ExportedManifest[] = exportManifests(live, state.catalog, kinds);
  // A name several live objects share is written once, pinned by id (exportedDuplicates).
  for (const kind of kinds ?? RESOURCE_KINDS) {
    for (const { kept, left } of exportedDuplicates(live, kind)) {
      const ids = left.map((o) => String(o.id)).join(', ');
      run.report(warning(`${left.length + 1} live ${kindWords(kind)}s are named "${kept.name}": exported the one with id ${String(kept.id)} (pinned with id:), left out id ${ids}; rename them in Halo to manage each`, undefined, addressOf(kind, kept.name)));
    }
  }
  const dir = resolve(io.cwd, str(options.out) ?? 'exported');
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  for (const kind of RESOURCE_KINDS) {
    const ofKind = docs.filter((d) => d.kind === kind);
    if (ofKind.length === 0) continue;
    const file = resolve(dir, `${kind.toLowerCase()}.yaml`);
    writeFileSync(file, manifestYaml(ofKind));
    written.push(`${relative(io.cwd, file) || file} (${ofKind.length})`);
  }
  return run.finish(0, { written, dir: relative(io.cwd, dir) || '.', objects: docs.length });
}

/** The files written, and how to include them. */
function textPrinter(io: Io): Printer<ExportResult> {
  return {
    ...textLines(io),
    done({ result }) {
      if (!result) return;
      const { written, dir, objects } = result;
      io.out(written.length > 0 ? `Exported ${objects} objects:\n${written.map((w) => `  ${w}\n`).join('')}` : 'Nothing to export.\n');
      io.out(`Include them from an environment file (include: ["${dir}/*.yaml"]); a plan on them says No changes.\n`);
    },
  };
}

/** Entry point (see main.ts for the options). */
export async function run(options: Record<string, unknown>, _args: string[], io: Io = processIo()): Promise<number> {
  return execute(textPrinter(io), (r) => exportCommand(options, io, r));
}
