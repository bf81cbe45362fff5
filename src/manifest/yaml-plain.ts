/**
 * The fast reader for the plain YAML that manifests are written in: block mappings and sequences
 * indented with spaces, one-line plain or quoted scalars, one-line flow collections, comments and
 * `---` separators. One pass over the lines builds values and positions together, with no syntax
 * tree (the `yaml` library's parse + compose was half of a 10,000-object validate, issue 12 §5).
 *
 * It is exact or silent: on anything outside that subset (anchors, tags, block scalars, multi-line
 * scalars, escapes, numbers other than plain integers, odd indentation, a duplicate key, any
 * syntax error, a limit reached) it returns undefined and the file is read by the `yaml` library
 * (yaml-full.ts), which reports every problem. So its results always equal the library's; a
 * differential test (test/manifest/yaml-plain.test.ts) holds it to that.
 */
import type { SourcePosition } from '../model/diagnostics.js';
import { fileValueBudget, type ManifestLimits, type ValueBudget } from './limits.js';
import { plainKeyed } from '../model/data.js';
import { pointerSegment, type NodePosition, type YamlDocument } from './yaml-types.js';

/** Thrown inside the reader when the input leaves the subset; never escapes this module. */
class OutsideSubset extends Error {}
const OUTSIDE = new OutsideSubset();

function outside(): never {
  throw OUTSIDE;
}

/**
 * Characters the reader leaves to the library: controls (a line feed is the only one allowed, and
 * a carriage return only before it), tabs, BOM, line separators, non-characters. One scan of the
 * whole text: a test per line costs more than the reading.
 */
const UNUSUAL = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]|\r(?!\n)/;

/** An open block collection. */
interface Frame {
  kind: 'map' | 'seq';
  /** Column index (0-based) of its keys or dashes. */
  indent: number;
  container: Record<string, unknown> | unknown[];
  path: string;
  /** Nesting level: a document's top collection is 1. */
  depth: number;
  /** A sequence written at the same indentation as the mapping key it belongs to. */
  sameIndentAsKey: boolean;
}

/** A key or dash with nothing after it: its value is the block on the following lines. */
interface Pending {
  frame: Frame;
  key: string | number;
  path: string;
  keyPos: SourcePosition | undefined;
}

/** The documents of `text` when all of it is in the plain subset, else undefined. */
export function readPlainYaml(
  text: string,
  absolute: string,
  file: string,
  limits: ManifestLimits,
  values: ValueBudget = fileValueBudget(limits),
): YamlDocument[] | undefined {
  if (UNUSUAL.test(text)) return undefined;
  const before = values.used;
  try {
    return new PlainReader(text, absolute, file, limits, values).read();
  } catch (e) {
    values.used = before; // the library reader counts the file again
    if (e === OUTSIDE) return undefined;
    throw e;
  }
}

class PlainReader {
  private readonly documents: YamlDocument[] = [];
  private stack: Frame[] = [];
  private pending: Pending | undefined;
  private root: unknown;
  private positions = new Map<string, NodePosition>();
  private start: SourcePosition | undefined;
  private line = '';
  private lineNo = 0;

  constructor(
    private readonly text: string,
    private readonly absolute: string,
    private readonly file: string,
    private readonly limits: ManifestLimits,
    private readonly values: ValueBudget,
  ) {}

  read(): YamlDocument[] {
    const { text } = this;
    let from = 0;
    while (from <= text.length) {
      let end = text.indexOf('\n', from);
      if (end === -1) end = text.length;
      let line = text.slice(from, end);
      if (line.endsWith('\r')) line = line.slice(0, -1);
      this.lineNo++;
      this.readLine(line);
      from = end + 1;
    }
    this.endDocument();
    return this.documents;
  }

  /**
   * Counts one value (a key, a scalar, a flow bracket or a `-`): what yaml's lexer emits for it, so
   * the count equals the library reader's; past the budget the library reports the refusal.
   */
  private count(): void {
    if (++this.values.used > this.values.left) outside();
  }

  private pos(column: number): SourcePosition {
    return { file: this.file, line: this.lineNo, column: column + 1 };
  }

  private readLine(line: string): void {
    let indent = 0;
    while (line.charCodeAt(indent) === 32) indent++;
    if (indent === line.length || line.charCodeAt(indent) === 35 /* # */) return; // blank or comment
    this.line = line;
    if (indent === 0) {
      if (line.startsWith('---') && (line.length === 3 || line.charCodeAt(3) === 32)) {
        if (!this.onlyComment(3)) outside(); // content after the marker
        this.endDocument();
        return;
      }
      const c = line.charCodeAt(0);
      if (line.startsWith('...') || c === 37 /* % */) outside();
    }
    const isItem = line.charCodeAt(indent) === 45 /* - */ && (indent + 1 === line.length || line.charCodeAt(indent + 1) === 32);
    const frame = this.frameFor(indent, isItem);
    if (frame.kind === 'seq') {
      if (!isItem) outside();
      this.readItem(frame, indent);
    } else {
      if (isItem) outside();
      this.readEntry(frame, indent);
    }
  }

  /** The collection a line at `indent` continues, opening the block a pending key or dash waits for. */
  private frameFor(indent: number, isItem: boolean): Frame {
    const p = this.pending;
    if (p) {
      this.pending = undefined;
      const owner = p.frame;
      const sameIndentSeq = owner.kind === 'map' && isItem && indent === owner.indent;
      if (indent <= owner.indent && !sameIndentSeq) outside(); // the key's value would be null
      return this.open(isItem ? 'seq' : 'map', indent, p, sameIndentSeq);
    }
    if (this.stack.length === 0) {
      if (this.root !== undefined || indent !== 0) outside(); // a second top-level node, or an indented one
      return this.open(isItem ? 'seq' : 'map', 0, undefined, false);
    }
    let top = this.stack[this.stack.length - 1] as Frame;
    while (top.indent > indent || (top.sameIndentAsKey && top.indent === indent && !isItem)) {
      this.stack.pop();
      top = this.stack[this.stack.length - 1] ?? outside();
    }
    if (top.indent !== indent) outside();
    return top;
  }

  /** Opens a block collection starting at column `indent` of the current line, as `p`'s value or the document. */
  private open(kind: Frame['kind'], indent: number, p: Pending | undefined, sameIndentAsKey: boolean): Frame {
    const depth = (p?.frame.depth ?? 0) + 1;
    if (depth > this.limits.maxDepth) outside();
    const container = kind === 'map' ? {} : [];
    const path = p ? p.path : '';
    const at = this.pos(indent);
    this.positions.set(path, { key: p?.keyPos, value: at });
    if (p) this.assign(p.frame, p.key, container);
    else {
      this.root = container;
      this.start = at;
    }
    const frame: Frame = { kind, indent, container, path, depth, sameIndentAsKey };
    this.stack.push(frame);
    return frame;
  }

  private assign(frame: Frame, key: string | number, value: unknown): void {
    if (frame.kind === 'seq') (frame.container as unknown[]).push(value);
    else plainKeyed(frame.container as Record<string, unknown>, key as string, value);
  }

  /** `- value`, `- key: value` (a mapping inside the item) or `-` followed by a block. */
  private readItem(frame: Frame, indent: number): void {
    this.count();
    const seq = frame.container as unknown[];
    const index = seq.length;
    const path = `${frame.path}/${index}`;
    let c = indent + 1;
    while (this.line.charCodeAt(c) === 32) c++;
    if (this.onlyComment(c)) {
      this.pending = { frame, key: index, path, keyPos: undefined };
      return;
    }
    if (this.line.charCodeAt(c) === 45 /* - */ && (c + 1 === this.line.length || this.line.charCodeAt(c + 1) === 32)) outside(); // `- - x`
    const key = this.keyAt(c);
    if (key) {
      const map = this.open('map', c, { frame, key: index, path, keyPos: undefined }, false);
      this.readEntryAt(map, c, key);
      return;
    }
    this.positions.set(path, { value: this.pos(c) });
    seq.push(this.valueAt(c, path, frame.depth));
  }

  /** `key: value` or `key:` followed by a block. */
  private readEntry(frame: Frame, indent: number): void {
    this.readEntryAt(frame, indent, this.keyAt(indent) ?? outside());
  }

  private readEntryAt(frame: Frame, c: number, key: { name: string; valueFrom: number }): void {
    const map = frame.container as Record<string, unknown>;
    if (Object.hasOwn(map, key.name)) outside(); // a duplicate key: the library reports it
    this.count();
    const path = `${frame.path}/${pointerSegment(key.name)}`;
    const keyPos = this.pos(c);
    let v = key.valueFrom;
    while (this.line.charCodeAt(v) === 32) v++;
    if (this.onlyComment(v)) {
      this.pending = { frame, key: key.name, path, keyPos };
      return;
    }
    if (v === key.valueFrom) outside(); // `key:value` would need a space
    this.positions.set(path, { key: keyPos, value: this.pos(v) });
    plainKeyed(map, key.name, this.valueAt(v, path, frame.depth));
  }

  /** The mapping key starting at column `c` (plain or quoted, then `:` and a space or the end), if there is one. */
  private keyAt(c: number): { name: string; valueFrom: number } | undefined {
    const line = this.line;
    const q = line.charCodeAt(c);
    if (q === 34 || q === 39) {
      const s = this.quoted(c);
      if (line.charCodeAt(s.end) !== 58 /* : */) return undefined;
      const after = line.charCodeAt(s.end + 1);
      if (!(s.end + 1 === line.length || after === 32)) outside();
      return { name: s.value, valueFrom: s.end + 1 };
    }
    if (!plainStart(q)) return undefined;
    let colon = line.indexOf(':', c);
    while (colon !== -1 && colon + 1 < line.length && line.charCodeAt(colon + 1) !== 32) colon = line.indexOf(':', colon + 1);
    const hash = line.indexOf(' #', c);
    if (colon === -1 || (hash !== -1 && hash < colon)) return undefined;
    const name = line.slice(c, colon);
    if (name.length > 1000 || name.endsWith(' ')) outside();
    if (typeof resolvePlain(name) !== 'string') outside(); // a null, boolean or number key
    return { name, valueFrom: colon + 1 };
  }

  /** A one-line value at column `c`: a flow collection, a quoted scalar or a plain scalar; the rest of the line must be a comment. */
  private valueAt(c: number, path: string, depth: number): unknown {
    const line = this.line;
    const q = line.charCodeAt(c);
    if (q === 91 /* [ */ || q === 123 /* { */) {
      const flow = this.flow(c, path, depth);
      if (!this.onlyComment(flow.end)) outside();
      return flow.value;
    }
    this.count();
    if (q === 34 || q === 39) {
      const s = this.quoted(c);
      if (!this.onlyComment(s.end)) outside();
      return s.value;
    }
    if (!plainStart(q)) outside();
    let end = line.indexOf(' #', c);
    if (end === -1) end = line.length;
    while (line.charCodeAt(end - 1) === 32) end--;
    const text = line.slice(c, end);
    if (text.endsWith(':') || text.includes(': ')) outside(); // a mapping where a scalar belongs
    return resolvePlain(text);
  }

  /** A quoted scalar on one line (no escapes): its value and the column after the closing quote. */
  private quoted(c: number): { value: string; end: number } {
    const line = this.line;
    if (line.charCodeAt(c) === 34) {
      const close = line.indexOf('"', c + 1);
      if (close === -1) outside();
      const value = line.slice(c + 1, close);
      if (value.includes('\\')) outside();
      return { value, end: close + 1 };
    }
    let value = '';
    let from = c + 1;
    for (;;) {
      const close = line.indexOf("'", from);
      if (close === -1) outside();
      value += line.slice(from, close);
      if (line.charCodeAt(close + 1) !== 39) return { value, end: close + 1 };
      value += "'";
      from = close + 2;
    }
  }

  /** True when only spaces and perhaps a comment follow column `c`. */
  private onlyComment(c: number): boolean {
    const line = this.line;
    let i = c;
    while (line.charCodeAt(i) === 32) i++;
    if (i === line.length) return true;
    return line.charCodeAt(i) === 35 && (i === c ? c === 0 || line.charCodeAt(c - 1) === 32 : true);
  }

  /**
   * A flow collection (`[a, b]`, `{ k: v }`, nested) that closes on this line, read with an explicit
   * stack. Positions are recorded like the library's: the bracket for a collection, the first
   * character for a scalar.
   */
  private flow(c: number, path: string, depth: number): { value: unknown; end: number } {
    const line = this.line;
    interface Open {
      close: number;
      container: Record<string, unknown> | unknown[];
      path: string;
      depth: number;
      /** What comes next: an item (or the end, when `first`), a separator, or a mapping value. */
      expect: 'item' | 'separator' | 'value';
      first: boolean;
      key?: { name: string; pos: SourcePosition };
    }
    const stack: Open[] = [];
    let result: unknown;
    let i = c;
    const begin = (at: number, itemPath: string, itemDepth: number, keyPos?: SourcePosition): Open => {
      if (itemDepth > this.limits.maxDepth) outside();
      this.count();
      const isSeq = line.charCodeAt(at) === 91;
      const open: Open = { close: isSeq ? 93 : 125, container: isSeq ? [] : {}, path: itemPath, depth: itemDepth, expect: 'item', first: true };
      // The outermost collection's position (with its key's) is recorded by the caller.
      if (stack.length > 0) this.positions.set(itemPath, { key: keyPos, value: this.pos(at) });
      stack.push(open);
      return open;
    };
    const place = (value: unknown) => {
      const top = stack[stack.length - 1];
      if (!top) {
        result = value;
        return;
      }
      if (Array.isArray(top.container)) top.container.push(value);
      else plainKeyed(top.container, (top.key as { name: string }).name, value);
      top.expect = 'separator';
    };
    begin(c, path, depth + 1);
    i = c + 1;
    while (stack.length > 0) {
      while (line.charCodeAt(i) === 32) i++;
      if (i >= line.length) outside(); // continues on the next line
      const top = stack[stack.length - 1] as Open;
      const ch = line.charCodeAt(i);
      if (ch === top.close && (top.expect === 'separator' || (top.expect === 'item' && top.first))) {
        stack.pop();
        i++;
        place(top.container);
        continue;
      }
      if (top.expect === 'separator') {
        if (ch !== 44 /* , */) outside();
        top.expect = 'item';
        top.first = false;
        i++;
        continue;
      }
      const isSeq = Array.isArray(top.container);
      if (top.expect === 'item' && !isSeq) {
        const key = this.flowScalar(i, true);
        if (typeof key.value !== 'string' || line.charCodeAt(key.end) !== 58 || line.charCodeAt(key.end + 1) !== 32) outside();
        if (Object.hasOwn(top.container, key.value)) outside();
        top.key = { name: key.value, pos: this.pos(i) };
        top.expect = 'value';
        i = key.end + 1;
        continue;
      }
      const itemPath = isSeq ? `${top.path}/${(top.container as unknown[]).length}` : `${top.path}/${pointerSegment((top.key as { name: string }).name)}`;
      const keyPos = isSeq ? undefined : top.key?.pos;
      if (ch === 91 || ch === 123) {
        begin(i, itemPath, top.depth + 1, keyPos);
        i++;
        continue;
      }
      const s = this.flowScalar(i, false);
      this.positions.set(itemPath, { key: keyPos, value: this.pos(i) });
      place(s.value);
      i = s.end;
    }
    return { value: result, end: i };
  }

  /** A scalar inside a flow collection: quoted, or plain up to `,`, `]`, `}` (or `:` for a key). */
  private flowScalar(i: number, asKey: boolean): { value: unknown; end: number } {
    this.count();
    const line = this.line;
    const q = line.charCodeAt(i);
    if (q === 34 || q === 39) {
      const s = this.quoted(i);
      let end = s.end;
      while (line.charCodeAt(end) === 32) end++;
      return { value: s.value, end: asKey ? s.end : end };
    }
    if (!plainStart(q)) outside();
    let end = i;
    for (; end < line.length; end++) {
      const ch = line.charCodeAt(end);
      if (ch === 44 || ch === 93 || ch === 125) break;
      if (ch === 58) {
        if (asKey) break;
        outside(); // a `key: value` pair inside a sequence, or a colon in a flow scalar
      }
      if (ch === 91 || ch === 123) outside();
      if (ch === 35 && line.charCodeAt(end - 1) === 32) outside(); // a comment inside the collection
    }
    let last = end;
    while (line.charCodeAt(last - 1) === 32) last--;
    if (asKey && last !== end) outside(); // `key :`
    const value = resolvePlain(line.slice(i, last));
    if (asKey && typeof value !== 'string') outside();
    return { value, end };
  }

  /** Closes the current document (at a `---` or the end of the text). */
  private endDocument(): void {
    if (this.pending) outside(); // a key or dash with no value: null, left to the library
    if (this.root !== undefined) {
      this.documents.push({ file: this.file, absolute: this.absolute, value: this.root, positions: this.positions, start: this.start as SourcePosition, broken: false });
    }
    this.stack = [];
    this.root = undefined;
    this.positions = new Map();
    this.start = undefined;
  }
}

/** True when a plain scalar may start with this character (no indicator, nothing the subset leaves out). */
function plainStart(c: number): boolean {
  // - ? : , [ ] { } # & * ! | > ' " % @ ` and the characters numbers and special floats start with.
  return !(
    Number.isNaN(c) ||
    c === 45 || c === 63 || c === 58 || c === 44 || c === 91 || c === 93 || c === 123 || c === 125 || c === 35 ||
    c === 38 || c === 42 || c === 33 || c === 124 || c === 62 || c === 39 || c === 34 || c === 37 || c === 64 || c === 96 ||
    c === 43 || c === 46 || c === 126 || c === 32
  );
}

/**
 * A plain scalar as YAML 1.2's core schema reads it: null, booleans, plain decimal integers, else
 * a string. Other numbers (signs, floats, hex, octal, leading zeros, more than 15 digits) are left
 * to the library. `plainStart` has already excluded `~`, `+`, `-` and `.`.
 */
function resolvePlain(s: string): unknown {
  const c = s.charCodeAt(0);
  if (c >= 48 && c <= 57) {
    if (/^(0|[1-9][0-9]{0,14})$/.test(s)) return Number(s);
    outside();
  }
  switch (s) {
    case 'null':
    case 'Null':
    case 'NULL':
      return null;
    case 'true':
    case 'True':
    case 'TRUE':
      return true;
    case 'false':
    case 'False':
    case 'FALSE':
      return false;
  }
  return s;
}
