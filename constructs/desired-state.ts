/**
 * Turns an Environment's construct tree into the engine's DesiredState: per-object validation, duplicate
 * names, references (declared -> dependency; undeclared -> warning, resolved live at plan time), the
 * dependency order (cycles are errors that print the loop) and the unverified catalog values in use.
 */
import { error, hasErrors, type Diagnostic, type SourcePosition } from '../src/model/diagnostics.js';
import type { Catalog } from '../src/model/catalog.js';
import { kindWords, naturalKey } from '../src/model/kinds.js';
import type { DesiredObject, DesiredState, Reference, UnverifiedUse } from '../src/model/desired.js';
import { append, plainKeyed } from '../src/model/data.js';
import { Blueprint } from './blueprints/blueprint.js';
import type { Environment } from './environment.js';
import { objectDiagnostic, positionOf } from './checker.js';
import { topologicalOrder, type GraphNode } from './graph.js';
import { HaloObject } from './object.js';
import { dirname } from 'node:path';
import { sinkPath } from './secret/sink.js';

/**
 * Diagnostic code of "X is not declared; it must exist in Halo": useful offline (validate), noise at plan
 * time, where the engine resolves every reference against the live tenant and refuses a missing one.
 */
export const UNDECLARED_REFERENCE = 'undeclared-reference';

const keyOf = (kind: string, name: string): string => `${kind}:${naturalKey(name)}`;

/**
 * The checks of a name a reference holds (manifest/names.ts: control and invisible characters,
 * length), given by the loader: constructs import no manifest code. `what` names the reference.
 */
export type ReferenceNameCheck = (kind: string, name: string, at: SourcePosition | undefined, address: string, what: string) => Diagnostic[];

/** Builds the DesiredState of one environment; diagnostics hold every error and warning found. */
export function assembleDesiredState(env: Environment, checkName?: ReferenceNameCheck): { state: DesiredState; diagnostics: Diagnostic[] } {
  // Blueprint option errors first: they explain problems in the objects they expanded into.
  const all = env.node.findAll();
  const diagnostics: Diagnostic[] = [];
  for (const c of all) if (Blueprint.isBlueprint(c)) append(diagnostics, (c as Blueprint).diagnostics);
  const declared = new Map<string, HaloObject>();
  const objects: HaloObject[] = [];
  for (const o of all) {
    if (!HaloObject.isHaloObject(o)) continue;
    const key = keyOf(o.kind, o.name);
    const first = declared.get(key);
    if (first) {
      const where = first.source ? ` (first declared at ${first.source.file}:${first.source.line}:${first.source.column})` : '';
      diagnostics.push(objectDiagnostic('error', o.address, `duplicate ${o.kind} '${o.name}'${where}`, o.source));
      continue;
    }
    declared.set(key, o);
    objects.push(o);
  }
  // A singleton kind (Settings) is one Halo object per tenant: a second declaration is an error.
  const singletons = new Set<string>();
  for (const o of objects) {
    if (!o.declaration.singleton) continue;
    if (singletons.has(o.kind)) diagnostics.push(objectDiagnostic('error', o.address, `only one ${o.kind} object per environment`, o.source));
    singletons.add(o.kind);
  }

  append(diagnostics, renameConflicts(objects, declared));
  append(diagnostics, sharedIds(objects));
  append(diagnostics, sharedSecretSinks(objects, env.config.file));

  // Each object's references, computed once (kinds build them from the spec on every call).
  const referencesOf = new Map<HaloObject, Reference[]>();
  for (const o of objects) {
    const own = o.check().diagnostics;
    append(diagnostics, own);
    // What could never converge (contradictions, encodings the catalog cannot express): plan refuses
    // the same, and validate reports it offline.
    if (!o.absent && !hasErrors(own)) {
      for (const u of o.declaration.neverConverges?.(o.spec, env.catalog) ?? []) {
        diagnostics.push(objectDiagnostic('error', o.address, u.message, o.fieldSources[u.path] ?? o.source));
      }
    }
    const references = o.absent ? [] : o.references();
    referencesOf.set(o, references);
    wireReferences(o, references, declared, diagnostics, checkName);
  }

  const nodes: GraphNode[] = objects.map((o) => ({ address: o.address, kind: o.kind, name: o.name, dependsOn: dependsOnOf(o) }));
  const sorted = topologicalOrder(nodes);
  let order: GraphNode[] = sorted.order ?? [];
  if (sorted.cycle) {
    const head = objects.find((o) => o.address === sorted.cycle[0]);
    diagnostics.push(error(`dependency cycle: ${sorted.cycle.join(' -> ')}`, head?.source, head?.address));
    order = topologicalOrder(nodes.map((n) => ({ ...n, dependsOn: [] }))).order ?? nodes;
  }
  const byAddress = new Map(objects.map((o) => [o.address, o]));
  const depsOf = new Map(nodes.map((n) => [n.address, n.dependsOn]));
  const desired = order.map((n) => {
    const o = byAddress.get(n.address) as HaloObject;
    return toDesiredObject(o, depsOf.get(n.address) ?? [], referencesOf.get(o) ?? []);
  });

  const state: DesiredState = {
    environment: env.config,
    objects: desired,
    catalog: env.catalog,
    diagnostics: diagnostics.filter((d) => d.severity === 'warning'),
    unverified: unverifiedUses(objects, env.catalog),
  };
  return { state, diagnostics };
}

function at(o: HaloObject): string {
  return o.source ? ` (${o.source.file}:${o.source.line}:${o.source.column})` : '';
}

/** Two objects of a kind pinned to one live id would both claim it: an error at the later one. */
function sharedIds(objects: readonly HaloObject[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const pinnedBy = new Map<string, HaloObject>();
  for (const o of objects) {
    if (o.id === undefined) continue;
    const key = `${o.kind}#${String(o.id)}`;
    const first = pinnedBy.get(key);
    if (first) out.push(objectDiagnostic('error', o.address, `id: ${String(o.id)} is also the id of ${first.address}${at(first)}; one live object can be declared once`, o.source));
    else pinnedBy.set(key, o);
  }
  return out;
}

/**
 * A rename's old name must be free: if another object of the kind is declared under it, or two
 * objects rename from it, both would claim one live record (plan would rename it and then
 * create, update or even delete it under the other address).
 */
function renameConflicts(objects: readonly HaloObject[], declared: ReadonlyMap<string, HaloObject>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const claimedBy = new Map<string, HaloObject>();
  for (const o of objects) {
    for (const old of o.previously) {
      const key = keyOf(o.kind, old);
      const other = declared.get(key);
      if (other && other !== o) {
        out.push(objectDiagnostic('error', o.address, `previously '${old}' is also declared as ${other.address}${at(other)}; a rename needs the old name out of the manifests`, o.source));
      }
      const first = claimedBy.get(key);
      if (first && first !== o) {
        out.push(objectDiagnostic('error', o.address, `previously '${old}' is also claimed by ${first.address}${at(first)}; one live object can be renamed into one object only`, o.source));
      }
      claimedBy.set(key, o);
    }
  }
  return out;
}

/** Two objects writing their generated secret to one sink would overwrite each other's secret. */
function sharedSecretSinks(objects: readonly HaloObject[], environmentFile: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const bySink = new Map<string, HaloObject>();
  for (const o of objects) {
    const sink = o.declaration.secretSink?.(o.spec);
    if (sink === undefined || o.absent) continue;
    let path: string;
    try {
      path = sinkPath(sink, dirname(environmentFile)).path;
    } catch {
      continue; // a malformed sink is reported by the object's own check
    }
    const first = bySink.get(path);
    if (first) {
      out.push(objectDiagnostic('error', o.address, `secret.sink '${sink}' is also the sink of ${first.address}${at(first)}; each application needs its own sink`, o.fieldSources['secret.sink'] ?? o.source));
    } else bySink.set(path, o);
  }
  return out;
}

/** Declared reference -> construct dependency; undeclared -> warning; absent target -> error. */
function wireReferences(o: HaloObject, references: readonly Reference[], declared: Map<string, HaloObject>, out: Diagnostic[], checkName?: ReferenceNameCheck): void {
  if (o.absent) return;
  const origin = { address: o.address, source: o.source, fieldSources: o.fieldSources };
  for (const ref of references) {
    const target = declared.get(keyOf(ref.kind, ref.name));
    // Positions and words only for the references that get a message.
    const at = () => positionOf(origin, ref.path);
    const what = () => `${kindWords(ref.kind)} '${ref.name}'`;
    if (!target) {
      // A declared target's name was checked where it is declared; an undeclared one only here. A
      // name no Halo object can have (a control character) is an error, and the warning would print it raw.
      const problems = (checkName?.(ref.kind, ref.name, at(), o.address, `reference to ${kindWords(ref.kind)}`) ?? []).map((d) =>
        objectDiagnostic(d.severity, o.address, d.message, d.source),
      );
      append(out, problems);
      if (hasErrors(problems)) continue;
      out.push({ ...objectDiagnostic('warning', o.address, `${what()} is not declared; it must exist in Halo (resolved at plan time)`, at()), code: UNDECLARED_REFERENCE });
      continue;
    }
    if (target.absent) {
      out.push(objectDiagnostic('error', o.address, `refers to ${what()}, which is declared absent`, at()));
      continue;
    }
    o.node.addDependency(target);
    const warning = o.declaration.referenceWarning?.(ref, target.spec as Record<string, unknown>, what());
    if (warning) out.push(objectDiagnostic('warning', o.address, warning, at()));
  }
}

/** Addresses of the Halo objects this one depends on (references plus any node.addDependency by code). */
function dependsOnOf(o: HaloObject): string[] {
  const deps = o.node.dependencies.filter((d): d is HaloObject => HaloObject.isHaloObject(d)).map((d) => d.address);
  return [...new Set(deps)].sort();
}

/**
 * A copy without undefined values, so the spec is exactly what was stated (nothing empty is
 * compared). Recursion is bounded by the spec's depth (at most limits.maxDepth from YAML).
 */
export function clean(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(clean);
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) plainKeyed(out, k, clean(x));
    return out;
  }
  return v;
}

function toDesiredObject(o: HaloObject, dependsOn: string[], references: Reference[]): DesiredObject {
  return {
    kind: o.kind,
    name: o.name,
    address: o.address,
    spec: clean(o.spec) as Record<string, unknown>,
    previously: [...o.previously],
    absent: o.absent,
    protect: o.protect,
    ...(o.id !== undefined ? { id: o.id } : {}),
    ...(o.source ? { source: o.source } : {}),
    // Positions are never changed after construction: the object's own copy is shared, not copied again.
    fieldSources: o.fieldSources,
    references,
    dependsOn,
    ...(o.origin ? { origin: o.origin } : {}),
  };
}

/** Resolves a dotted catalog path (`permissions.tickets.values.readOnly`) to its entry. */
function catalogEntry(catalog: Catalog, path: string): Record<string, unknown> | undefined {
  let node: unknown = catalog;
  for (const part of path.split('.')) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, part)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'object' && node !== null ? (node as Record<string, unknown>) : undefined;
}

/** The unverified catalog entries the objects use, with the addresses using each. */
function unverifiedUses(objects: HaloObject[], catalog: Catalog): UnverifiedUse[] {
  const uses = new Map<string, UnverifiedUse>();
  // Thousands of objects use the same few entries: each path is looked up once.
  const entries = new Map<string, Record<string, unknown> | undefined>();
  for (const o of objects) {
    if (o.absent) continue;
    for (const path of o.check().uses) {
      if (!entries.has(path)) entries.set(path, catalogEntry(catalog, path));
      const e = entries.get(path);
      if (!e || e.verified !== false) continue;
      const halo = 'halo' in e ? e.halo : 'target' in e ? e.target : 'field' in e ? e.field : e.fields;
      const u = uses.get(path) ?? { entry: path, halo, source: String(e.source), usedBy: [] };
      u.usedBy.push(o.address);
      uses.set(path, u);
    }
  }
  return [...uses.values()].sort((a, b) => (a.entry < b.entry ? -1 : a.entry > b.entry ? 1 : 0));
}
