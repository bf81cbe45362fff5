/**
 * `halo-iac export -e ENV [--kinds a,b] [--names a,b*] [--out DIR]`: writes the live tenant as
 * manifests, one YAML file per kind (`<kind>.yaml`, documents sorted by name), such that a plan
 * on them says "No changes". The way to start managing an existing tenant. Before the detail
 * reads (one per exported agent: permissions live only there) it prints their count and the
 * expected time under the rate budget.
 */
import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { stringify } from 'yaml';
import { escapeReferences } from '../manifest/variables.js';
import { mapStrings } from '../model/data.js';
import { formatDuration } from '../duration.js';
import { exportCost, exportedDuplicates, exportKinds, exportManifests, readLiveForExport, type ExportedObject, type ExportEstimate, type ExportSelection } from '../engine/index.js';
import type { HaloReader } from '../halo/types.js';
import { readOnly } from '../halo/index.js';
import { UserError, warning } from '../model/diagnostics.js';
import { addressOf, kindWords, RESOURCE_KINDS, type KindName } from '../model/kinds.js';
import { isInside, repositoryRoot } from '../manifest/includes.js';
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

/**
 * `--names a,b*`: name patterns (natural keys, `*` for any run of characters); a name holding a
 * comma is matched with a `*` in its place. Empty entries are dropped; none at all is a user error.
 */
export function parseNames(list: string | undefined): string[] | undefined {
  if (list === undefined) return undefined;
  const names = list.split(',').map((s) => s.trim()).filter(Boolean);
  if (names.length === 0) throw new UserError('--names: give at least one name or pattern, e.g. --names "Moovila*,Ops Bot"');
  return names;
}

/** The line shown before the lists are read: what will be listed. */
export function listingLine(selection: ExportSelection): string {
  return `export: listing ${exportKinds(selection).join(', ')} (one call each, a paginated list one per page)`;
}

/** The line shown once the lists are in, before any detail read: the calls still to make and the expected time. */
export function estimateLine(estimate: ExportEstimate, reader: HaloReader): string {
  const cost = exportCost(estimate, reader.budget, reader.stats.requests);
  const head = `export: lists read (${estimate.listCalls} call${estimate.listCalls === 1 ? '' : 's'}); `;
  if (cost.calls === 0) return `${head}no detail reads needed`;
  const per = estimate.details.map((d) => `${d.kind} ${d.count}`).join(', ');
  const pace = reader.budget ? ` at ${reader.budget.requests} requests per ${formatDuration(reader.budget.windowSeconds * 1000)}` : ' (no client rate budget)';
  // "up to": a kind whose table declares no detail-only field reads a detail only when its list lacked a field.
  return `${head}up to ${cost.calls} detail read${cost.calls === 1 ? '' : 's'} (${per}): about ${formatDuration(cost.expectedMs)}${pace}; --kinds and --names read fewer`;
}

/**
 * A live value as a manifest writes it: every `${` in a string escaped as `$${`, so the manifest
 * reads back as the live value (a team named `${env:HOME}` stays that name, never a substitution).
 */
function escaped(value: unknown): unknown {
  return mapStrings(value, escapeReferences);
}

/** The multi-document YAML of one kind: apiVersion/kind/name/spec, names sorted. */
export function manifestYaml(docs: readonly ExportedManifest[]): string {
  const sorted = [...docs].sort((a, b) => a.name.localeCompare(b.name, 'en'));
  return sorted
    .map((d) => {
      const doc: Record<string, unknown> = { apiVersion: 'halo-iac/v1', kind: d.kind, name: escapeReferences(d.name), ...(d.id !== undefined ? { id: d.id } : {}) };
      if (Object.keys(d.spec).length > 0) doc.spec = escaped(d.spec);
      return stringify(doc, { lineWidth: 0 });
    })
    .join('---\n');
}

/** What export wrote: one `file (count)` per kind, the folder, how many objects in all, and how to include them. */
export interface ExportResult {
  written: string[];
  dir: string;
  objects: number;
  /** The environment file as the user named it, and the include glob of the files, relative to it (as `include:` reads it). */
  environmentFile: string;
  include: string;
  /**
   * When the files were written outside the environment's repository root, where `include:` cannot
   * reach (plan refuses it): the root and a folder inside it to copy them to, both as shown.
   */
  outside?: { root: string; copyTo: string };
}

/** The include glob of the files in `dir`, relative to the environment file's folder, as `include:` resolves it. */
export function includeGlob(environmentFile: string, dir: string): string {
  const rel = relative(dirname(environmentFile), dir).split(sep).join('/');
  return `${rel === '' ? '.' : rel.startsWith('.') ? rel : `./${rel}`}/*.yaml`;
}

/** Reads the live tenant and writes one manifest file per kind. */
export async function exportCommand(options: Record<string, unknown>, io: Io, run: Run<ExportResult>): Promise<CommandResult<ExportResult>> {
  const selection: ExportSelection = { kinds: parseKinds(str(options.kinds)), names: parseNames(str(options.names)) };
  const state = await loadState({ ...envSelection(options), connectionOnly: true }, io, run);
  if (!state) return run.finish(1);
  const progress = stderrProgress(io);
  const reader = readOnly(connect(state.environment, flagOptions(options, progress, io.env)));
  io.err(`${listingLine(selection)}\n`);
  const onEstimate = (e: ExportEstimate) => io.err(`${estimateLine(e, reader)}\n`);
  const live = await readLiveForExport(reader, state.catalog, selection, (e) => progress.onEngine(e), { onEstimate });
  const docs: ExportedManifest[] = exportManifests(live, state.catalog, selection);
  // A name several live objects share is written once, pinned by id (exportedDuplicates).
  for (const kind of selection.kinds ?? RESOURCE_KINDS) {
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
  const shown = (abs: string) => relative(io.cwd, abs).split(sep).join('/') || '.';
  const environmentFile = shown(state.environment.file);
  const root = repositoryRoot(state.environment.file);
  // Printing `include: ["../../../elsewhere/*.yaml"]` would hand over a line plan refuses.
  const copyTo = resolve(dirname(state.environment.file), 'exported');
  const outside = isInside(root, realpathSync(dir)) ? undefined : { root: shown(root), copyTo: shown(copyTo) };
  const include = outside ? includeGlob(state.environment.file, copyTo) : includeGlob(state.environment.file, dir);
  return run.finish(0, { written, dir: relative(io.cwd, dir) || '.', objects: docs.length, environmentFile, include, ...(outside ? { outside } : {}) });
}

/** The files written, and how to include them. */
function textPrinter(io: Io): Printer<ExportResult> {
  return {
    ...textLines(io),
    done({ result }) {
      if (!result) return;
      const { written, objects, environmentFile, include, outside } = result;
      // Nothing written: there is nothing to include either.
      if (written.length === 0) return io.out('Nothing to export.\n');
      io.out(`Exported ${objects} objects:\n${written.map((w) => `  ${w}\n`).join('')}`);
      if (outside) {
        io.out(
          `These files are outside the repository root (${outside.root}/), and include: reads only files inside it (plan refuses the rest).\n` +
            `Copy them into the repository, e.g. into ${outside.copyTo}/ (or export again with --out ${outside.copyTo}), then include them from ${environmentFile}, and a plan on them says No changes:\n  include: ["${include}"]\n`,
        );
        return;
      }
      io.out(`Include them from ${environmentFile} (paths there are relative to it), and a plan on them says No changes:\n  include: ["${include}"]\n`);
    },
  };
}

/** Entry point (see main.ts for the options). */
export async function run(options: Record<string, unknown>, _args: string[], io: Io = processIo()): Promise<number> {
  return execute(textPrinter(io), (r) => exportCommand(options, io, r));
}
