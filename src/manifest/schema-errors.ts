/**
 * Turns ajv errors into one-line diagnostics that point at the offending key (unknown key) or
 * value (wrong type, bad enum), with "did you mean" for typos. ajv reports every failing branch
 * of an `anyOf`; only the useful ones survive here.
 */
import type { ErrorObject } from 'ajv';
import { error, type Diagnostic, type SourcePosition } from '../model/diagnostics.js';
import type { Catalog } from '../model/catalog.js';
import { didYouMean, didYouMeanValue } from '../model/suggest.js';
import type { YamlDocument } from './yaml-tree.js';

/** Context for messages that need the catalog (unknown scopes). */
export interface SchemaErrorContext {
  /** Positions of the values (none for a code-defined object) and of the document, when known. */
  doc: Pick<YamlDocument, 'positions'> & { start?: SourcePosition };
  catalog: Pick<Catalog, 'scopes' | 'invalidScopes'>;
  /** Paths whose value holds an unresolved `${..}`: already reported, not re-checked. */
  unresolved: ReadonlySet<string>;
  /** Paths whose value came from `${env:..}`: the value may be a secret and is never shown. */
  fromEnv?: ReadonlySet<string>;
  address?: string;
}

/** Diagnostics for one document's ajv errors, in document order. */
export function schemaDiagnostics(errors: readonly ErrorObject[], ctx: SchemaErrorContext): Diagnostic[] {
  const kept = prune(errors.filter((e) => !ctx.unresolved.has(e.instancePath)));
  const out = kept.map((e) => toDiagnostic(e, ctx));
  return out.sort((a, b) => (a.source?.line ?? 0) - (b.source?.line ?? 0) || (a.source?.column ?? 0) - (b.source?.column ?? 0));
}

/**
 * Drops the noise: failing anyOf branches, enum/format errors next to a type error, and the
 * "must match then" summary of an if/then (its `then` errors say what is wrong).
 */
function prune(errors: readonly ErrorObject[]): ErrorObject[] {
  const anyOfs = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  const dropped = new Set<ErrorObject>();
  for (const a of anyOfs) {
    const branch = errors.filter((e) => e !== a && e.schemaPath.startsWith(a.schemaPath + '/'));
    // The value has the shape of exactly one branch (a list where the other is `'all'`): that
    // branch's errors say what is wrong (a duplicate item, a missing key); the summary would not.
    const shaped = shapedBranch(a);
    if (shaped !== undefined) {
      const inside = `${a.schemaPath}/${shaped}/`;
      for (const e of branch) if (!e.schemaPath.startsWith(inside)) dropped.add(e);
      dropped.add(a);
      continue;
    }
    const deeper = branch.filter((e) => e.instancePath.startsWith(a.instancePath + '/'));
    // Data of the right shape with a bad item: report the item. Else one summary for the union.
    for (const e of branch) if (deeper.length === 0 || e.instancePath === a.instancePath) dropped.add(e);
    if (deeper.length > 0) dropped.add(a);
  }
  const typed = new Set(errors.filter((e) => e.keyword === 'type' && !dropped.has(e)).map((e) => e.instancePath));
  const seen = new Set<string>();
  return errors.filter((e) => {
    // `must match "else" schema` only restates the errors of that branch, which are reported.
    if (dropped.has(e) || e.keyword === 'if') return false;
    if (e.keyword !== 'type' && typed.has(e.instancePath) && e.keyword !== 'additionalProperties' && e.keyword !== 'required') return false;
    const id = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/**
 * The index of the one branch of a failed anyOf/oneOf whose `type` accepts the value, or
 * undefined when none or several do, or a branch's type is not known here (a `$ref`). A `const`
 * branch is never the shape: for a value that is not that constant the summary reads better.
 */
function shapedBranch(a: ErrorObject): number | undefined {
  const branches = Array.isArray(a.schema) ? (a.schema as Record<string, unknown>[]) : [];
  let found: number | undefined;
  for (const [i, b] of branches.entries()) {
    if ('const' in b || 'enum' in b) continue;
    if (b.type === undefined) return undefined;
    const types = Array.isArray(b.type) ? (b.type as string[]) : [String(b.type)];
    if (!types.some((t) => hasType(a.data, t))) continue;
    if (found !== undefined) return undefined;
    found = i;
  }
  return found;
}

/** Whether a value is of a JSON Schema type. */
function hasType(v: unknown, type: string): boolean {
  switch (type) {
    case 'array':
      return Array.isArray(v);
    case 'object':
      return typeof v === 'object' && v !== null && !Array.isArray(v);
    case 'null':
      return v === null;
    case 'integer':
      return Number.isInteger(v);
    default:
      return typeof v === type;
  }
}

function toDiagnostic(e: ErrorObject, ctx: SchemaErrorContext): Diagnostic {
  const { doc } = ctx;
  const here = doc.positions.get(e.instancePath);
  const valuePos = here?.value ?? doc.start;
  const label = labelOf(e.instancePath);
  // A value from ${env:..}, or one a `writeOnly` schema holds (where a secret may be pasted by mistake), is never shown.
  const writeOnly = (e.parentSchema as { writeOnly?: unknown } | undefined)?.writeOnly === true;
  const shown = (path: string, v: unknown) => (ctx.fromEnv?.has(path) ? 'the value from ${env:..}' : writeOnly ? 'the value (not shown)' : `'${String(v)}'`);
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String((e.params as { additionalProperty: string }).additionalProperty);
      const pos = doc.positions.get(`${e.instancePath}/${escape(key)}`)?.key ?? valuePos;
      const allowed = Object.keys((e.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties ?? {});
      const hint = didYouMean(key, allowed) || (allowed.length === 0 ? ` (${label || 'this mapping'} takes no keys)` : ` (allowed: ${allowed.join(', ')})`);
      return error(`unknown key '${key}'${hint}`, pos, ctx.address);
    }
    case 'required': {
      const missing = String((e.params as { missingProperty: string }).missingProperty);
      const pos = here?.key ?? here?.value ?? doc.start;
      return error(`missing required key '${missing}'${label ? ` in ${label}` : ''}`, pos, ctx.address);
    }
    case 'type':
      return error(`${label}: expected ${typeList(e.params as { type: string | string[] })}, got ${typeOf(e.data)}`, valuePos, ctx.address);
    case 'enum':
      return error(enumMessage(e, label, ctx), valuePos, ctx.address);
    case 'anyOf':
    case 'oneOf': {
      // A closed list written as one const per value (so editors describe each): an enum, in words.
      const consts = constBranches(e.schema);
      if (consts && typeof e.data === 'string' && !ctx.fromEnv?.has(e.instancePath))
        return error(`${label}: must be one of: ${consts.join(', ')}${didYouMeanValue(e.data, consts)}`, valuePos, ctx.address);
      return error(`${label}: expected ${alternatives(e.schema)}, got ${typeOf(e.data)}`, valuePos, ctx.address);
    }
    case 'minLength':
      return error(`${label}: must not be empty`, valuePos, ctx.address);
    case 'minItems':
      return error(`${label}: must have at least ${String((e.params as { limit: number }).limit)} item(s)`, valuePos, ctx.address);
    case 'uniqueItems': {
      const j = (e.params as { j: number }).j;
      const item = doc.positions.get(`${e.instancePath}/${j}`)?.value ?? valuePos;
      return error(`${label}: duplicate item ${shown(`${e.instancePath}/${j}`, (e.data as unknown[])[j])}`, item, ctx.address);
    }
    case 'pattern': {
      const pattern = String((e.params as { pattern: string }).pattern);
      return error(`${label}: ${shown(e.instancePath, e.data)} must be ${PATTERN_WORDS[pattern] ?? `like ${pattern}`}`, valuePos, ctx.address);
    }
    case 'format':
      return error(`${label}: ${shown(e.instancePath, e.data)} is not a valid ${String((e.params as { format: string }).format)}`, valuePos, ctx.address);
    case 'minimum':
      return error(`${label}: must be >= ${String((e.params as { limit: number }).limit)}`, valuePos, ctx.address);
    case 'maximum':
      // Number.MAX_SAFE_INTEGER for ids: past it a number no longer holds the id written.
      return error(`${label}: must be <= ${String((e.params as { limit: number }).limit)}`, valuePos, ctx.address);
    case 'const':
      return error(`${label}: must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}`, valuePos, ctx.address);
    default:
      return error(`${label}: ${e.message ?? e.keyword}`, valuePos, ctx.address);
  }
}

/** The schemas' patterns in words. */
const PATTERN_WORDS: Record<string, string> = {
  '^\\s*((file|env-file|command):[\\s\\S]+|none)\\s*$': 'file:PATH, env-file:PATH, command:CMD or none',
  '^[A-Za-z_][A-Za-z0-9_]*$': 'a variable name (letters, digits and _, not starting with a digit)',
  '^https?://': 'an http:// or https:// URL',
  '\\S': 'text that is not blank',
  '^https?://\\S+$': 'an http:// or https:// URL',
  '^\\s*env:[A-Za-z_][A-Za-z0-9_]*\\s*$': 'env:NAME, the environment variable that holds the secret',
};

function enumMessage(e: ErrorObject, label: string, ctx: SchemaErrorContext): string {
  const allowed = (e.params as { allowedValues: unknown[] }).allowedValues.map(String);
  const scope = /^\/spec\/scopes\/\d+$/.test(e.instancePath);
  if (ctx.fromEnv?.has(e.instancePath)) {
    return scope ? `${label}: unknown scope (the value from \${env:..}; see catalog/scopes.yaml)` : `${label}: the value from \${env:..} must be one of: ${allowed.join(', ')}`;
  }
  const value = String(e.data);
  if (scope) {
    const invalid = ctx.catalog.invalidScopes[value];
    if (invalid) return `unknown scope '${value}': ${invalid.reason}`;
    return `unknown scope '${value}'${didYouMean(value, Object.keys(ctx.catalog.scopes)) || ' (see catalog/scopes.yaml)'}`;
  }
  return `${label}: must be one of: ${allowed.join(', ')}${didYouMeanValue(value, allowed)}`;
}

/** `/spec/teams/members/1` -> `spec.teams.members[1]`. */
export function labelOf(pointer: string): string {
  let out = '';
  for (const raw of pointer.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    out += /^\d+$/.test(seg) ? `[${seg}]` : out ? `.${seg}` : seg;
  }
  return out;
}

function escape(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

function typeList(p: { type: string | string[] }): string {
  const list = Array.isArray(p.type) ? p.type : [p.type];
  return list.map((t) => (t === 'array' ? 'a list' : t === 'object' ? 'a mapping' : t)).join(' or ');
}

/** The YAML reader's view of a value's type, in the words of the messages. */
export function typeOf(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
    return typeof v;
}

/** The values of an anyOf whose every branch is a string `const`, else undefined. */
function constBranches(schema: unknown): string[] | undefined {
  const branches = Array.isArray(schema) ? (schema as Record<string, unknown>[]) : [];
  if (branches.length === 0 || !branches.every((b) => typeof b.const === 'string')) return undefined;
  return branches.map((b) => String(b.const));
}

function alternatives(schema: unknown): string {
  const branches = Array.isArray(schema) ? (schema as Record<string, unknown>[]) : [];
  return branches
    .map((b) => ('const' in b ? `'${String(b.const)}'` : b.type === 'array' ? 'a list' : b.type === 'object' ? 'a mapping' : String(b.type ?? 'a value')))
    .join(' or ');
}
