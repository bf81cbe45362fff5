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
import type { Document, LineCounter } from 'yaml';
import { yamlLibrary } from '../model/yaml-library.js';
import { readBoundedFile } from './bounded-file.js';
import { error, type Diagnostic, type SourcePosition } from '../model/diagnostics.js';
import type { Catalog } from '../model/catalog.js';
import { isObject, validate, type Json, type Path } from './catalog-shape.js';

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
  const { LineCounter, parseDocument } = yamlLibrary();
  const lines = new LineCounter();
  // merge: YAML `<<` keys let catalog files share value tables through anchors.
  const doc = parseDocument(text, { lineCounter: lines, merge: true, prettyErrors: false });
  const diagnostics = doc.errors.map((e) => {
    const p = lines.linePos(e.pos[0]);
    return error(e.message.split('\n')[0] ?? e.message, { file, line: p.line, column: p.col });
  });
  if (diagnostics.length > 0) return { diagnostics };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 1000 }) ?? {};
  } catch (e) {
    // An undefined alias or an alias bomb is yaml's ReferenceError at toJS: a problem of the file.
    return { diagnostics: [error(`${(e as Error).message.split('\n')[0]}`, { file, line: 1, column: 1 })] };
  }
  if (!isObject(data)) return { diagnostics: [error('a catalog file must be a mapping of catalog sections', { file, line: 1, column: 1 })] };
  return { parsed: { file, doc, lines, data }, diagnostics };
}

/** Position of the deepest node along `path` that exists in the file. */
function positionIn(p: ParsedFile, path: Path): SourcePosition {
  const { isMap, isScalar } = yamlLibrary();
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

// ---- shape checks (Catalog in src/model/catalog.ts) ----

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

/** Where an environment names its override (`policy.catalog: ...`), for a file that is not there. */
export interface OverrideReference {
  /** The position of the `catalog:` value in the environment file. */
  at: SourcePosition;
  /** The file as the message names it (relative to the working directory). */
  shown: string;
}

/** The largest catalog override read: catalog data is a few hundred KB at most. */
const MAX_OVERRIDE_BYTES = 10 * 1024 * 1024;

/** An override's text, or why it cannot be read as a catalog file (not there, not a file, too big). */
function readOverride(file: string): { text: string } | { problem: string } {
  const read = readBoundedFile(file, MAX_OVERRIDE_BYTES);
  if (read.ok) return { text: read.bytes.toString('utf8') };
  if (read.why === 'missing') return { problem: 'not found' };
  if (read.why === 'not-a-file') return { problem: 'is not a regular file (name a YAML file)' };
  if (read.why === 'too-big') return { problem: `is over ${MAX_OVERRIDE_BYTES / 1024 / 1024} MB` };
  return { problem: `cannot be read (${read.code})` };
}

/**
 * Loads the stock catalog (cached) and, when given, deep-merges the override YAML at `overridePath`
 * (an environment's `policy.catalog`). Problems point at the override file when the bad value is there,
 * and a missing file at `written`, the value that names it.
 */
export function loadCatalog(overridePath?: string, written?: OverrideReference): LoadedCatalog {
  const stock = loadStock();
  const diagnostics = [...stock.diagnostics];
  let data = stock.data;
  let override: ParsedFile | undefined;
  if (overridePath) {
    const file = resolve(overridePath);
    const read = readOverride(file);
    if ('problem' in read) {
      diagnostics.push(error(`catalog override file ${read.problem}: ${written?.shown ?? file}`, written?.at));
    } else {
      const r = parseFile(file, read.text);
      diagnostics.push(...r.diagnostics);
      if (r.parsed) {
        override = r.parsed;
        data = deepMerge(data, withoutExtensions(r.parsed.data));
        // A section the merge dropped (an empty value under an unknown key) is still a mistake:
        // a file of `root:*:...:` lines is a mapping of such keys, not a catalog.
        for (const k of Object.keys(withoutExtensions(r.parsed.data))) {
          if (data[k] === undefined) diagnostics.push(error(`catalog ${k}: unknown catalog section '${k}'`, positionIn(r.parsed, [k])));
        }
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
