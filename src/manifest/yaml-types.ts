/**
 * What the YAML readers produce: plain values plus a position for every key and value, keyed by
 * JSON pointer, so any later check (schema, variables, duplicates, references) can point at the
 * exact `file:line:col`.
 */
import type { Diagnostic, SourcePosition } from '../model/diagnostics.js';

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
  const s = String(key);
  return s.includes('~') || s.includes('/') ? s.replace(/~/g, '~0').replace(/\//g, '~1') : s;
}

