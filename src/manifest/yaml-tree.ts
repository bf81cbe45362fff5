/**
 * Reads a multi-document YAML file into plain values plus a position for every key and value
 * (yaml-types.ts). Before any parsing, the file's size, its encoding (UTF-8) and its number of
 * documents are checked against the limits (limits.ts), each refusal one error at its position;
 * values are counted while reading, against the file's and the environment's limits.
 * Files in the plain subset of YAML that manifests are written in go through the fast plain
 * reader; anything else (and every error) through the `yaml` library (yaml-full.ts).
 */
import { isUtf8 } from 'node:buffer';
import { error, type Diagnostic, type SourcePosition } from '../model/diagnostics.js';
import { readBoundedFile } from './bounded-file.js';
import { DEFAULT_LIMITS, formatSize, valuesRefusal, type ManifestLimits, type ValueBudget } from './limits.js';
import { firstInvalidUtf8 } from './utf8.js';
import { readWithYamlLibrary } from './yaml-full.js';
import { readPlainYaml } from './yaml-plain.js';
import type { YamlFile } from './yaml-types.js';

export { pointerSegment, type NodePosition, type YamlDocument, type YamlFile } from './yaml-types.js';

/** Limits plus what is left of the environment-wide document budget, shared by the files of one load. */
export interface ReadBudget {
  limits: ManifestLimits;
  /** Documents the remaining files may still hold. */
  documentsLeft: number;
  /** Values the remaining files may still hold. */
  valuesLeft: number;
  /** Set once a file went over an environment-wide limit or the values limit: later files are not read. */
  exhausted: boolean;
}

/** A budget for one load. */
export function readBudget(limits: ManifestLimits = DEFAULT_LIMITS): ReadBudget {
  return { limits, documentsLeft: limits.maxDocuments, valuesLeft: limits.maxValues, exhausted: false };
}

/** Reads and parses a file; an unreadable, oversized or non-UTF-8 file is one error naming it (never an exception). */
export async function readYamlFile(absolute: string, file: string, budget: ReadBudget = readBudget()): Promise<YamlFile> {
  const { maxFileSize } = budget.limits;
  const refused = (message: string, at: SourcePosition = { file, line: 1, column: 1 }): YamlFile => ({ documents: [], diagnostics: [error(message, at)] });
  const tooBig = (size: number) => refused(`file is ${formatSize(size)}, over the ${formatSize(maxFileSize)} limit (raise it with --max-file-size)`);
  // Synchronous on purpose: files are read one after the other, and the thread-pool round trips
  // of fs/promises cost more than the reads themselves (issue 12 §5).
  const read = readBoundedFile(absolute, maxFileSize);
  if (!read.ok) {
    if (read.why === 'too-big') return tooBig(read.size);
    return refused(`cannot read ${file} (${read.why === 'missing' ? 'ENOENT' : read.why === 'not-a-file' ? 'not a regular file' : read.code})`);
  }
  const { bytes } = read;
  if (!isUtf8(bytes)) {
    const offset = firstInvalidUtf8(bytes);
    const before = bytes.subarray(0, offset).toString('utf8');
    const lineStart = before.lastIndexOf('\n') + 1;
    const at = { file, line: countLines(before, before.length), column: before.length - lineStart + 1 };
    return refused(`not valid UTF-8 (byte 0x${(bytes[offset] ?? 0).toString(16).padStart(2, '0')}): manifests must be UTF-8 text`, at);
  }
  return parseYaml(bytes.toString('utf8'), absolute, file, budget);
}

/** Parses YAML text (all documents) with exact positions, within the budget's limits. */
export function parseYaml(text: string, absolute: string, file: string, budget: ReadBudget = readBudget()): YamlFile {
  const { limits } = budget;
  const perFile = limits.maxDocumentsPerFile;
  const left = budget.documentsLeft;
  const starts = documentStarts(text, Math.min(perFile, left) + 1);
  const refuse = (index: number, message: string): YamlFile => ({
    documents: [],
    diagnostics: [error(message, { file, line: countLines(text, starts[index] as number), column: 1 })],
  });
  if (starts.length > perFile && perFile <= left) return refuse(perFile, `more than ${perFile} YAML documents in one file (the limit per file)`);
  if (starts.length > left) {
    budget.exhausted = true;
    return refuse(left, `more than ${limits.maxDocuments} YAML documents in this environment (the limit)`);
  }
  budget.documentsLeft -= starts.length;
  const values = valueBudget(budget);
  const plain = readPlainYaml(text, absolute, file, limits, values);
  const read = plain ? { documents: plain, diagnostics: [] } : readWithYamlLibrary(text, absolute, file, limits, values);
  budget.valuesLeft -= values.used;
  // A file over a values limit ends the load: reading on would only cost time for one more error each.
  if (values.used > values.left) budget.exhausted = true;
  return read;
}

/** This file's share of the values budget: the per-file limit, or what the environment has left when that is less. */
function valueBudget(budget: ReadBudget): ValueBudget {
  const { maxValuesPerFile, maxValues } = budget.limits;
  const perFile = maxValuesPerFile <= budget.valuesLeft;
  return perFile
    ? { left: maxValuesPerFile, used: 0, refusal: valuesRefusal(maxValuesPerFile, 'file') }
    : { left: budget.valuesLeft, used: 0, refusal: valuesRefusal(maxValues, 'environment') };
}

/**
 * Counts the documents of every file before any is parsed (the cheap scan of `documentStarts`),
 * so an environment over the document limit is refused without reading its first files: the one
 * error is at the first document too many, and the budget is marked exhausted.
 */
export function preCountDocuments(files: readonly { absolute: string; file: string }[], budget: ReadBudget): Diagnostic | undefined {
  let left = budget.documentsLeft;
  for (const { absolute, file } of files) {
    // Read again when parsed (from the page cache): holding every file's text until then would
    // cost the memory the limits are there to bound.
    const read = readBoundedFile(absolute, budget.limits.maxFileSize);
    if (!read.ok) continue; // reported when it is read
    const text = read.bytes.toString('latin1'); // only line ends and `---` matter here
    const starts = documentStarts(text, Math.min(budget.limits.maxDocumentsPerFile, left) + 1);
    if (starts.length > budget.limits.maxDocumentsPerFile) continue; // the per-file limit, reported when it is read
    if (starts.length > left) {
      budget.exhausted = true;
      return error(`more than ${budget.limits.maxDocuments} YAML documents in this environment (the limit)`, {
        file,
        line: countLines(text, starts[left] as number),
        column: 1,
      });
    }
    left -= starts.length;
  }
  return undefined;
}

/**
 * Offsets where documents start, up to `max` of them: the first content line before any `---`
 * (an implicit first document) and every `---` at the start of a line (always a document marker,
 * whatever surrounds it). A cheap scan, so a file of a million documents is refused at once.
 */
export function documentStarts(text: string, max: number): number[] {
  const starts: number[] = [];
  const isMarker = (at: number) => {
    if (!text.startsWith('---', at)) return false;
    const next = text.charCodeAt(at + 3);
    return Number.isNaN(next) || next === 32 || next === 9 || next === 10 || next === 13;
  };
  let lineStart = 0;
  // The implicit first document: a line before the first marker that is neither blank, comment nor directive.
  while (lineStart < text.length && !isMarker(lineStart)) {
    const end = text.indexOf('\n', lineStart);
    const line = text.slice(lineStart, end === -1 ? text.length : end).trim();
    if (line !== '' && !line.startsWith('#') && !line.startsWith('%')) {
      starts.push(lineStart);
      break;
    }
    lineStart = end === -1 ? text.length : end + 1;
  }
  if (isMarker(0) && starts.length === 0) starts.push(0);
  for (let i = text.indexOf('\n---'); i !== -1 && starts.length < max; i = text.indexOf('\n---', i + 4)) {
    if (isMarker(i + 1)) starts.push(i + 1);
  }
  return starts.slice(0, max);
}

/** 1-based line number of `offset`. */
function countLines(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
