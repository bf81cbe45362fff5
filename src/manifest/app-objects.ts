/**
 * Runs a loaded app against one environment's construct tree and holds what it declared to the
 * rules YAML documents meet before the engine sees them: each object and Blueprint the app
 * constructed itself goes through the same precompiled JSON Schema validators as a document of its
 * kind (shape is checked nowhere else: the constructs keep only cross-field and catalog checks) and
 * the same name checks; one that fails is taken out of the tree, as an invalid document never
 * enters it. Objects a Blueprint expanded into are the blueprint's, as they are from YAML. Later
 * diagnostics about code-defined objects name their construct path.
 */
import type { IConstruct } from 'constructs';
import { Blueprint } from '../../constructs/blueprints/blueprint.js';
import { BLUEPRINTS } from '../../constructs/blueprints/index.js';
import { clean } from '../../constructs/desired-state.js';
import type { Environment } from '../../constructs/environment.js';
import { HaloObject } from '../../constructs/object.js';
import { constructPath } from '../../constructs/path.js';
import { withCreationSources } from '../../constructs/source.js';
import { append } from '../model/data.js';
import type { DesiredState } from '../model/desired.js';
import { error, hasErrors, type Diagnostic, type SourcePosition } from '../model/diagnostics.js';
import type { Plan } from '../model/plan.js';
import { explain, type LoadedApp } from './app-loader.js';
import { userFrame } from './app-stack.js';
import { nameDiagnostics } from './names.js';
import { validatorsFor } from './resource-document.js';
import { schemaDiagnostics } from './schema-errors.js';

/** The id of the root construct an app's environments hang from: construct paths read `app/<environment>/...`. */
export const APP_ROOT = 'app';

/** A code-defined object, as later diagnostics are matched to it. */
export interface CodeObject {
  address: string;
  /** `app/rewst/Automation`. */
  path: string;
  source?: SourcePosition;
}

/** What running the app produced. */
export interface AppRun {
  /** The app's own failure, schema and name problems of its objects. */
  diagnostics: Diagnostic[];
  /** True when the app threw: the tree is half-built and is not assembled. */
  failed: boolean;
  objects: CodeObject[];
}

/** Calls the app with the environment, then checks the objects it created. */
export async function runApp(app: LoadedApp, environment: Environment): Promise<AppRun> {
  const before = new Set<IConstruct>(environment.node.findAll());
  try {
    await withCreationSources((stack) => userFrame(stack, app.cwd), () => app.run(environment));
  } catch (e) {
    const { message, at } = explain(e, app.cwd);
    const what = `the app failed for environment ${environment.config.name}: ${message}`;
    return { diagnostics: [error(at ? what : `${app.file}: ${what}`, at)], failed: true, objects: [] };
  }
  const created = environment.node
    .findAll()
    .filter((c): c is HaloObject | Blueprint => !before.has(c) && (HaloObject.isHaloObject(c) || Blueprint.isBlueprint(c)));
  const diagnostics: Diagnostic[] = [];
  for (const o of created) {
    // What a blueprint expands into is the blueprint's, checked through its options.
    if (o.node.scopes.some((s) => s !== o && Blueprint.isBlueprint(s))) continue;
    const doc = codeDocument(o);
    if (!doc) continue; // a blueprint class of the app's own: the schema has no options for it
    const own = documentDiagnostics(doc, o.source, environment);
    append(diagnostics, own);
    // Its constructs checks assume a schema-valid spec, as they do for YAML.
    if (hasErrors(own)) o.node.scope?.node.tryRemoveChild(o.node.id);
  }
  const objects = created.map((o) => ({
    address: Blueprint.isBlueprint(o) ? `blueprint/${o.name}` : o.address,
    path: constructPath(o),
    ...(o.source ? { source: o.source } : {}),
  }));
  return { diagnostics: annotate(diagnostics, objects), failed: false, objects };
}

/** A code-defined object or blueprint as the manifest document it stands for. */
interface CodeDocument {
  kind: HaloObject['kind'] | 'Blueprint';
  name: string;
  address: string;
  previously: readonly string[];
  document: Record<string, unknown>;
}

function codeDocument(o: HaloObject | Blueprint): CodeDocument | undefined {
  if (Blueprint.isBlueprint(o)) {
    const use = blueprintUse(o);
    if (!use) return undefined;
    const spec = { use, with: clean(o.options) };
    return { kind: 'Blueprint', name: o.name, address: `blueprint/${o.name}`, previously: [], document: { apiVersion: 'halo-iac/v1', kind: 'Blueprint', name: o.name, spec } };
  }
  const document: Record<string, unknown> = { apiVersion: 'halo-iac/v1', kind: o.kind, name: o.name, spec: clean(o.spec) };
  if (o.previously.length > 0) document.previously = o.previously;
  if (o.absent) document.absent = true;
  if (o.protect) document.protect = true;
  return { kind: o.kind, name: o.name, address: o.address, previously: o.previously, document };
}

/**
 * The registry name of a blueprint's class (or the class it extends): its document's `use`. By
 * class name, not instanceof: tsx loads the app's copy of the constructs apart from the CLI's.
 */
function blueprintUse(b: Blueprint): string | undefined {
  for (let proto: unknown = Object.getPrototypeOf(b); proto; proto = Object.getPrototypeOf(proto)) {
    const name = (proto as { constructor?: { name?: string } }).constructor?.name;
    const use = Object.entries(BLUEPRINTS).find(([, cls]) => cls.name === name)?.[0];
    if (use) return use;
  }
  return undefined;
}

/** The document checked by its kind's schema validator and the name rules. */
function documentDiagnostics(d: CodeDocument, source: SourcePosition | undefined, environment: Environment): Diagnostic[] {
  const validate = validatorsFor(environment.catalog)[d.kind];
  if (!validate(d.document)) {
    return schemaDiagnostics(validate.errors ?? [], { doc: { positions: new Map(), start: source }, catalog: environment.catalog, unresolved: new Set(), address: d.address });
  }
  return [
    ...nameDiagnostics(d.kind, d.name, source, d.address),
    ...d.previously.flatMap((old) => nameDiagnostics(d.kind, old, source, d.address, 'previously')),
  ];
}

const samePosition = (a?: SourcePosition, b?: SourcePosition): boolean => a?.file === b?.file && a?.line === b?.line && a?.column === b?.column;

/** What annotate rewrites: a diagnostic, or a plan's error or warning entry. */
type Annotated = Pick<Diagnostic, 'message' | 'address' | 'source' | 'runtime'>;

/**
 * Names the construct path in each diagnostic about a code-defined object (found by address and
 * position: a YAML object of the same address keeps its message): `team/Automation (app/rewst/Automation): ...`.
 * A message that already names it is left alone.
 */
export function annotate<D extends Annotated>(diagnostics: readonly D[], objects: readonly CodeObject[]): D[] {
  if (objects.length === 0) return [...diagnostics];
  const byAddress = new Map<string, CodeObject[]>();
  for (const o of objects) byAddress.set(o.address, [...(byAddress.get(o.address) ?? []), o]);
  return diagnostics.map((d) => {
    const o = d.address !== undefined && !d.runtime ? byAddress.get(d.address)?.find((c) => samePosition(c.source, d.source)) : undefined;
    if (!o || d.message.includes(`(${o.path})`) || d.message.endsWith(`(construct ${o.path})`)) return d;
    const prefix = `${o.address}: `;
    if (d.message.startsWith(prefix)) return { ...d, message: `${o.address} (${o.path}): ${d.message.slice(prefix.length)}` };
    // Without a position the printer puts the address first; the path goes last.
    return { ...d, message: d.source ? `${o.address} (${o.path}): ${d.message}` : `${d.message} (construct ${o.path})` };
  });
}

/** The objects of a desired state an app created (their origin is their construct path). */
function codeObjectsOf(state: DesiredState): CodeObject[] {
  return state.objects
    .filter((o) => o.origin?.startsWith(`${APP_ROOT}/`))
    .map((o) => ({ address: o.address, path: o.origin as string, ...(o.source ? { source: o.source } : {}) }));
}

/** A plan whose errors and warnings about code-defined objects name their construct paths. */
export function annotatePlan(plan: Plan, state: DesiredState): Plan {
  const objects = codeObjectsOf(state);
  if (objects.length === 0) return plan;
  return { ...plan, errors: annotate(plan.errors, objects), warnings: annotate(plan.warnings, objects) };
}
