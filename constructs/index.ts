/**
 * The desired-state model as constructs (cdk8s style): HaloApp > Environment > one construct per Halo object;
 * Blueprints are composed constructs creating kind constructs. The manifest loader calls
 * synthesizeDesiredState; TypeScript users build the same tree and call desiredStateFromApp.
 */
import type { Diagnostic } from '../src/model/diagnostics.js';
import type { Catalog } from '../src/model/catalog.js';
import type { ManifestDocument } from '../src/model/desired.js';
import type { DesiredState, EnvironmentConfig } from '../src/model/desired.js';
import { HaloApp } from './app.js';
import { BLUEPRINTS, type BlueprintName } from './blueprints/index.js';
import { objectDiagnostic, suggestion } from './checker.js';
import { assembleDesiredState } from './desired-state.js';
import { Environment } from './environment.js';
import { constructFor } from './registry.js';
import { sanitizeId, type ObjectProps } from './object.js';

export { HaloApp } from './app.js';
export { Environment, type EnvironmentProps } from './environment.js';
export { HaloObject, type ObjectProps } from './object.js';
export * from './kinds/index.js';
export * from './blueprints/index.js';
export { topologicalOrder, type GraphNode } from './graph.js';
export { declarationOf, constructFor, DECLARATIONS } from './registry.js';
export { declareKind, type KindDeclaration, type KindSpec, type SpecProblem } from './kind.js';
export * from './fields.js';
export { UNDECLARED_REFERENCE } from './desired-state.js';

/** Builds the tree for one environment from its manifest documents and returns its desired state. */
export function synthesizeDesiredState(
  env: EnvironmentConfig,
  docs: ManifestDocument[],
  catalog: Catalog,
): { state: DesiredState; diagnostics: Diagnostic[] } {
  const app = new HaloApp();
  const environment = new Environment(app, { config: env, catalog });
  const early: Diagnostic[] = [];
  for (const doc of docs) {
    // A duplicate name gets a unique construct id so assembly reports it with both positions.
    const id = uniqueId(environment, doc.kind, doc.name);
    if (doc.kind === 'Blueprint') {
      const use = doc.spec.use;
      const cls = typeof use === 'string' && Object.hasOwn(BLUEPRINTS, use) ? BLUEPRINTS[use as BlueprintName] : undefined;
      if (!cls) {
        const known = Object.keys(BLUEPRINTS);
        early.push(
          objectDiagnostic('error', `blueprint/${doc.name}`, `unknown blueprint '${String(use)}'${suggestion(String(use), known)}; known: ${known.join(', ')}`, doc.fieldSources['use'] ?? doc.source),
        );
        continue;
      }
      const options = doc.spec.with;
      new cls(environment, id, {
        name: doc.name,
        with: typeof options === 'object' && options !== null && !Array.isArray(options) ? (options as Record<string, unknown>) : {},
        source: doc.source,
        fieldSources: doc.fieldSources,
      });
      continue;
    }
    const props: ObjectProps<never> = {
      name: doc.name,
      spec: doc.spec as never,
      previously: doc.previously,
      absent: doc.absent,
      protect: doc.protect,
      ...(doc.id !== undefined ? { id: doc.id } : {}),
      source: doc.source,
      fieldSources: doc.fieldSources,
    };
    new (constructFor(doc.kind))(environment, id, props);
  }
  const { state, diagnostics } = assembleDesiredState(environment);
  return { state, diagnostics: [...early, ...diagnostics] };
}

function uniqueId(scope: Environment, kind: string, name: string): string {
  let id = name;
  for (let n = 2; scope.node.tryFindChild(sanitizeId(`${kind}:${id}`)) || scope.node.tryFindChild(sanitizeId(`Blueprint:${id}`)); n++) id = `${name}#${n}`;
  return id;
}

/** The desired state of every Environment in a TypeScript-built tree. */
export function desiredStateFromApp(app: HaloApp): { states: DesiredState[]; diagnostics: Diagnostic[] } {
  const states: DesiredState[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const child of app.node.children) {
    if (!Environment.isEnvironment(child)) continue;
    const r = assembleDesiredState(child);
    states.push(r.state);
    diagnostics.push(...r.diagnostics);
  }
  return { states, diagnostics };
}

/**
 * Re-creates an Environment construct from a loaded DesiredState, so code can add objects next to the
 * YAML ones (main.ts) before turning the tree back into desired state.
 */
export function environmentFromState(app: HaloApp, state: DesiredState): Environment {
  const environment = new Environment(app, { config: state.environment, catalog: state.catalog });
  for (const o of state.objects) {
    new (constructFor(o.kind))(environment, uniqueId(environment, o.kind, o.name), {
      name: o.name,
      spec: structuredClone(o.spec) as never,
      previously: o.previously,
      absent: o.absent,
      protect: o.protect,
      ...(o.id !== undefined ? { id: o.id } : {}),
      source: o.source,
      fieldSources: o.fieldSources,
      origin: o.origin,
    });
  }
  return environment;
}
