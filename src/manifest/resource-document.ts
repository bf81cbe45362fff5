/**
 * One resource document (any kind but Environment): variables substituted, schema-checked with
 * the catalog's scope list, and turned into the ManifestDocument the construct tree consumes.
 */
import type { ErrorObject } from 'ajv';
import { error, type Diagnostic } from '../model/diagnostics.js';
import { append } from '../model/data.js';
import { nameDiagnostics } from './names.js';
import type { Catalog } from '../model/catalog.js';
import type { ManifestDocument } from '../model/desired.js';
import { schemaDiagnostics } from './schema-errors.js';
import { permissionsSchemaOf } from './catalog-schema.js';
import { documentValidators } from './schema-registry.js';
import type { KindName } from '../model/kinds.js';
import { substitute, type Substituted, type SubstitutionContext } from './variables.js';
import { declarationOf } from '../../constructs/registry.js';
import { namesInSpec } from '../../constructs/kind.js';
import type { YamlDocument } from './yaml-tree.js';

// One validator set per catalog (its scope list), not one lookup per document.
const validatorsByCatalog = new WeakMap<Catalog, ReturnType<typeof documentValidators>>();

/** The schema validators for a catalog's scopes and permissions (YAML documents and code-defined objects alike). */
export function validatorsFor(catalog: Catalog): ReturnType<typeof documentValidators> {
  let validators = validatorsByCatalog.get(catalog);
  // The merged catalog's scopes and permissions: an override that adds either is valid here.
  if (!validators) validatorsByCatalog.set(catalog, (validators = documentValidators(Object.keys(catalog.scopes), permissionsSchemaOf(catalog))));
  return validators;
}

/** `teams/members/0` (JSON pointer segments) -> `teams.members.0`. */
function dottedPath(pointer: string): string {
  const dotted = pointer.replaceAll('/', '.');
  return dotted.includes('~') ? pointer.split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')).join('.') : dotted;
}

/** Why a name may not take a value from the environment. */
export const NAME_FROM_ENV = 'a name cannot come from ${env:..}: names are printed in every plan';

/**
 * Names are addresses, printed in every plan, error and state file: a `name`, a `previously` entry,
 * a reference or another object's name (an agent's `access.customers`) that took a value from
 * `${env:..}` (directly or through a variable) is an error at its position, so a secret can never
 * become an address.
 */
function namesFromEnv(doc: YamlDocument, kind: KindName | 'Blueprint', value: Record<string, unknown>, sub: Substituted, address: string | undefined): Diagnostic[] {
  if (sub.fromEnv.size === 0) return [];
  const at = (pointer: string): Diagnostic => ({ ...error(NAME_FROM_ENV, doc.positions.get(pointer)?.value ?? doc.start), ...(address ? { address } : {}) });
  const out: Diagnostic[] = [];
  for (const pointer of sub.fromEnv) if (pointer === '/name' || /^\/previously\/\d+$/.test(pointer)) out.push(at(pointer));
  const spec = value.spec;
  if (kind === 'Blueprint' || spec === null || typeof spec !== 'object' || Array.isArray(spec)) return out;
  const envPaths = [...sub.fromEnv].filter((p) => p.startsWith('/spec/')).map((p) => ({ pointer: p, dotted: dottedPath(p.slice(6)) }));
  if (envPaths.length === 0) return out;
  for (const ref of namesInSpec(declarationOf(kind), spec as Record<string, unknown>)) {
    for (const p of envPaths) if (p.dotted === ref.path || p.dotted.startsWith(`${ref.path}.`)) out.push(at(p.pointer));
  }
  return out;
}

/** The document when valid, and its diagnostics either way. */
export interface ResourceRead {
  document?: ManifestDocument;
  /**
   * A document with schema errors, without the values they are about, when what is left is valid:
   * its catalog checks run too (never planned), so type and catalog errors come in one pass.
   */
  checkOnly?: ManifestDocument;
  diagnostics: Diagnostic[];
}

/** The object key that holds a path: the path itself, or the key of the first list on it (items keep their indices). */
function keyPathOf(pointer: string): string[] {
  const segments = pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const list = segments.findIndex((s) => /^\d+$/.test(s));
  return list < 0 ? segments : segments.slice(0, list);
}

/** A copy of `value` without the values the schema errors are about (undefined when nothing is left to check). */
function withoutInvalid(value: Record<string, unknown>, errors: readonly ErrorObject[]): Record<string, unknown> | undefined {
  const copy = structuredClone(value);
  for (const e of errors) {
    const path = keyPathOf(e.keyword === 'additionalProperties' ? `${e.instancePath}/${String((e.params as { additionalProperty: string }).additionalProperty)}` : e.instancePath);
    if (e.keyword === 'required' || path.length < 2 || path[0] !== 'spec') continue;
    let node: unknown = copy.spec;
    for (const seg of path.slice(1, -1)) node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[seg] : undefined;
    if (node !== null && typeof node === 'object' && !Array.isArray(node)) delete (node as Record<string, unknown>)[path[path.length - 1] as string];
  }
  return copy;
}

/**
 * Reads a document already known to have a resource kind. `headerOk` is false when the envelope
 * (apiVersion) was wrong: the rest is still checked, so every error is reported at once.
 */
export function readResource(
  doc: YamlDocument,
  kind: KindName | 'Blueprint',
  ctx: SubstitutionContext,
  catalog: Catalog,
  headerOk: boolean,
): ResourceRead {
  const sub = substitute(doc, ctx);
  const diagnostics: Diagnostic[] = [...sub.diagnostics];
  const value = sub.value as Record<string, unknown>;
  const validate = validatorsFor(catalog)[kind];
  const name = typeof value.name === 'string' ? value.name : undefined;
  // An address is never built from a secret: the error carries none.
  const address = name && !sub.fromEnv.has('/name') ? `${kind.toLowerCase()}/${name}` : undefined;
  append(diagnostics, namesFromEnv(doc, kind, value, sub, address));
  let checkOnly: Record<string, unknown> | undefined;
  if (!validate(value)) {
    // The envelope check already reported apiVersion/kind problems.
    const errors = (validate.errors ?? []).filter(
      (e) =>
        e.instancePath !== '/apiVersion' &&
        e.instancePath !== '/kind' &&
        !(e.keyword === 'required' && e.instancePath === '' && ['apiVersion', 'kind'].includes(String(e.params.missingProperty))),
    );
    append(diagnostics, schemaDiagnostics(errors, { doc, catalog, unresolved: sub.unresolved, fromEnv: sub.fromEnv, address }));
    const rest = errors.length > 0 && sub.diagnostics.length === 0 ? withoutInvalid(value, errors) : undefined;
    if (rest && validate(rest)) checkOnly = rest;
  } else if (name !== undefined) {
    append(diagnostics, nameDiagnostics(kind, name, doc.positions.get('/name')?.value ?? doc.start, address));
    const previously = Array.isArray(value.previously) ? (value.previously as string[]) : [];
    previously.forEach((old, i) => append(diagnostics, nameDiagnostics(kind, old, doc.positions.get(`/previously/${i}`)?.value ?? doc.start, address, 'previously')));
  }
  if (!headerOk || name === undefined) return { diagnostics };
  if (checkOnly) return { diagnostics, checkOnly: manifestDocument(doc, kind, name, checkOnly, sub.envValues) };
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  return { document: manifestDocument(doc, kind, name, value, sub.envValues), diagnostics };
}

/** The ManifestDocument of a schema-valid value, with the position of every spec value. */
function manifestDocument(doc: YamlDocument, kind: KindName | 'Blueprint', name: string, value: Record<string, unknown>, envValues: ReadonlySet<string>): ManifestDocument {
  const fieldSources: ManifestDocument['fieldSources'] = {};
  for (const [path, pos] of doc.positions) {
    if (!path.startsWith('/spec/')) continue;
    fieldSources[dottedPath(path.slice(6))] = pos.value;
  }
  const spec = value.spec;
  return {
    kind,
    name,
    spec: spec !== null && typeof spec === 'object' ? (spec as Record<string, unknown>) : {},
    previously: Array.isArray(value.previously) ? (value.previously as string[]) : [],
    absent: value.absent === true,
    protect: value.protect === true,
    ...(typeof value.id === 'string' || typeof value.id === 'number' ? { id: value.id } : {}),
    source: doc.positions.get('/name')?.value ?? doc.start,
    fieldSources,
    ...(envValues.size > 0 ? { envValues: [...envValues] } : {}),
  };
}
