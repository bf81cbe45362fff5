/**
 * The complete YAML reader, on the `yaml` library: every construct, every syntax error in yaml's
 * words. Used for any file the plain reader (yaml-plain.ts) does not take whole. It never recurses
 * over user data: nesting depth is checked on yaml's CST (its parser is iterative; its composer is
 * not, so too-deep documents are never composed), and the conversion to plain values walks with an
 * explicit stack, capping alias expansion (an alias bomb) and the depth that aliases can build.
 * Values are counted on yaml's lexer before anything is parsed, so a file of millions of values
 * costs only the lexing up to the limit; the values aliases copy count against the same budget.
 */
import type { CST, Node } from 'yaml';
import { error, warning, type Diagnostic, type SourcePosition } from '../model/diagnostics.js';
import { fileValueBudget, type ManifestLimits, type ValueBudget } from './limits.js';
import { plainKeyed } from '../model/data.js';
import { yamlLibrary } from '../model/yaml-library.js';
import { pointerSegment, type NodePosition, type YamlDocument, type YamlFile } from './yaml-types.js';

// The library is loaded on first use: most runs read only plain YAML (yaml-plain.ts) and never need it.
const yaml = yamlLibrary;

/** The one-line message of a too-deep document (shared with the plain reader). */
export const tooDeep = (limits: ManifestLimits): string => `YAML nested more than ${limits.maxDepth} levels deep`;

/** Parses YAML text (all documents) with exact positions. */
export function readWithYamlLibrary(
  text: string,
  absolute: string,
  file: string,
  limits: ManifestLimits,
  values: ValueBudget = fileValueBudget(limits),
): YamlFile {
  const over = firstValueOver(text, values);
  if (over !== undefined) return { documents: [], diagnostics: [error(values.refusal(false), positionOf(text, over, file))] };
  const { Composer, LineCounter, Parser, isScalar } = yaml();
  const lineCounter = new LineCounter();
  const at = (offset: number): SourcePosition => {
    const p = lineCounter.linePos(offset);
    return { file, line: p.line, column: p.col };
  };
  const tokens = Array.from(new Parser(lineCounter.addNewLine).parse(text));
  // A document nested too deep is composed empty (yaml's composer recurses per level) and refused.
  const refused = new Map<number, Diagnostic>();
  let index = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as CST.Token;
    if (token.type !== 'document') continue;
    const deep = firstTooDeep(token.value, limits.maxDepth);
    if (deep !== undefined) {
      refused.set(index, error(tooDeep(limits), at(deep)));
      tokens[i] = { ...token, value: undefined };
    }
    index++;
  }
  const diagnostics: Diagnostic[] = [];
  const documents: YamlDocument[] = [];
  index = 0;
  for (const doc of new Composer({ uniqueKeys: true }).compose(tokens)) {
    const refusal = refused.get(index++);
    if (refusal) {
      diagnostics.push(refusal);
      continue;
    }
    // Every duplicate key is independent; other syntax errors cascade, so the first one is enough.
    let syntaxReported = false;
    for (const e of doc.errors) {
      if (e.code !== 'DUPLICATE_KEY') {
        if (syntaxReported) continue;
        syntaxReported = true;
      }
      const hint = e.code === 'DUPLICATE_KEY' ? undefined : unquotedReference(text, e.pos[0]);
      diagnostics.push(hint ? error(hint.message, at(hint.offset)) : error(yamlMessage(e.code, e.message, text, e.pos[0]), at(e.pos[0])));
    }
    for (const w of doc.warnings) diagnostics.push(warning(yamlMessage(w.code, w.message, text, w.pos[0]), at(w.pos[0])));
    if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) continue; // empty document
    const plain = toPlain(doc.contents, at, limits, values);
    for (const d of plain.diagnostics) diagnostics.push(d);
    documents.push({
      file,
      absolute,
      value: plain.value,
      positions: plain.positions,
      start: at(doc.contents.range?.[0] ?? 0),
      broken: doc.errors.length > 0 || plain.refused,
    });
  }
  return { documents, diagnostics };
}

/**
 * Counts the values of `text` on yaml's lexer (no syntax tree): each scalar (keys included), alias,
 * flow `[` or `{`, block `-` and explicit `?`, the same units yaml-plain.ts counts. Adds them to
 * `values.used` and returns the offset of the first one past `values.left`, if any.
 */
function firstValueOver(text: string, values: ValueBudget): number | undefined {
  let offset = 0;
  let scalarText = false;
  for (const lexeme of new (yaml().Lexer)().lex(text)) {
    // The lexer marks a plain or block scalar with \x1f, its text the next lexeme; \x02 and \x18 are
    // markers too. None of them is in the source, so they do not move the offset (as in yaml's Parser).
    if (lexeme === '\x1f') {
      if (++values.used > values.left) return offset;
      scalarText = true;
      continue;
    }
    if (lexeme === '\x02' || lexeme === '\x18') continue;
    if (scalarText) scalarText = false;
    else {
      const c = lexeme.charCodeAt(0);
      const counted = c === 34 || c === 39 || c === 42 || lexeme === '[' || lexeme === '{' || lexeme === '-' || lexeme === '?';
      if (counted && ++values.used > values.left) return offset;
    }
    offset += lexeme.length;
  }
  return undefined;
}

/** The 1-based line and column of `offset` (no LineCounter: nothing was parsed). */
function positionOf(text: string, offset: number, file: string): SourcePosition {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { file, line, column: offset - lineStart + 1 };
}

/** Offset of the first collection nested deeper than `max` (the top collection is level 1), in document order. */
function firstTooDeep(value: CST.Token | undefined, max: number): number | undefined {
  const stack: [CST.Token, number][] = value ? [[value, 1]] : [];
  while (stack.length > 0) {
    const [token, depth] = stack.pop() as [CST.Token, number];
    if (token.type !== 'block-map' && token.type !== 'block-seq' && token.type !== 'flow-collection') continue;
    if (depth > max) return token.offset;
    for (let i = token.items.length - 1; i >= 0; i--) {
      const item = token.items[i] as CST.CollectionItem;
      if (item.value) stack.push([item.value, depth + 1]);
      if (item.key) stack.push([item.key, depth + 1]);
    }
  }
  return undefined;
}

/** yaml's messages carry a code excerpt after "at line X, column Y:"; keep the one-line part. */
function yamlMessage(code: string, message: string, text: string, offset: number): string {
  if (code === 'DUPLICATE_KEY') {
    const key = /^[^\s:#]+|^"[^"]*"|^'[^']*'/.exec(text.slice(offset, offset + 1000))?.[0] ?? '';
    return `duplicate key '${key.replace(/^["']|["']$/g, '')}'`;
  }
  const first = message.split('\n')[0] ?? message;
  const short = first.replace(/ at line \d+, column \d+:?$/, '');
  return `invalid YAML: ${short}`;
}

/**
 * The usual cause of a syntax error in a flow collection: an unquoted `${...}` (`{ email: ${var:x} }`),
 * which YAML reads as `$` followed by a nested map. Finds such a reference on the error's line, at
 * or before it, and says to quote it, at the `$`.
 */
function unquotedReference(text: string, offset: number): { message: string; offset: number } | undefined {
  const lineStart = text.lastIndexOf('\n', Math.max(0, offset - 1)) + 1;
  const lineEnd = text.indexOf('\n', offset);
  const line = text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd);
  let found: RegExpExecArray | undefined;
  for (const m of line.matchAll(/\$\{[^}\s]*\}/g)) if (lineStart + m.index <= offset + 1) found = m;
  if (!found) return undefined;
  const before = line.slice(0, found.index);
  const quoted = /["']\s*$/.test(before);
  if (quoted || !/[[{]/.test(before)) return undefined;
  return {
    message: `invalid YAML: an unquoted ${found[0]} inside { } or [ ] is read as a nested map; quote it: "${found[0]}"`,
    offset: lineStart + found.index,
  };
}

/** One node still to convert; `record` is false inside alias expansions (positions are the alias's). */
interface Pending {
  node: unknown;
  path: string;
  key: SourcePosition | undefined;
  depth: number;
  /** The outermost alias being expanded: where an expansion problem is reported. */
  via: SourcePosition | undefined;
  set: (value: unknown) => void;
}

/** Plain values and positions of one document's contents; `refused` when an alias or depth problem was reported. */
function toPlain(
  contents: unknown,
  at: (offset: number) => SourcePosition,
  limits: ManifestLimits,
  values: ValueBudget,
): { value: unknown; positions: Map<string, NodePosition>; diagnostics: Diagnostic[]; refused: boolean } {
  const { isAlias, isMap, isPair, isScalar, isSeq } = yaml();
  const positions = new Map<string, NodePosition>();
  const diagnostics: Diagnostic[] = [];
  const anchors = new Map<string, Node>();
  let aliasCount = 0;
  let undefinedAlias = false;
  let root: unknown = null;
  const refuse = (message: string, where: SourcePosition) => {
    diagnostics.push(error(message, where));
    return { value: null, positions, diagnostics, refused: true };
  };
  const stack: Pending[] = [{ node: contents, path: '', key: undefined, depth: 0, via: undefined, set: (v) => (root = v) }];
  while (stack.length > 0) {
    const p = stack.pop() as Pending;
    if (isAlias(p.node)) {
      const here = at(p.node.range?.[0] ?? 0);
      if (!p.via) positions.set(p.path, { key: p.key, value: here });
      const target = anchors.get(p.node.source);
      if (!target) {
        // Inside an expansion the alias was already reported where it is written.
        if (!p.via) diagnostics.push(error(`undefined alias '*${p.node.source}': no anchor &${p.node.source} before it in this document`, here));
        undefinedAlias = true;
        p.set(null);
        continue;
      }
      if (++aliasCount > limits.maxAliasCount) return refuse(`YAML aliases expand more than ${limits.maxAliasCount} times in one document (an alias bomb?)`, p.via ?? here);
      stack.push({ ...p, node: target, via: p.via ?? here });
      continue;
    }
    const n = p.node as Node | null;
    if (p.via) {
      // Every value an alias copies counts, so the copies are bounded by what is left of the file's budget.
      if (++values.used > values.left) return refuse(values.refusal(true), p.via);
    } else if (n?.anchor) anchors.set(n.anchor, n);
    const value = n?.range ? at(n.range[0]) : (p.key ?? at(0));
    if (!p.via) positions.set(p.path, { key: p.key, value });
    if (isMap(n) || isSeq(n)) {
      if (p.depth + 1 > limits.maxDepth) return refuse(tooDeep(limits), p.via ?? value);
    }
    if (isMap(n)) {
      const out: Record<string, unknown> = {};
      p.set(out);
      for (let i = n.items.length - 1; i >= 0; i--) {
        const pair = n.items[i];
        if (!isPair(pair)) continue;
        const k = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        const keyPos = pair.key && (pair.key as Node).range ? at((pair.key as Node).range![0]) : value;
        stack.push({ node: pair.value, path: `${p.path}/${pointerSegment(k)}`, key: keyPos, depth: p.depth + 1, via: p.via, set: (v) => plainKeyed(out, k, v) });
      }
    } else if (isSeq(n)) {
      const out: unknown[] = new Array<unknown>(n.items.length);
      p.set(out);
      for (let i = n.items.length - 1; i >= 0; i--) {
        stack.push({ node: n.items[i], path: `${p.path}/${i}`, key: undefined, depth: p.depth + 1, via: p.via, set: (v) => (out[i] = v) });
      }
    } else p.set(isScalar(n) ? (n.value ?? null) : null);
  }
  return { value: root, positions, diagnostics, refused: undefinedAlias };
}
