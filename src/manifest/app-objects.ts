/**
 * Runs a loaded app against one environment's construct tree and holds what it declared to the
 * rules YAML documents meet before the engine sees them: each object the app constructed itself
 * goes through the same precompiled JSON Schema validators as a document of its kind (shape is
 * checked nowhere else) and the same name checks; an object that fails is taken out of the tree,
 * as an invalid document never enters it. Objects a Blueprint expanded into are the blueprint's,
 * as they are from YAML. Later diagnostics about code-defined objects name their construct path.
 */
import type { IConstruct } from 'constructs';
import { Blueprint } from '../../constructs/blueprints/blueprint.js';
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
  const created = environment.node.findAll().filter((c): c is HaloObject => !before.has(c) && HaloObject.isHaloObject(c));
  const diagnostics: Diagnostic[] = [];
  for (const o of created) {
    if (o.node.scopes.some((s) => Blueprint.isBlueprint(s))) continue;
    const own = objectDiagnostics(o, environment);
    append(diagnostics, own);
    // Its constructs checks assume a schema-valid spec, as they do for YAML.
    if (hasErrors(own)) o.node.scope?.node.tryRemoveChild(o.node.id);
  }
  const objects = created.map((o) => ({ address: o.address, path: constructPath(o), ...(o.source ? { source: o.source } : {}) }));
  return { diagnostics: annotate(diagnostics, objects), failed: false, objects };
}

/** The object as a manifest document, checked by its kind's schema validator and the name rules. */
function objectDiagnostics(o: HaloObject, environment: Environment): Diagnostic[] {
  const document: Record<string, unknown> = { apiVersion: 'halo-iac/v1', kind: o.kind, name: o.name, spec: clean(o.spec) };
  if (o.previously.length > 0) document.previously = o.previously;
  if (o.absent) document.absent = true;
  if (o.protect) document.protect = true;
  const validate = validatorsFor(environment.catalog)[o.kind];
  if (!validate(document)) {
    return schemaDiagnostics(validate.errors ?? [], { doc: { positions: new Map(), start: o.source }, catalog: environment.catalog, unresolved: new Set(), address: o.address });
  }
  return [
    ...nameDiagnostics(o.kind, o.name, o.source, o.address),
    ...o.previously.flatMap((old) => nameDiagnostics(o.kind, old, o.source, o.address, 'previously')),
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
