/**
 * The shape of catalog data (src/model/catalog.ts) as small composable checks, plus the
 * cross-entry rules a shape cannot express. Used by catalog.ts on the merged stock + override data.
 */
import { error, type Diagnostic, type SourcePosition } from '../model/diagnostics.js';
import { DECLARATIONS } from '../../constructs/registry.js';
import { DEFAULT_REQUIRED_SCOPES, type CoreCatalog } from '../model/catalog.js';
import { RESOURCE_KINDS } from '../model/kinds.js';

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
const boolOrInt: Check = (v, path, out) => {
  if (typeof v !== 'boolean' && !(typeof v === 'number' && Number.isInteger(v))) out.push({ path, message: 'must be true, false or an integer' });
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
const strList: Check = (v, path, out) => {
  if (!Array.isArray(v)) return void out.push({ path, message: 'must be a list of strings' });
  v.forEach((x, i) => str(x, [...path, i], out));
};
/** A stored claim value: a string (an unquoted number is accepted and read as its digits). */
const claimValue: Check = (v, path, out) => {
  if (typeof v !== 'string' && !(typeof v === 'number' && Number.isInteger(v))) out.push({ path, message: 'must be a string (a claim value), e.g. "2"' });
};
const target: Check = (v, path, out) => {
  if (!isObject(v) || Object.keys(v).length !== 1 || !(typeof v.field === 'string' || typeof v.claim === 'string'))
    out.push({ path, message: 'must be {field: <Halo field>} or {claim: <claim code>}' });
};
/** AccessRestriction in src/model/catalog.ts: the agent access list an "allow all" flag governs. */
const restriction = shape(
  { access: oneOf('ticketTypes', 'customers', 'assetTypes', 'assetFields'), rows: str, rowFlags: record(boolOrInt) },
  ['access', 'rows'],
);
const permissionValue = shape({ ...provenance, halo: claimValue, label: str, privileged: bool }, ['halo', 'label', 'verified', 'source']);
const permission = shape(
  { ...provenance, label: str, group: str, target, aliases: strList, spellings: strList, type: oneOf('level', 'boolean'), values: record(permissionValue), privileged: bool, adminRights: bool, restriction },
  ['label', 'target', 'type', 'verified', 'source'],
);

const CORE_SECTIONS: Record<keyof CoreCatalog, Check> = {
  scopes: record(shape({ ...provenance, description: str, privileged: bool }, ['description', 'verified', 'source'])),
  invalidScopes: record(shape({ reason: str, source: str }, ['reason', 'source'])),
  permissions: record(permission),
  yesNoSpellings: shape({ ...provenance, yes: strList, no: strList }, ['yes', 'no', 'verified', 'source']),
  membershipLevels: record(shape({ ...provenance, halo: num, privileged: bool }, ['halo', 'verified', 'source'])),
  itilTypes: record(catalogValue(num)),
  ticketUse: record(catalogValue(str)),
  teamUse: record(catalogValue(str)),
  projectHierarchy: record(shape({ ...provenance, label: str, itilType: str, fields: anyObject }, ['label', 'itilType', 'fields', 'verified', 'source'])),
  ticketFields: record(catalogValue(num)),
  loginTypes: record(catalogValue(num)),
  authMethods: record(catalogValue(str)),
  settings: record(shape({ ...provenance, label: str, field: str, values: record(catalogValue(scalar)) }, ['label', 'field', 'verified', 'source'])),
  application: shape({ rotateCounterField: catalogValue(str) }, ['rotateCounterField']),
  requiredScopes: record(shape({ ...provenance, anyOf: strList }, ['anyOf', 'verified', 'source'])),
  listShapes: record(shape({ ...provenance, key: str, pageCap: num }, ['key', 'pageCap', 'verified', 'source'])),
  rateLimitHeaders: record(shape(provenance, ['verified', 'source'])),
};

/** A kind's value table (KindSpec.valueTables): friendly name -> {halo, verified, source}. */
const valueTable = record(catalogValue(scalar));

/** The value tables the kinds declare, in kind order. */
export function kindValueTables(): string[] {
  return Object.values(DECLARATIONS).flatMap((d) => d.valueTables ?? []);
}

/** Every section a catalog has: the core ones, then the kinds' value tables. */
function sections(tables: readonly string[]): Record<string, Check> {
  return { ...CORE_SECTIONS, ...Object.fromEntries(tables.map((t) => [t, valueTable])) };
}

/** Cross-entry rules the shape cannot express. */
function crossChecks(c: Json, out: Problem[]): void {
  const itil = isObject(c.itilTypes) ? c.itilTypes : {};
  for (const [name, h] of Object.entries(isObject(c.projectHierarchy) ? c.projectHierarchy : {})) {
    if (isObject(h) && typeof h.itilType === 'string' && !(h.itilType in itil))
      out.push({ path: ['projectHierarchy', name, 'itilType'], message: `itilType '${h.itilType}' is not in itilTypes` });
  }
  permissionChecks(isObject(c.permissions) ? c.permissions : {}, out);
  const scopes = isObject(c.scopes) ? c.scopes : {};
  for (const name of Object.keys(isObject(c.invalidScopes) ? c.invalidScopes : {}))
    if (name in scopes) out.push({ path: ['invalidScopes', name], message: `scope '${name}' is listed both as valid and invalid` });
  for (const [kind, r] of Object.entries(isObject(c.requiredScopes) ? c.requiredScopes : {})) {
    if (kind !== DEFAULT_REQUIRED_SCOPES && !(RESOURCE_KINDS as readonly string[]).includes(kind))
      out.push({ path: ['requiredScopes', kind], message: `'${kind}' is not a kind (expected one of: ${RESOURCE_KINDS.join(', ')}, or ${DEFAULT_REQUIRED_SCOPES})` });
    const anyOf = isObject(r) && Array.isArray(r.anyOf) ? r.anyOf : [];
    anyOf.forEach((s, i) => {
      if (typeof s === 'string' && !(s in scopes)) out.push({ path: ['requiredScopes', kind, 'anyOf', i], message: `scope '${s}' is not in scopes` });
    });
  }
}

/**
 * Permissions: a level needs values, a yes/no claim exactly `yes` and `no`; a claim type (code or
 * legacy alias) belongs to one permission only, so a live claim reads one way; one flag per access list.
 */
function permissionChecks(perms: Json, out: Problem[]): void {
  const owners = new Map<string, string>();
  const accessOwners = new Map<string, string>();
  for (const [name, p] of Object.entries(perms)) {
    if (!isObject(p)) continue;
    const claim = isObject(p.target) && typeof p.target.claim === 'string' ? p.target.claim : undefined;
    const values = isObject(p.values) ? Object.keys(p.values) : undefined;
    if (p.type === 'level' && (values === undefined || values.length === 0)) out.push({ path: ['permissions', name], message: "a 'level' permission needs 'values'" });
    if (claim !== undefined && p.type === 'boolean' && (values === undefined || values.length !== 2 || !values.includes('yes') || !values.includes('no')))
      out.push({ path: ['permissions', name, 'values'], message: "a yes/no claim permission needs exactly the values 'yes' and 'no'" });
    if (claim === undefined && (p.aliases !== undefined || p.spellings !== undefined || p.restriction !== undefined))
      out.push({ path: ['permissions', name], message: "'aliases', 'spellings' and 'restriction' need a claim target" });
    if (p.restriction !== undefined && p.type !== 'boolean') out.push({ path: ['permissions', name, 'restriction'], message: 'an "allow all" restriction flag must be a boolean permission' });
    const listed = (field: 'aliases' | 'spellings'): { type: string; path: Path }[] =>
      Array.isArray(p[field]) ? (p[field] as unknown[]).flatMap((a, i) => (typeof a === 'string' ? [{ type: a, path: [field, i] }] : [])) : [];
    const types = [...(claim !== undefined ? [{ type: claim, path: ['target', 'claim'] }] : []), ...listed('aliases'), ...listed('spellings')];
    for (const { type, path } of types) {
      const other = owners.get(type);
      if (other !== undefined) out.push({ path: ['permissions', name, ...path], message: `claim type '${type}' is also used by permission '${other}'` });
      else owners.set(type, name);
    }
    const access = isObject(p.restriction) && typeof p.restriction.access === 'string' ? p.restriction.access : undefined;
    if (access !== undefined) {
      const other = accessOwners.get(access);
      if (other !== undefined) out.push({ path: ['permissions', name, 'restriction', 'access'], message: `access list '${access}' is also governed by permission '${other}'` });
      else accessOwners.set(access, name);
    }
  }
}

/**
 * Checks merged catalog data against the `Catalog` shape (the core sections and the value tables
 * `tables`, by default the kinds' own); each problem is located through `locate`.
 */
export function validate(data: Json, locate: (path: Path) => SourcePosition, tables: readonly string[] = kindValueTables()): Diagnostic[] {
  const out: Problem[] = [];
  const all = sections(tables);
  for (const [k, v] of Object.entries(data)) {
    const check = Object.hasOwn(all, k) ? all[k] : undefined;
    if (!check) out.push({ path: [k], message: `unknown catalog section '${k}' (expected one of: ${Object.keys(all).join(', ')})` });
    else check(v, [k], out);
  }
  for (const k of Object.keys(all)) if (data[k] === undefined) out.push({ path: [k], message: `catalog section '${k}' is missing` });
  if (out.length === 0) crossChecks(data, out);
  return out.map((p) => error(`catalog ${p.path.join('.')}: ${p.message}`, locate(p.path)));
}
