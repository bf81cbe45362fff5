/**
 * The shape of catalog data (src/manifest/catalog-types.ts) as small composable checks, plus the
 * cross-entry rules a shape cannot express. Used by catalog.ts on the merged stock + override data.
 */
import { error, type Diagnostic, type SourcePosition } from '../errors.js';
import type { Catalog } from './catalog-types.js';

/** A parsed YAML mapping. */
export type Json = Record<string, unknown>;
/** A path into catalog data, e.g. ['permissions', 'tickets', 'values']. */
export type Path = (string | number)[];
interface Problem {
  path: Path;
  message: string;
}
type Check = (v: unknown, path: Path, out: Problem[]) => void;

/** A JSON object (not an array, not null). */
export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const str: Check = (v, path, out) => {
  if (typeof v !== 'string' || v.trim() === '') out.push({ path, message: 'must be a non-empty string' });
};
const bool: Check = (v, path, out) => {
  if (typeof v !== 'boolean') out.push({ path, message: 'must be true or false' });
};
const num: Check = (v, path, out) => {
  if (typeof v !== 'number' || !Number.isInteger(v)) out.push({ path, message: 'must be an integer' });
};
const scalar: Check = (v, path, out) => {
  if (!['string', 'number', 'boolean'].includes(typeof v)) out.push({ path, message: 'must be a string, number or boolean' });
};
const anyObject: Check = (v, path, out) => {
  if (!isObject(v)) out.push({ path, message: 'must be a mapping' });
};

function shape(fields: Record<string, Check>, required: string[]): Check {
  return (v, path, out) => {
    if (!isObject(v)) return void out.push({ path, message: 'must be a mapping' });
    for (const r of required) if (v[r] === undefined) out.push({ path, message: `is missing '${r}'` });
    for (const [k, val] of Object.entries(v)) {
      const check = fields[k];
      if (!check) out.push({ path: [...path, k], message: `unknown field '${k}' (expected one of: ${Object.keys(fields).join(', ')})` });
      else if (val !== undefined) check(val, [...path, k], out);
    }
  };
}

function record(check: Check): Check {
  return (v, path, out) => {
    if (!isObject(v)) return void out.push({ path, message: 'must be a mapping' });
    for (const [k, val] of Object.entries(v)) check(val, [...path, k], out);
  };
}

const provenance = { verified: bool, source: str, note: str };
const catalogValue = (halo: Check): Check => shape({ ...provenance, halo }, ['halo', 'verified', 'source']);
const oneOf =
  (...allowed: string[]): Check =>
  (v, path, out) => {
    if (typeof v !== 'string' || !allowed.includes(v)) out.push({ path, message: `must be one of: ${allowed.join(', ')}` });
  };
const alwaysTrue: Check = (v, path, out) => {
  if (v !== true) out.push({ path, message: 'must be true' });
};
/** RestrictionTarget in catalog-types.ts: "allow all" encoded by an agent restriction array. */
const restrictionTarget = shape({ restriction: oneOf('tickettypes', 'clients'), allWhenEmpty: alwaysTrue, rowFlags: record(bool) }, ['restriction', 'allWhenEmpty']);
const target: Check = (v, path, out) => {
  if (isObject(v) && 'restriction' in v) return restrictionTarget(v, path, out);
  if (!isObject(v) || Object.keys(v).length !== 1 || !(typeof v.field === 'string' || typeof v.claim === 'string'))
    out.push({ path, message: "must be {field: <Halo field>}, {claim: <claim type>} or {restriction: tickettypes|clients, allWhenEmpty: true}" });
};

const SECTIONS: Record<keyof Catalog, Check> = {
  scopes: record(shape({ ...provenance, description: str, privileged: bool }, ['description', 'verified', 'source'])),
  invalidScopes: record(shape({ reason: str, source: str }, ['reason', 'source'])),
  permissions: record(
    shape(
      { ...provenance, label: str, target, type: oneOf('level', 'boolean'), values: record(catalogValue(scalar)), privileged: bool },
      ['label', 'target', 'type', 'verified', 'source'],
    ),
  ),
  membershipLevels: record(catalogValue(num)),
  itilTypes: record(catalogValue(num)),
  ticketUse: record(catalogValue(str)),
  teamUse: record(catalogValue(str)),
  projectHierarchy: record(shape({ ...provenance, label: str, itilType: str, fields: anyObject }, ['label', 'itilType', 'fields', 'verified', 'source'])),
  ticketFields: record(catalogValue(num)),
  loginTypes: record(catalogValue(num)),
  authMethods: record(catalogValue(str)),
  settings: record(shape({ ...provenance, label: str, field: str, values: record(catalogValue(scalar)) }, ['label', 'field', 'verified', 'source'])),
  application: shape({ rotateCounterField: catalogValue(str) }, ['rotateCounterField']),
};

/** Cross-entry rules the shape cannot express. */
function crossChecks(c: Json, out: Problem[]): void {
  const itil = isObject(c.itilTypes) ? c.itilTypes : {};
  for (const [name, h] of Object.entries(isObject(c.projectHierarchy) ? c.projectHierarchy : {})) {
    if (isObject(h) && typeof h.itilType === 'string' && !(h.itilType in itil))
      out.push({ path: ['projectHierarchy', name, 'itilType'], message: `itilType '${h.itilType}' is not in itilTypes` });
  }
  const perms = isObject(c.permissions) ? c.permissions : {};
  for (const [name, p] of Object.entries(perms)) {
    if (isObject(p) && p.type === 'level' && !isObject(p.values))
      out.push({ path: ['permissions', name], message: "a 'level' permission needs 'values'" });
    if (isObject(p) && p.type === 'boolean' && isObject(p.target) && 'claim' in p.target && !(isObject(p.values) && p.values.yes && p.values.no))
      out.push({ path: ['permissions', name], message: "a boolean claim permission needs values 'yes' and 'no'" });
  }
  const scopes = isObject(c.scopes) ? c.scopes : {};
  for (const name of Object.keys(isObject(c.invalidScopes) ? c.invalidScopes : {}))
    if (name in scopes) out.push({ path: ['invalidScopes', name], message: `scope '${name}' is listed both as valid and invalid` });
}

/** Checks merged catalog data against the `Catalog` shape; each problem is located through `locate`. */
export function validate(data: Json, locate: (path: Path) => SourcePosition): Diagnostic[] {
  const out: Problem[] = [];
  for (const [k, v] of Object.entries(data)) {
    const check = SECTIONS[k as keyof Catalog];
    if (!check) out.push({ path: [k], message: `unknown catalog section '${k}' (expected one of: ${Object.keys(SECTIONS).join(', ')})` });
    else check(v, [k], out);
  }
  for (const k of Object.keys(SECTIONS)) if (data[k] === undefined) out.push({ path: [k], message: `catalog section '${k}' is missing` });
  if (out.length === 0) crossChecks(data, out);
  return out.map((p) => error(`catalog ${p.path.join('.')}: ${p.message}`, locate(p.path)));
}
