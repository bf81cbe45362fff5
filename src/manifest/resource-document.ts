/**
 * One resource document (any kind but Environment): variables substituted, schema-checked with
 * the catalog's scope list, and turned into the ManifestDocument the construct tree consumes.
 */
import type { ErrorObject } from 'ajv';
import type { Diagnostic } from '../model/diagnostics.js';
import { append } from '../model/data.js';
import { nameDiagnostics } from './names.js';
import type { Catalog } from '../model/catalog.js';
import type { ManifestDocument } from '../model/desired.js';
import { schemaDiagnostics } from './schema-errors.js';
import { permissionsSchemaOf } from './catalog-schema.js';
import { documentValidators } from './schema-registry.js';
import type { KindName } from '../model/kinds.js';
import { substitute, type SubstitutionContext } from './variables.js';
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
  const address = name ? `${kind.toLowerCase()}/${name}` : undefined;
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
  if (checkOnly) return { diagnostics, checkOnly: manifestDocument(doc, kind, name, checkOnly) };
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  return { document: manifestDocument(doc, kind, name, value), diagnostics };
}

/** The ManifestDocument of a schema-valid value, with the position of every spec value. */
function manifestDocument(doc: YamlDocument, kind: KindName | 'Blueprint', name: string, value: Record<string, unknown>): ManifestDocument {
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
  };
}
