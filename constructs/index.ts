/**
 * The desired-state model as constructs (cdk8s style): HaloApp > Environment > one construct per Halo object;
 * Blueprints are composed constructs creating kind constructs. The manifest loader calls
 * synthesizeDesiredState (or environmentFromDocuments, then an app's code, then assembleDesiredState);
 * TypeScript users build the same tree and call desiredStateFromApp.
 */
import { Construct } from 'constructs';
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

export { HaloApp, defineApp, type EnvironmentApp } from './app.js';
export { Environment, type EnvironmentProps } from './environment.js';
export { HaloObject, type ObjectProps } from './object.js';
export * from './kinds/index.js';
export * from './blueprints/index.js';
export { topologicalOrder, type GraphNode } from './graph.js';
export { declarationOf, constructFor, DECLARATIONS } from './registry.js';
export { declareKind, type KindDeclaration, type KindSpec, type SpecProblem } from './kind.js';
export * from './fields.js';
export { assembleDesiredState, UNDECLARED_REFERENCE } from './desired-state.js';
export { constructPath } from './path.js';
export { creationSource, withCreationSources, type SourceLocator } from './source.js';

/** Id of the scope under an Environment that holds its YAML documents' objects. */
export const MANIFESTS_SCOPE = 'manifests';

/** Builds the tree for one environment from its manifest documents and returns its desired state. */
export function synthesizeDesiredState(
  env: EnvironmentConfig,
  docs: ManifestDocument[],
  catalog: Catalog,
): { state: DesiredState; diagnostics: Diagnostic[] } {
  const tree = environmentFromDocuments(new HaloApp(), env, docs, catalog);
  const { state, diagnostics } = assembleDesiredState(tree.environment);
  return { state, diagnostics: [...tree.diagnostics, ...diagnostics] };
}

/**
 * The Environment construct of one environment's manifest documents, under `app`, before assembly:
 * code (`--app`) adds its objects here, then assembleDesiredState checks and orders them all. The
 * diagnostics are the documents' that cannot become constructs (an unknown blueprint).
 */
export function environmentFromDocuments(
  app: HaloApp,
  env: EnvironmentConfig,
  docs: ManifestDocument[],
  catalog: Catalog,
): { environment: Environment; diagnostics: Diagnostic[] } {
  const environment = new Environment(app, { config: env, catalog });
  // The documents' objects sit one scope down, so an app's `new Team(environment, 'X')` never
  // collides with a YAML team X's construct id: assembly reports the duplicate with both positions.
  const manifests = new Construct(environment, MANIFESTS_SCOPE);
  const early: Diagnostic[] = [];
  for (const doc of docs) {
    // A duplicate name gets a unique construct id so assembly reports it with both positions.
    const id = uniqueId(manifests, doc.kind, doc.name);
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
      new cls(manifests, id, {
        name: doc.name,
        with: typeof options === 'object' && options !== null && !Array.isArray(options) ? (options as Record<string, unknown>) : {},
        source: doc.source,
        fieldSources: doc.fieldSources,
      });
      continue;
    }
    new (constructFor(doc.kind))(manifests, id, objectProps(doc));
  }
  return { environment, diagnostics: early };
}

/** The construct props of a resource document. */
function objectProps(doc: ManifestDocument): ObjectProps<never> {
  return {
    name: doc.name,
    spec: doc.spec as never,
    previously: doc.previously,
    absent: doc.absent,
    protect: doc.protect,
    ...(doc.id !== undefined ? { id: doc.id } : {}),
    source: doc.source,
    fieldSources: doc.fieldSources,
  };
}

/**
 * The catalog errors of documents that are never planned (the loader's schema-invalid documents,
 * without their invalid values): each object's own checks only, so one pass reports every error.
 */
export function catalogErrors(env: EnvironmentConfig, docs: readonly ManifestDocument[], catalog: Catalog): Diagnostic[] {
  const environment = new Environment(new HaloApp(), { config: env, catalog });
  const out: Diagnostic[] = [];
  for (const doc of docs) {
    if (doc.kind === 'Blueprint') continue;
    const o = new (constructFor(doc.kind))(environment, uniqueId(environment, doc.kind, doc.name), objectProps(doc));
    out.push(...o.check().diagnostics.filter((d) => d.severity === 'error'));
  }
  return out;
}

function uniqueId(scope: Construct, kind: string, name: string): string {
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
