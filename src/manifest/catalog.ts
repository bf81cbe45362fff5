/**
 * Loads catalog/ (data, not code: friendly manifest values -> Halo codes) and an optional per-environment
 * override (`policy.catalog`), deep-merged and validated against the `Catalog` shape. Problems come back as
 * diagnostics with the position in the file that holds the bad value.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { isMap, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import { error, type Diagnostic, type SourcePosition } from '../errors.js';
import type { Catalog } from './catalog-types.js';

/** The result of loading: the merged catalog (always returned) and any problems found. */
export interface LoadedCatalog {
  catalog: Catalog;
  diagnostics: Diagnostic[];
}

/** One catalog value the Halo sources do not confirm (`verified: false`). */
export interface UnverifiedEntry {
  /** Dotted catalog path, e.g. `membershipLevels.modifyAll` or `permissions.tickets.values.readOnly`. */
  entry: string;
  halo: unknown;
  source: string;
}

interface ParsedFile {
  file: string;
  doc: Document;
  lines: LineCounter;
  data: Record<string, unknown>;
}

type Json = Record<string, unknown>;
type Path = (string | number)[];
interface Problem {
  path: Path;
  message: string;
}
type Check = (v: unknown, path: Path, out: Problem[]) => void;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The folder holding package.json, found by walking up from this module (works from src/ and dist/src/). */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('halo-iac: cannot find package.json above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
  return dir;
}

/** Absolute path of the stock catalog/ folder. */
export function catalogDir(): string {
  return join(packageRoot(), 'catalog');
}

function parseFile(file: string, text = readFileSync(file, 'utf8')): { parsed?: ParsedFile; diagnostics: Diagnostic[] } {
  const lines = new LineCounter();
  // merge: YAML `<<` keys let catalog files share value tables through anchors.
  const doc = parseDocument(text, { lineCounter: lines, merge: true, prettyErrors: false });
  const diagnostics = doc.errors.map((e) => {
    const p = lines.linePos(e.pos[0]);
    return error(e.message.split('\n')[0] ?? e.message, { file, line: p.line, column: p.col });
  });
  if (diagnostics.length > 0) return { diagnostics };
  const data: unknown = doc.toJS({ maxAliasCount: 1000 }) ?? {};
  if (!isObject(data)) return { diagnostics: [error('a catalog file must be a mapping of catalog sections', { file, line: 1, column: 1 })] };
  return { parsed: { file, doc, lines, data }, diagnostics };
}

/** Position of the deepest node along `path` that exists in the file. */
function positionIn(p: ParsedFile, path: Path): SourcePosition {
  for (let n = path.length; n > 0; n--) {
    const node = p.doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
    if (node && node.range) {
      // For a map entry, point at the key (more readable than the value's first token).
      const parent = n > 1 ? p.doc.getIn(path.slice(0, n - 1), true) : p.doc.contents;
      let offset = node.range[0];
      if (isMap(parent)) {
        const pair = parent.items.find((it) => isScalar(it.key) && String(it.key.value) === String(path[n - 1]));
        if (pair && isScalar(pair.key) && pair.key.range) offset = pair.key.range[0];
      }
      const lc = p.lines.linePos(offset);
      return { file: p.file, line: lc.line, column: lc.col };
    }
  }
  return { file: p.file, line: 1, column: 1 };
}

// ---- shape checks (Catalog in catalog-types.ts) ----

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

/** Deep merge: mappings merge key by key, anything else replaces; `null` deletes the key. */
export function deepMerge(base: Json, over: Json): Json {
  const out: Json = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (v === null) delete out[k];
    else if (isObject(v) && isObject(out[k])) out[k] = deepMerge(out[k] as Json, v);
    else out[k] = v;
  }
  return out;
}

function validate(data: Json, locate: (path: Path) => SourcePosition): Diagnostic[] {
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

/** Drops `x-*` keys: they only hold YAML anchors shared inside a file. */
function withoutExtensions(data: Json): Json {
  return Object.fromEntries(Object.entries(data).filter(([k]) => !k.startsWith('x-')));
}

interface StockCatalog {
  data: Json;
  /** The parsed file that defines each section (parsed on first use when read from the snapshot). */
  owner: Map<string, () => ParsedFile>;
  diagnostics: Diagnostic[];
}
let stockCache: StockCatalog | undefined;

/** The stock catalog files, sorted by name, with their text. */
function stockTexts(): { path: string; text: string }[] {
  const dir = catalogDir();
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((name) => ({ path: join(dir, name), text: readFileSync(join(dir, name), 'utf8') }));
}

/** Identifies the stock catalog's exact text (file names and contents). */
function stockFingerprint(texts: { path: string; text: string }[]): string {
  return createHash('sha256')
    .update(JSON.stringify(texts.map((t) => [basename(t.path), t.text])))
    .digest('hex');
}

/**
 * The build's copy of the parsed stock catalog (dist/catalog-snapshot.json, written by
 * scripts/precompile.ts): YAML parsing is a large share of start-up. Sections map to file names.
 */
interface StockSnapshot {
  fingerprint: string;
  data: Json;
  owners: Record<string, string>;
}

/** Where the build writes the snapshot: dist/catalog-snapshot.json, beside dist/src/. */
const SNAPSHOT_FILE = fileURLToPath(new URL('../../catalog-snapshot.json', import.meta.url));

function parseStock(texts: { path: string; text: string }[]): StockCatalog {
  const diagnostics: Diagnostic[] = [];
  const owner = new Map<string, () => ParsedFile>();
  const ownerFile = new Map<string, string>();
  let data: Json = {};
  for (const { path, text } of texts) {
    const r = parseFile(path, text);
    diagnostics.push(...r.diagnostics);
    if (!r.parsed) continue;
    const parsed = r.parsed;
    for (const [k, v] of Object.entries(withoutExtensions(parsed.data))) {
      const prev = ownerFile.get(k);
      if (prev) diagnostics.push(error(`catalog section '${k}' is also defined in ${prev}`, positionIn(parsed, [k])));
      owner.set(k, () => parsed);
      ownerFile.set(k, parsed.file);
      data = { ...data, [k]: v };
    }
  }
  return { data, owner, diagnostics };
}

/**
 * The snapshot of the stock catalog for the build to write, or undefined when the stock catalog
 * has problems (those are reported by parsing it) or holds values JSON cannot carry.
 */
export function stockCatalogSnapshot(): string | undefined {
  const texts = stockTexts();
  const stock = parseStock(texts);
  if (stock.diagnostics.length > 0) return undefined;
  if (!isDeepStrictEqual(JSON.parse(JSON.stringify(stock.data)), stock.data)) return undefined;
  const owners = Object.fromEntries([...stock.owner].map(([k, f]) => [k, basename(f().file)]));
  const snapshot: StockSnapshot = { fingerprint: stockFingerprint(texts), data: stock.data, owners };
  return JSON.stringify(snapshot);
}

/** The stock catalog from the build's snapshot, when it was made from exactly these files. */
function fromSnapshot(texts: { path: string; text: string }[]): StockCatalog | undefined {
  if (!existsSync(SNAPSHOT_FILE)) return undefined;
  const snapshot = JSON.parse(readFileSync(SNAPSHOT_FILE, 'utf8')) as StockSnapshot;
  if (snapshot.fingerprint !== stockFingerprint(texts)) return undefined;
  const parsedFiles = new Map<string, ParsedFile>();
  const owner = new Map<string, () => ParsedFile>();
  for (const [section, name] of Object.entries(snapshot.owners)) {
    const source = texts.find((t) => basename(t.path) === name);
    if (!source) return undefined;
    // Positions are only needed for a diagnostic: parse the file then.
    owner.set(section, () => {
      let parsed = parsedFiles.get(name);
      if (!parsed) {
        parsed = parseFile(source.path, source.text).parsed;
        if (!parsed) throw new Error(`halo-iac: catalog snapshot out of step with ${source.path}`);
        parsedFiles.set(name, parsed);
      }
      return parsed;
    });
  }
  return { data: snapshot.data, owner, diagnostics: [] };
}

function loadStock(): StockCatalog {
  if (stockCache) return stockCache;
  const texts = stockTexts();
  stockCache = fromSnapshot(texts) ?? parseStock(texts);
  return stockCache;
}

/**
 * Loads the stock catalog (cached) and, when given, deep-merges the override YAML at `overridePath`
 * (an environment's `policy.catalog`). Problems point at the override file when the bad value is there.
 */
export function loadCatalog(overridePath?: string): LoadedCatalog {
  const stock = loadStock();
  const diagnostics = [...stock.diagnostics];
  let data = stock.data;
  let override: ParsedFile | undefined;
  if (overridePath) {
    const file = resolve(overridePath);
    if (!existsSync(file)) {
      diagnostics.push(error(`catalog override file not found: ${file}`));
    } else {
      const r = parseFile(file);
      diagnostics.push(...r.diagnostics);
      if (r.parsed) {
        override = r.parsed;
        data = deepMerge(data, withoutExtensions(r.parsed.data));
      }
    }
  }
  const locate = (path: Path): SourcePosition => {
    if (override && override.doc.hasIn(path.slice(0, 1))) return positionIn(override, path);
    const owner = stock.owner.get(String(path[0]));
    return owner ? positionIn(owner(), path) : { file: override?.file ?? catalogDir(), line: 1, column: 1 };
  };
  diagnostics.push(...validate(data, locate));
  // structuredClone: callers may not mutate the cached stock catalog.
  return { catalog: structuredClone(data) as unknown as Catalog, diagnostics };
}

/** Every `verified: false` value in the catalog, with its catalog path and cited source. */
export function unverifiedEntries(catalog: Catalog): UnverifiedEntry[] {
  const out: UnverifiedEntry[] = [];
  const visit = (v: unknown, path: string[]): void => {
    if (!isObject(v)) return;
    if (v.verified === false && typeof v.source === 'string') {
      const halo = 'halo' in v ? v.halo : 'target' in v ? v.target : 'field' in v ? v.field : v.fields;
      out.push({ entry: path.join('.'), halo, source: v.source });
    }
    for (const [k, child] of Object.entries(v)) visit(child, [...path, k]);
  };
  visit(catalog, []);
  return out;
}
