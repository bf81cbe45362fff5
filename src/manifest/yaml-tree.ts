/**
 * Reads a multi-document YAML file into plain values plus a position for every key and value,
 * so any later check (schema, variables, duplicates, references) can point at the exact
 * `file:line:col`. YAML syntax errors, duplicate keys and tabs become diagnostics here.
 */
import { readFile } from 'node:fs/promises';
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from 'yaml';
import { error, warning, type Diagnostic, type SourcePosition } from '../errors.js';

/** Where a mapping entry's key and its value start; `key` is absent for sequence items and the root. */
export interface NodePosition {
  key?: SourcePosition;
  value: SourcePosition;
}

/** One YAML document as plain data, with positions keyed by JSON pointer (`/spec/scopes/1`). */
export interface YamlDocument {
  /** File path relative to the working directory, as printed in diagnostics. */
  file: string;
  /** Absolute path of the file. */
  absolute: string;
  value: unknown;
  positions: Map<string, NodePosition>;
  /** Position of the document's first content (used for problems with the document as a whole). */
  start: SourcePosition;
  /** True when YAML reported errors; the value is then not validated further. */
  broken: boolean;
}

/** The documents of one file and the YAML-level diagnostics found while parsing it. */
export interface YamlFile {
  documents: YamlDocument[];
  diagnostics: Diagnostic[];
}

/** JSON pointer segment escaping, identical to ajv's instancePath. */
export function pointerSegment(key: string | number): string {
  return String(key).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Reads and parses a file; an unreadable file is one error naming it (never an exception). */
export async function readYamlFile(absolute: string, file: string): Promise<YamlFile> {
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    return { documents: [], diagnostics: [error(`cannot read ${file} (${code})`, { file, line: 1, column: 1 })] };
  }
  return parseYaml(text, absolute, file);
}

/** Parses YAML text (all documents) with exact positions. */
export function parseYaml(text: string, absolute: string, file: string): YamlFile {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  const list = Array.isArray(docs) ? docs : [];
  const diagnostics: Diagnostic[] = [];
  const at = (offset: number): SourcePosition => {
    const p = lineCounter.linePos(offset);
    return { file, line: p.line, column: p.col };
  };
  const documents: YamlDocument[] = [];
  for (const doc of list) {
    // Every duplicate key is independent; other syntax errors cascade, so the first one is enough.
    let syntaxReported = false;
    for (const e of doc.errors) {
      if (e.code !== 'DUPLICATE_KEY') {
        if (syntaxReported) continue;
        syntaxReported = true;
      }
      diagnostics.push(error(yamlMessage(e.code, e.message, text, e.pos[0]), at(e.pos[0])));
    }
    for (const w of doc.warnings) diagnostics.push(warning(yamlMessage(w.code, w.message, text, w.pos[0]), at(w.pos[0])));
    if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) continue; // empty document
    const positions = new Map<string, NodePosition>();
    const value = toPlain(doc.contents, '', doc, positions, at, undefined);
    documents.push({ file, absolute, value, positions, start: at(doc.contents.range?.[0] ?? 0), broken: doc.errors.length > 0 });
  }
  return { documents, diagnostics };
}

/** yaml's messages carry a code excerpt after "at line X, column Y:"; keep the one-line part. */
function yamlMessage(code: string, message: string, text: string, offset: number): string {
  if (code === 'DUPLICATE_KEY') {
    const key = /^[^\s:#]+|^"[^"]*"|^'[^']*'/.exec(text.slice(offset))?.[0] ?? '';
    return `duplicate key '${key.replace(/^["']|["']$/g, '')}'`;
  }
  const first = message.split('\n')[0] ?? message;
  const short = first.replace(/ at line \d+, column \d+:?$/, '');
  return `invalid YAML: ${short}`;
}

function toPlain(
  node: unknown,
  path: string,
  doc: Document.Parsed,
  positions: Map<string, NodePosition>,
  at: (offset: number) => SourcePosition,
  key: SourcePosition | undefined,
): unknown {
  if (isAlias(node)) {
    const target = node.resolve(doc);
    positions.set(path, { key, value: at(node.range?.[0] ?? 0) });
    return target ? toPlain(target, path, doc, new Map(), at, key) : null;
  }
  const n = node as Node | null;
  const value = n?.range ? at(n.range[0]) : (key ?? at(0));
  positions.set(path, { key, value });
  if (isMap(n)) {
    const out: Record<string, unknown> = {};
    for (const pair of n.items) {
      if (!isPair(pair)) continue;
      const k = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      const keyPos = pair.key && (pair.key as Node).range ? at((pair.key as Node).range![0]) : value;
      out[k] = toPlain(pair.value, `${path}/${pointerSegment(k)}`, doc, positions, at, keyPos);
    }
    return out;
  }
  if (isSeq(n)) return n.items.map((item, i) => toPlain(item, `${path}/${i}`, doc, positions, at, undefined));
  if (isScalar(n)) return n.value ?? null;
  return null;
}
