/**
 * Saved plan files (`plan --out`, `apply FILE`, `show FILE`): the JSON plan, written with the
 * stable key order of the JSON renderer and sealed with its digest (engine/saved-plan.ts). Plans
 * hold no secrets (the engine masks them), so the file is an ordinary artifact a pipeline can keep
 * between its plan and apply jobs. Reading one checks, in order: JSON, the plan's shape, its
 * format version and its digest; each refusal is one `file:line:col: message` line.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { findNodeAtLocation, parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { digestProblem, sealPlan } from '../engine/index.js';
import { PLAN_FORMAT_VERSION, type Plan } from '../model/plan.js';
import { error, UserError, type SourcePosition } from '../model/diagnostics.js';
import { readBoundedFile } from '../manifest/bounded-file.js';
import { formatSize } from '../manifest/limits.js';
import { renderJson } from '../render/json.js';
import { mapStrings } from '../model/data.js';
import { hider } from './output.js';

/**
 * The plan with every `hidden` value (the connection's client secret, `secretFrom` values: Io.hide)
 * replaced by `(sensitive value)` in its strings, sealed again when that changed anything. The
 * engine never puts them in a plan; this makes sure a slip cannot write one to a file.
 */
export function withoutHidden(plan: Plan, hidden: readonly string[]): Plan {
  if (hidden.length === 0) return plan;
  const hide = hider(hidden);
  let changed = false;
  const masked = mapStrings(plan, (v) => {
    const out = hide(v);
    if (out !== v) changed = true;
    return out;
  });
  return changed ? sealPlan(masked) : plan;
}

/** Writes the plan, sealed with its digest, as JSON, creating the folder if needed (`plan` masked it already: withoutHidden). */
export function writePlanFile(file: string, plan: Plan): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, renderJson(plan.digest === undefined ? sealPlan(plan) : plan));
}

const REMAKE = 'make a new one with halo-iac plan --out FILE';

/** 1-based line and column of a character offset. */
function positionAt(text: string, offset: number, file: string): SourcePosition {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const line = before.split('\n').length;
  return { file, line, column: before.length - before.lastIndexOf('\n') };
}

/**
 * Where a top-level key's value is (the file's start when the key is missing). Only computed for a
 * refusal: jsonc-parser reads the JSON again with offsets.
 */
function keyPosition(text: string, key: string, file: string): SourcePosition {
  const tree = parseTree(text);
  const node = tree ? findNodeAtLocation(tree, [key]) : undefined;
  return node ? positionAt(text, node.offset, file) : { file, line: 1, column: 1 };
}

/** jsonc-parser's error codes in words (`CloseBraceExpected` -> `a closing brace expected`). */
const PARSE_WORDS: Record<string, string> = {
  InvalidSymbol: 'not JSON here',
  InvalidNumberFormat: 'a malformed number',
  PropertyNameExpected: 'a property name expected',
  ValueExpected: 'a value expected',
  ColonExpected: 'a colon expected',
  CommaExpected: 'a comma expected',
  CloseBraceExpected: 'a closing brace expected',
  CloseBracketExpected: 'a closing bracket expected',
  EndOfFileExpected: 'text after the end of the plan',
  InvalidCommentToken: 'a comment (JSON has none)',
  UnexpectedEndOfComment: 'an unfinished comment',
  UnexpectedEndOfString: 'an unfinished string',
  UnexpectedEndOfNumber: 'an unfinished number',
  InvalidUnicode: 'a malformed \\u escape',
  InvalidEscapeCharacter: 'a malformed escape',
  InvalidCharacter: 'a character not allowed in a string',
};

/** The JSON of a plan file, or a refusal at the first place it is not JSON. */
function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // JSON.parse does not always say where; jsonc-parser does (strict: no comments, no trailing commas).
    const errors: ParseError[] = [];
    parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
    const first = errors[0];
    const offset = first?.offset ?? text.length;
    const why = offset >= text.trimEnd().length ? 'it ends too early: truncated?' : PARSE_WORDS[first ? printParseErrorCode(first.error) : ''] ?? 'not JSON';
    throw new UserError([error(`not a halo-iac plan: invalid JSON (${why}); ${REMAKE}`, positionAt(text, offset, file))]);
  }
}

/**
 * The deepest nesting of arrays and objects a plan file may have. A plan made by halo-iac nests a
 * handful of levels (entry, change, before/after, a spec's sub-objects); the limit only stops a
 * crafted file from overflowing the stack of the code that walks it (canonical JSON, renderers).
 */
export const MAX_PLAN_DEPTH = 64;

/**
 * A refusal at the first `[` or `{` nested deeper than MAX_PLAN_DEPTH, found by one scan of the
 * text with a counter (no recursion, so the check itself cannot overflow); strings are skipped.
 */
function checkDepth(text: string, file: string): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // a backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_PLAN_DEPTH) {
        throw new UserError([error(`not a halo-iac plan: nested more than ${MAX_PLAN_DEPTH} levels deep; ${REMAKE}`, positionAt(text, i, file))]);
      }
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
}

/** The largest plan file read (a 10,000-object plan is a few MiB). */
const MAX_PLAN_FILE_BYTES = 256 * 1024 * 1024;

/**
 * Reads and checks a saved plan: a clear UserError for anything that is not one, for a format this
 * halo-iac cannot read, and for a file changed after it was made. `shown` names the file in messages.
 */
export function readPlanFile(file: string, shown = file): Plan {
  // A plan is a regular file of bounded size: /dev/zero or a sparse file of gigabytes must be a
  // one-line refusal, not a read that eats the machine's memory.
  const read = readBoundedFile(file, MAX_PLAN_FILE_BYTES);
  if (!read.ok) {
    if (read.why === 'not-a-file') throw new UserError(`${shown}: not a plan file (not a regular file); ${REMAKE}`);
    if (read.why === 'too-big') throw new UserError(`${shown}: the plan file is ${formatSize(read.size)}, over the ${formatSize(MAX_PLAN_FILE_BYTES)} a plan can be; ${REMAKE}`);
    throw new UserError(`${shown}: cannot read the plan file (${read.why === 'missing' ? 'ENOENT' : read.code})`);
  }
  const text = read.bytes.toString('utf8');
  checkDepth(text, shown);
  const data = parseJson(text, shown);
  const refuse = (key: string, message: string): never => {
    throw new UserError([error(message, keyPosition(text, key, shown))]);
  };
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new UserError([error(`not a halo-iac plan: the file holds ${Array.isArray(data) ? 'a list' : 'no JSON object'}; ${REMAKE}`, { file: shown, line: 1, column: 1 })]);
  }
  const plan = data as Partial<Plan> & Record<string, unknown>;
  if (typeof plan.format_version !== 'string') refuse('format_version', `not a halo-iac plan: format_version is ${'format_version' in plan ? 'not a string' : 'missing'}; ${REMAKE}`);
  const major = (v: string) => v.split('.')[0];
  if (major(plan.format_version as string) !== major(PLAN_FORMAT_VERSION)) {
    refuse('format_version', `plan format ${String(plan.format_version)} is not supported by this halo-iac (format ${PLAN_FORMAT_VERSION}); ${REMAKE}`);
  }
  for (const key of ['resource_changes', 'summary', 'environment', 'target', 'tool_version'] as const) {
    const v = plan[key];
    const ok = key === 'resource_changes' ? Array.isArray(v) : key === 'environment' || key === 'tool_version' ? typeof v === 'string' : v !== null && typeof v === 'object';
    if (!ok) refuse(key, `not a halo-iac plan: ${key} is ${key in plan ? 'malformed' : 'missing'}; ${REMAKE}`);
  }
  const problem = digestProblem(plan);
  if (problem === 'missing') refuse('digest', `Saved plan has no digest, so it cannot be shown to be the plan that was made (plans before format 1.1 had none); ${REMAKE}`);
  if (problem === 'mismatch') refuse('digest', `Saved plan was modified after it was made: its digest does not match its contents; ${REMAKE}`);
  return { warnings: [], errors: [], ...plan } as Plan;
}
