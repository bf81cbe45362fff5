/**
 * The text view of a Plan, after Terraform's: a header, risks first, one block per change
 * (`+ create`, `~ update in-place`, `- destroy`, address, source, field lines), refused changes
 * as errors, then `Plan: X to add, Y to change, Z to destroy.` or the "No changes" sentence.
 */
import type { Plan, PlanWarning, ResourceChange } from '../engine/plan-types.js';
import {
  formatSource,
  isEmptyPlan,
  LABEL,
  NO_CHANGES,
  pendingLine,
  pendingNote,
  pendingSecrets,
  riskyChanges,
  summaryLine,
  SYMBOL,
  targetPhrase,
  verbOf,
  visibleChanges,
  type Verb,
} from './changes.js';
import { plain, type Palette } from './colour.js';
import { fieldLines, fieldsToShow, type FieldLine } from './values.js';

/** Options of the text renderer. */
export interface TextOptions {
  /** Colours (see colour.ts `palette`); plain by default. */
  palette?: Palette;
  /**
   * Print refused changes (plan.errors) in the text. The plan command prints them on stderr as
   * diagnostics instead, so it passes false.
   */
  includeErrors?: boolean;
}

/** Renders the whole plan as terminal text, ending with a newline. */
export function renderText(plan: Plan, options: TextOptions = {}): string {
  const p = options.palette ?? plain;
  const lines: string[] = [];
  const changes = visibleChanges(plan);
  lines.push(...headerLines(plan, p), '');
  if (changes.length === 0 && pendingSecrets(plan).length === 0) {
    lines.push(...warningLines(plan.warnings, p));
    if (options.includeErrors !== false) lines.push(...errorLines(plan.errors, p));
    lines.push(isEmptyPlan(plan) ? p.green(NO_CHANGES) : 'No changes would be made; the plan was refused.');
    return lines.join('\n') + '\n';
  }
  lines.push(...riskLines(plan, p));
  lines.push(`halo-iac will perform the following actions:`, '');
  for (const rc of changes) lines.push(...changeLines(rc, p), '');
  for (const ps of pendingSecrets(plan)) lines.push(`  ${pendingLine(ps, p.yellow('~'))}`, p.dim(`      # ${pendingNote(ps)}`), '');
  lines.push(...warningLines(plan.warnings, p));
  if (options.includeErrors !== false) lines.push(...errorLines(plan.errors, p));
  lines.push(p.bold(summaryLine(plan)));
  return lines.join('\n') + '\n';
}

/** Environment, target and the symbol legend. */
function headerLines(plan: Plan, p: Palette): string[] {
  const lines = [p.bold(`halo-iac plan for environment "${plan.environment}"`) + `: ${targetPhrase(plan)}`];
  const used = new Set(visibleChanges(plan).map(verbOf));
  if (used.size === 0) return lines;
  lines.push('', 'Resource actions are indicated with the following symbols:');
  for (const verb of ['create', 'update', 'destroy', 'replace'] as Verb[]) {
    if (used.has(verb)) lines.push(`  ${colourFor(verb, p)(SYMBOL[verb])} ${LABEL[verb]}`);
  }
  return lines;
}

/** "Risks" block listing every labelled change before the details. */
function riskLines(plan: Plan, p: Palette): string[] {
  const risky = riskyChanges(plan);
  if (risky.length === 0) return [];
  const lines = [p.bold(p.yellow('Risks:'))];
  for (const rc of risky) lines.push(`  ! ${rc.risks.join(', ')}: ${LABEL[verbOf(rc)]} ${rc.address}`);
  lines.push('');
  return lines;
}

/** One change: its heading line, then one indented line per field. */
export function changeLines(rc: ResourceChange, p: Palette = plain): string[] {
  const verb = verbOf(rc);
  const colour = colourFor(verb, p);
  let head = `  ${colour(SYMBOL[verb])} ${LABEL[verb]} ${p.bold(rc.address)}`;
  if (rc.source) head += ` (${formatSource(rc.source)})`;
  const lines = [head];
  const notes: string[] = [];
  if (rc.previous_name !== undefined) notes.push(`renamed from "${rc.previous_name}"`);
  if (rc.origin) notes.push(`from ${rc.origin}`);
  if (rc.risks.length > 0) notes.push(`risk: ${rc.risks.join(', ')}`);
  if (notes.length > 0) lines.push(p.dim(`      # ${notes.join('; ')}`));
  for (const fc of fieldsToShow(rc)) {
    for (const fl of fieldLines(rc, fc)) lines.push(`      ${colourLine(fl, p)}`);
  }
  return lines;
}

function colourLine(fl: FieldLine, p: Palette): string {
  const c = fl.sign === '+' ? p.green : fl.sign === '-' ? p.red : p.yellow;
  // Set items already carry their own sign; other lines get one in front.
  return fl.text.startsWith('  ') ? c(fl.text) : `${c(fl.sign)} ${fl.text}`;
}

function colourFor(verb: Verb, p: Palette): (s: string) => string {
  if (verb === 'create') return p.green;
  if (verb === 'destroy') return p.red;
  if (verb === 'replace') return p.red;
  return p.yellow;
}

function where(w: PlanWarning): string {
  if (w.source) return `${formatSource(w.source)}: `;
  if (w.address) return `${w.address}: `;
  return '';
}

/** Plan warnings as `file:line:col: warning: message`. */
function warningLines(warnings: PlanWarning[], p: Palette): string[] {
  if (warnings.length === 0) return [];
  return [...warnings.map((w) => p.yellow(`${where(w)}warning: ${w.message}`)), ''];
}

/**
 * Where refused changes are shown: `section` is the text view's "Refused:" block
 * (`file:line:col: error: message`); `diagnostics` is what plan and apply print on stderr (one
 * `file:line:col: message` per refusal, then the sentence saying nothing can be applied).
 */
export type RefusalStyle = 'section' | 'diagnostics';

/** Refused changes (plan.errors) as lines without newlines; none when there are none. */
export function errorLines(errors: PlanWarning[], p: Palette = plain, style: RefusalStyle = 'section'): string[] {
  if (errors.length === 0) return [];
  if (style === 'diagnostics') {
    const n = errors.length;
    return [...errors.map((e) => `${where(e)}${e.message}`), `Error: the plan was refused (${n} problem${n === 1 ? '' : 's'} above); nothing can be applied.`];
  }
  return [p.bold(p.red('Refused:')), ...errors.map((e) => p.red(`${where(e)}error: ${e.message}`)), ''];
}
