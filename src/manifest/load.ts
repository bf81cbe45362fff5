/**
 * loadEnvironment: everything between the YAML files on disk and the DesiredState the engine
 * plans from. Reads the environment file and its includes with positions, checks envelopes and
 * schemas, substitutes variables, rejects duplicates, then hands the documents to the construct
 * tree (constructs/), which expands blueprints, resolves references and orders the objects.
 * Every problem is collected (not just the first); nothing here touches the network.
 */
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { assembleDesiredState, catalogErrors, environmentFromDocuments, HaloApp, UNDECLARED_REFERENCE } from '../../constructs/index.js';
import { namesInSpec } from '../../constructs/kind.js';
import { declarationOf } from '../../constructs/registry.js';
import { byPosition, error, hasErrors, type Diagnostic, type SourcePosition } from '../model/diagnostics.js';
import type { LoadedApp } from './app-loader.js';
import { annotate, APP_ROOT, runApp } from './app-objects.js';
import { loadCatalog } from './catalog.js';
import type { ManifestDocument } from '../model/desired.js';
import { connectionScopeDiagnostics } from './connection-values.js';
import { checkHeader } from './document-header.js';
import { withoutDuplicates } from './duplicates.js';
import { readEnvironment, type EnvironmentRead } from './environment-file.js';
import { environmentNames } from './environment-folders.js';
import { expandIncludes } from './includes.js';
import { append } from '../model/data.js';
import { manifestLimits, type ManifestLimits } from './limits.js';
import { nameDiagnostics } from './names.js';
import { NAME_FROM_ENV, readResource } from './resource-document.js';
import { onDiskScopes } from './schema-registry.js';
import { didYouMean } from '../model/suggest.js';
import type { Catalog } from '../model/catalog.js';
import type { DesiredObject, DesiredState, EnvironmentConfig } from '../model/desired.js';
import { addressOf } from '../model/kinds.js';
import { maskValues } from '../model/mask.js';
import { preCountDocuments, readBudget, readYamlFile, type YamlDocument } from './yaml-tree.js';

/** How to find and read an environment. */
export interface LoadOptions {
  /** `-e NAME`: `<cwd>/environments/NAME/environment.yaml`. */
  env?: string;
  /** `--config PATH`: an environment file anywhere (wins over `env`). */
  config?: string;
  /** Base for `-e` and for the file names printed in diagnostics; default process.cwd(). */
  cwd?: string;
  /**
   * validate: unset `${env:..}` in `connection` warn; plan: they are errors, and references to
   * undeclared objects are not warned about (the plan checks them against the live tenant).
   */
  mode: 'validate' | 'plan';
  /** Environment variables for `${env:..}`; default process.env. */
  processEnv?: Record<string, string | undefined>;
  /** Bounds on file size, document count, nesting and aliases (limits.ts defaults for the rest). */
  limits?: Partial<ManifestLimits>;
  /**
   * export: only the connection is used, so an include that matches nothing (yet: export writes
   * those files) only warns, and an environment without objects is fine.
   */
  connectionOnly?: boolean;
  /** `--app FILE`: code that adds objects to the environment's tree (app-loader.ts). */
  app?: LoadedApp;
}

/** The desired state (undefined when there are errors) and every diagnostic found. */
export interface LoadResult {
  state?: DesiredState;
  diagnostics: Diagnostic[];
}

/** What readManifests found: config and catalog are undefined when they could not be read. */
export interface ManifestsRead {
  config?: EnvironmentConfig;
  catalog?: Catalog;
  documents: ManifestDocument[];
  /** Schema-invalid documents without their invalid values, for their catalog checks only (resource-document.ts). */
  checkOnly: ManifestDocument[];
  diagnostics: Diagnostic[];
  /** With an app: the "declares no objects" error, reported if the app declares none either. */
  whenEmpty?: Diagnostic;
}

/** Loads, validates and builds the desired state of one environment. */
export async function loadEnvironment(opts: LoadOptions): Promise<LoadResult> {
  const read = await readManifests(opts);
  const diagnostics = [...read.diagnostics];
  if (!read.config || !read.catalog) return { diagnostics };
  // The root is `app`: code-defined objects' construct paths read app/<environment>/<id>.
  const tree = environmentFromDocuments(new HaloApp(APP_ROOT), read.config, read.documents, read.catalog);
  append(diagnostics, tree.diagnostics);
  const ran = opts.app ? await runApp(opts.app, tree.environment) : undefined;
  if (ran) append(diagnostics, ran.diagnostics);
  if (ran?.failed) return { diagnostics };
  const assembled = assembleDesiredState(tree.environment, (kind, name, at, address, what) => nameDiagnostics(kind, name, at, address, what));
  const synthesized = { state: assembled.state, diagnostics: ran ? annotate(assembled.diagnostics, ran.objects) : assembled.diagnostics };
  if (read.whenEmpty && assembled.state.objects.length === 0) diagnostics.push(read.whenEmpty);
  // At plan time the engine resolves every reference against the live tenant and refuses a missing one
  // at its position, so "not declared; must exist in Halo" would only repeat on every run.
  append(diagnostics, synthesized.diagnostics.filter((d) => opts.mode !== 'plan' || d.code !== UNDECLARED_REFERENCE));
  append(diagnostics, catalogErrors(read.config, read.checkOnly, read.catalog));
  if (hasErrors(diagnostics)) return { diagnostics: byPosition(diagnostics) };
  const state = synthesized.state;
  const named = attachEnvValues(state.objects, read.documents);
  if (named.length > 0) return { diagnostics: byPosition(withoutValues([...diagnostics, ...named], blueprintEnvValues(read.documents))) };
  const sorted = byPosition(diagnostics);
  state.diagnostics = sorted.filter((d) => d.severity === 'warning');
  return { state, diagnostics: sorted };
}

/**
 * Gives each object the values its document (or the Blueprint that produced it) took from
 * `${env:..}`, so the engine masks them in plans; and refuses a Blueprint option from `${env:..}`
 * that became a name: an object's, or one it refers to (a team option, a customer).
 */
function attachEnvValues(objects: DesiredObject[], documents: readonly ManifestDocument[]): Diagnostic[] {
  const byAddress = new Map<string, string[]>();
  const blueprints = new Map<string, ManifestDocument>();
  for (const d of documents) {
    const address = d.kind === 'Blueprint' ? `blueprint/${d.name}` : addressOf(d.kind, d.name);
    if (d.envValues) byAddress.set(address, d.envValues);
    if (d.kind === 'Blueprint') blueprints.set(address, d);
  }
  if (byAddress.size === 0) return [];
  const out: Diagnostic[] = [];
  const reported = new Set<string>();
  for (const o of objects) {
    const fromBlueprint = o.origin ? byAddress.get(o.origin) ?? [] : [];
    const values = [...(byAddress.get(o.address) ?? []), ...fromBlueprint];
    if (values.length > 0) o.envValues = [...new Set(values)];
    // Resource documents are checked where they are read; a Blueprint's options only show in what it expands to.
    if (fromBlueprint.length === 0) continue;
    const names = [o.name, ...namesInSpec(declarationOf(o.kind), o.spec).map((n) => n.name)];
    for (const v of fromBlueprint) {
      if (!names.some((n) => holdsValue(n, v))) continue;
      const at = optionPosition(o.origin ? blueprints.get(o.origin) : undefined, v) ?? o.source;
      const key = at ? `${at.file}:${at.line}:${at.column}` : String(o.origin);
      if (reported.has(key)) continue;
      reported.add(key);
      out.push(error(`${o.origin}: ${NAME_FROM_ENV}`, at));
    }
  }
  return out;
}

/** Whether a name holds an env value: contains it, or (a value under 4 characters, too common to search for) is it. */
function holdsValue(name: unknown, value: string): boolean {
  if (typeof name !== 'string') return false;
  const lower = name.toLowerCase();
  return value.length >= 4 ? lower.includes(value.toLowerCase()) : lower === value.toLowerCase();
}

/** The position of the first `with` option of a Blueprint whose value holds an env value. */
function optionPosition(blueprint: ManifestDocument | undefined, value: string): SourcePosition | undefined {
  if (!blueprint) return undefined;
  for (const [path, pos] of Object.entries(blueprint.fieldSources)) {
    if (!path.startsWith('with.')) continue;
    let v: unknown = blueprint.spec;
    for (const seg of path.split('.')) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[seg] : undefined;
    if (holdsValue(v, value)) return pos;
  }
  return undefined;
}

/** The values Blueprint documents took from `${env:..}`. */
function blueprintEnvValues(documents: readonly ManifestDocument[]): string[] {
  return documents.filter((d) => d.kind === 'Blueprint').flatMap((d) => d.envValues ?? []).filter((v) => v.length >= 4);
}

/** Diagnostics with every one of `values` replaced in their messages and addresses (a name built from one is in both). */
function withoutValues(diagnostics: readonly Diagnostic[], values: readonly string[]): Diagnostic[] {
  const hide = (text: string) => maskValues(text, values);
  return diagnostics.map((d) => ({ ...d, message: hide(d.message), ...(d.address !== undefined ? { address: hide(d.address) } : {}) }));
}

/**
 * Everything before the construct tree: the environment config, the schema-valid documents and
 * the catalog, plus every diagnostic found so far.
 */
export async function readManifests(opts: LoadOptions): Promise<ManifestsRead> {
  const cwd = resolve(opts.cwd ?? process.cwd());
  const env = opts.processEnv ?? process.env;
  const rel = (abs: string) => relative(cwd, abs).split(sep).join('/') || '.';
  const envFile = environmentFile(cwd, opts);
  if (typeof envFile !== 'string') return { documents: [], checkOnly: [], diagnostics: [envFile] };

  const diagnostics: Diagnostic[] = [];
  const budget = readBudget(manifestLimits(opts.limits));
  const envYaml = await readYamlFile(envFile, rel(envFile), budget);
  append(diagnostics, envYaml.diagnostics);

  let envRead: EnvironmentRead | undefined;
  let envDoc: YamlDocument | undefined;
  const resourceDocs: YamlDocument[] = [];
  for (const doc of envYaml.documents) {
    if (doc.broken) continue;
    const header = checkHeader(doc);
    if (header.kind !== 'Environment') {
      resourceDocs.push(doc);
      continue;
    }
    diagnostics.push(...header.diagnostics);
    if (envRead) {
      diagnostics.push(error('a second Environment document: an environment file holds exactly one', doc.positions.get('/kind')?.value ?? doc.start));
      continue;
    }
    envDoc = doc;
    envRead = readEnvironment(doc, env, opts.mode, onDiskScopes());
    append(diagnostics, envRead.diagnostics);
  }
  if (!envRead) {
    if (!hasErrors(diagnostics)) diagnostics.push(error(`no Environment document (a document with kind: Environment) in ${rel(envFile)}`, { file: rel(envFile), line: 1, column: 1 }));
    return { documents: [], checkOnly: [], diagnostics };
  }

  const overridePath = envRead.config?.policy.catalog;
  const overrideFile = overridePath ? resolve(dirname(envFile), overridePath) : undefined;
  const written = overrideFile ? { at: envDoc?.positions.get('/policy/catalog')?.value ?? envDoc?.start ?? { file: rel(envFile), line: 1, column: 1 }, shown: rel(overrideFile) } : undefined;
  const { catalog, diagnostics: catalogDiagnostics } = loadCatalog(overrideFile, written);
  diagnostics.push(...catalogDiagnostics);
  if (envRead.config && envRead.scopeWritten) diagnostics.push(...connectionScopeDiagnostics(envRead.config.connection.scope, envRead.scopeWritten, catalog));

  const documents: ManifestDocument[] = [];
  const checkOnly: ManifestDocument[] = [];
  const ctx = { variables: envRead.variables, env, mode: opts.mode, failed: envRead.failedVariables, sensitive: envRead.sensitiveVariables };
  const readDocuments = (docs: readonly YamlDocument[]) => {
    for (const doc of docs) {
      const header = checkHeader(doc);
      append(diagnostics, header.diagnostics);
      if (!header.kind) continue;
      if (header.kind === 'Environment') {
        diagnostics.push(error(`an Environment document belongs in its own environment file, not in an included file`, doc.positions.get('/kind')?.value ?? doc.start));
        continue;
      }
      const read = readResource(doc, header.kind, ctx, catalog, header.diagnostics.length === 0);
      append(diagnostics, read.diagnostics);
      if (read.document) documents.push(read.document);
      if (read.checkOnly) checkOnly.push(read.checkOnly);
    }
  };
  readDocuments(resourceDocs);
  const included = await expandIncludes(envFile, envRead.includes, rel, opts.connectionOnly !== true);
  append(diagnostics, included.diagnostics);
  const tooMany = preCountDocuments(included.files.map((f) => ({ absolute: f, file: rel(f) })), budget);
  if (tooMany) diagnostics.push(tooMany);
  // Every file's YAML is read before any document is checked, so a limit passed in a late file is
  // refused after reading only YAML, as the one error (checking documents costs more than reading).
  const read: YamlDocument[][] = [];
  for (const file of included.files) {
    if (budget.exhausted) break; // an environment-wide or values limit was reported once
    const y = await readYamlFile(file, rel(file), budget);
    append(diagnostics, y.diagnostics);
    read.push(y.documents.filter((d) => !d.broken));
  }
  for (let i = 0; i < read.length && !budget.exhausted; i++) {
    readDocuments(read[i] as YamlDocument[]);
    read[i] = []; // the position maps of checked files can go (issue 12 §5: GC)
  }
  const unique = withoutDuplicates(documents);
  append(diagnostics, unique.diagnostics);
  let empty: Diagnostic | undefined;
  if (unique.documents.length === 0 && !envRead.allowEmpty && !opts.connectionOnly && !hasErrors(diagnostics)) {
    const name = envRead.config?.name ?? '?';
    const why = opts.app ? `include manifests, declare objects in ${opts.app.file},` : 'include manifests,';
    empty = error(`environment '${name}' declares no objects: ${why} or set allowEmpty: true if it is meant to manage nothing`, envRead.emptyAt);
    // With an app the verdict waits for its objects (loadEnvironment).
    if (!opts.app) diagnostics.push(empty);
  }

  return { config: envRead.config, documents: unique.documents, checkOnly, catalog, diagnostics, ...(opts.app && empty ? { whenEmpty: empty } : {}) };
}

/** The environment file's absolute path, or an error saying what is missing. */
function environmentFile(cwd: string, opts: LoadOptions): string | Diagnostic {
  if (opts.config) {
    const file = resolve(cwd, opts.config);
    return existsSync(file) ? file : error(`environment file not found: ${opts.config}`);
  }
  if (!opts.env) return error('no environment given: use -e NAME (environments/NAME/environment.yaml) or --config PATH');
  const file = join(cwd, 'environments', opts.env, 'environment.yaml');
  if (existsSync(file)) return file;
  const known = environmentNames(join(cwd, 'environments'));
  const hint = didYouMean(opts.env, known) || (known.length ? ` (known: ${known.join(', ')})` : '');
  return error(`environment '${opts.env}' not found: no environments/${opts.env}/environment.yaml${hint}`);
}
