/**
 * What every command returns (issue 11 §1): its exit code, every diagnostic it found (in order)
 * and its result, rendered by one printer per format. A text printer writes each diagnostic on
 * stderr as it is reported (so it sits among the progress lines) and the result at the end; a JSON
 * printer writes one document on stdout that carries the diagnostics as values, so nothing is
 * ever read back from stderr.
 */
import { isHaloApiError } from '../halo/errors.js';
import { diagnosticLines, formatDiagnostic, runtimeError, UserError, type Diagnostic } from '../model/diagnostics.js';
import { printableDiagnostic } from '../render/printable.js';
import type { Io } from './output.js';
import { systemErrorMessage } from './system-errors.js';

/** A command's outcome. `result` is absent when the command stopped before it had one. */
export interface CommandResult<R> {
  code: number;
  diagnostics: Diagnostic[];
  result?: R;
}

/** Renders one command's diagnostics, notes and result in one format. */
export interface Printer<R> {
  /** A diagnostic, when it is reported. */
  diagnostic(d: Diagnostic): void;
  /** A line for the person running the command that is neither a problem nor the result ("Apply cancelled."): stderr. */
  note(line: string): void;
  /** Text to read before the command goes on (the plan apply asks about): stdout, or stderr when stdout carries JSON. */
  show(text: string): void;
  /** The outcome, once the command is done. */
  done(outcome: CommandResult<R>): void;
}

/** A command in progress: it reports diagnostics (collected for its outcome) and notes through its printer. */
export class Run<R> {
  readonly diagnostics: Diagnostic[] = [];

  constructor(readonly printer: Printer<R>) {}

  /** Reports diagnostics: printed (text) and kept for the outcome. A list may be long (a broken manifest corpus). */
  report(ds: Diagnostic | readonly Diagnostic[]): void {
    for (const d of Array.isArray(ds) ? (ds as readonly Diagnostic[]) : [ds as Diagnostic]) {
      this.diagnostics.push(d);
      this.printer.diagnostic(d);
    }
  }

  /** The outcome: the exit code, the diagnostics so far and the result. */
  finish(code: number, result?: R): CommandResult<R> {
    return { code, diagnostics: this.diagnostics, ...(result !== undefined ? { result } : {}) };
  }

  /** Exit code 1, no result. */
  fail(ds: Diagnostic | readonly Diagnostic[]): CommandResult<R> {
    this.report(ds);
    return this.finish(1);
  }
}

/** The expected failures of a run as diagnostics (user errors, Halo errors, the user's file system), or undefined for a bug. */
export function failureDiagnostics(e: unknown): Diagnostic[] | undefined {
  if (e instanceof UserError) return e.diagnostics;
  if (isHaloApiError(e)) return [runtimeError(e.message)];
  const system = systemErrorMessage(e);
  return system === undefined ? undefined : [runtimeError(system)];
}

/**
 * Runs a command body and has its outcome printed; a user, Halo or file-system error ends it
 * with that diagnostic (exit 1). Anything else is a bug and goes to main.ts's handler.
 */
export async function execute<R>(printer: Printer<R>, body: (run: Run<R>) => Promise<CommandResult<R>>): Promise<number> {
  const run = new Run(printer);
  let outcome: CommandResult<R>;
  try {
    outcome = await body(run);
  } catch (e) {
    const ds = failureDiagnostics(e);
    if (!ds) throw e;
    outcome = run.fail(ds);
  }
  printer.done(outcome);
  return outcome.code;
}

/** A diagnostic's lines on stderr. */
export function printDiagnostic(io: Io, d: Diagnostic): void {
  // Messages quote names from the manifests and the tenant: escaped, so none drives the terminal.
  io.err(diagnosticLines(printableDiagnostic(d)).join('\n') + '\n');
}

/** What every text printer shares: diagnostics and notes on stderr, shown text on stdout. */
export function textLines(io: Io): Pick<Printer<never>, 'diagnostic' | 'note' | 'show'> {
  return {
    diagnostic: (d) => printDiagnostic(io, d),
    note: (line) => io.err(`${line}\n`),
    show: (text) => io.out(text),
  };
}

/**
 * What a JSON printer does before its document: notes and shown text go to stderr, and so do the
 * diagnostics when `echo` (plan and apply keep stderr as in text); else they wait for the document.
 */
export function jsonLines(io: Io, echo: boolean): Pick<Printer<never>, 'diagnostic' | 'note' | 'show'> {
  return {
    diagnostic: (d) => (echo ? printDiagnostic(io, d) : undefined),
    note: (line) => io.err(`${line}\n`),
    show: (text) => io.err(text),
  };
}

/** One diagnostic in `--format json` output (validate, apply). */
export interface JsonDiagnostic {
  file: string | null;
  line: number | null;
  column: number | null;
  message: string;
  severity: Diagnostic['severity'];
  address: string | null;
  /** Stable kind of diagnostic (e.g. `undeclared-reference`), only when it has one. */
  code?: string;
}

/** A diagnostic as JSON output carries it. */
export function jsonDiagnostic(d: Diagnostic): JsonDiagnostic {
  return {
    file: d.source?.file ?? null,
    line: d.source?.line ?? null,
    column: d.source?.column ?? null,
    message: d.detail === undefined ? d.message : [d.message, ...d.detail.split('\n').map((l) => l.trim())].join(' '),
    severity: d.severity,
    address: d.address ?? null,
    ...(d.code ? { code: d.code } : {}),
  };
}

/** A diagnostic on one line, as printed but without the `Error: ` of a runtime problem, detail lines joined. */
export function oneLine(d: Diagnostic): string {
  const head = d.runtime ? d.message : formatDiagnostic(d);
  return d.detail === undefined ? head : [head, ...d.detail.split('\n').map((l) => l.trim())].join(' ');
}

/**
 * The JSON document of a run that stopped before it had a result (the manifests did not load, Halo
 * refused the credentials, the URL did not answer): `{ok: false, exit_code, error, diagnostics}`,
 * `error` being the first error on one line, so `--format json | jq` always has a document to read.
 */
export function stoppedJson(outcome: CommandResult<unknown>, what: string): string {
  const first = outcome.diagnostics.find((d) => d.severity === 'error');
  const doc = {
    ok: false,
    exit_code: outcome.code,
    error: first ? oneLine(first) : `${what} stopped (see stderr)`,
    diagnostics: outcome.diagnostics.map(jsonDiagnostic),
  };
  return JSON.stringify(doc, null, 2) + '\n';
}
