/**
 * The text view of a Plan, after Terraform's: a header, risks first (each with its reason), one
 * block per change (`+ create`, `~ update in-place`, `- destroy`, address, source, field lines; a
 * destroy shows the whole live object and what depends on it), the live objects nobody manages,
 * then `Plan: X to add, Y to change, Z to destroy.` or the "No changes" sentence. A refused plan
 * puts its refusals first and shows its changes, the refused ones included, as what would have
 * happened (`Plan refused: nothing can be applied. It would have been: ...`). Warnings are diagnostics: the CLI prints them once on stderr
 * (`warningLines`), so the view leaves them out unless asked.
 */
import type { Plan, PlanDiagnostic, ResourceChange } from '../model/plan.js';
import {
  distinctWarnings,
  formatSource,
  isEmptyPlan,
  isRefused,
  LABEL,
  NO_CHANGES,
  pendingLine,
  pendingNote,
  pendingSecrets,
  summaryLine,
  SYMBOL,
  targetPhrase,
  verbOf,
  visibleChanges,
  WOULD_HAVE,
  wouldHaveChanges,
  type Verb,
} from './changes.js';
import { plain, type Palette } from './colour.js';
import { printableDeep } from './printable.js';
import { bareRisks, dependentsOf, dependentText, DEPENDENTS_HEADING, reasonText, riskLabels, riskReasons } from './risks.js';
import { unmanagedHeadline, unmanagedLine, unmanagedView } from './unmanaged.js';
import { fieldLines, fieldsToShow, type FieldLine } from './values.js';

/** Options of the text renderer. */
export interface TextOptions {
  /** Colours (see colour.ts `palette`); plain by default. */
  palette?: Palette;
  /**
   * Print refused changes (plan.errors) after the plan body, as Terraform prints errors in
   * context (default true). The CLI prints them on stderr as diagnostics as well.
   */
  includeErrors?: boolean;
  /** Print the plan's warnings in the text (default false: the CLI prints them once, on stderr). */
  includeWarnings?: boolean;
}

/** Renders the whole plan as terminal text, ending with a newline. */
export function renderText(unescaped: Plan, options: TextOptions = {}): string {
  // Names and values from the tenant and the manifests reach the terminal only escaped.
  const plan = printableDeep(unescaped);
  const p = options.palette ?? plain;
  const lines: string[] = [];
  const refused = isRefused(plan);
  // A refused plan shows what it would have done, its refused changes included, under the refusal.
  const changes = refused ? wouldHaveChanges(plan) : visibleChanges(plan);
  const errors = options.includeErrors !== false ? errorLines(plan.errors, p) : [];
  const notes = (): string[] => [...unmanagedLines(plan, p), ...(options.includeWarnings === true ? warningSection(plan.warnings, p) : [])];
  lines.push(...headerLines(changes, plan, p), '');
  if (isEmptyPlan(plan)) {
    lines.push(...notes(), p.green(NO_CHANGES));
    return lines.join('\n') + '\n';
  }
  if (refused) lines.push(...errors);
  lines.push(...riskLines(changes, p));
  if (changes.length > 0) lines.push(refused ? WOULD_HAVE : `halo-iac will perform the following actions:`, '');
  for (const rc of changes) lines.push(...changeLines(rc, p), '');
  for (const ps of pendingSecrets(plan)) lines.push(`  ${pendingLine(ps, p.yellow('~'))}`, p.dim(`      # ${pendingNote(ps)}`), '');
  lines.push(...notes());
  lines.push(p.bold(summaryLine(plan)));
  return lines.join('\n') + '\n';
}

/** Environment, target and the symbol legend of the changes shown. */
function headerLines(changes: readonly ResourceChange[], plan: Plan, p: Palette): string[] {
  const lines = [p.bold(`halo-iac plan for environment "${plan.environment}"`) + `: ${targetPhrase(plan)}`];
  const used = new Set(changes.map(verbOf));
  if (used.size === 0) return lines;
  lines.push('', 'Resource actions are indicated with the following symbols:');
  for (const verb of ['create', 'update', 'destroy', 'replace'] as Verb[]) {
    if (used.has(verb)) lines.push(`  ${colourFor(verb, p)(SYMBOL[verb])} ${LABEL[verb]}`);
  }
  return lines;
}

/** "Risks" block listing every labelled change before the details, each reason under its change. */
function riskLines(changes: readonly ResourceChange[], p: Palette): string[] {
  const risky = changes.filter((rc) => riskLabels(rc).length > 0);
  if (risky.length === 0) return [];
  const lines = [p.bold(p.yellow('Risks:'))];
  for (const rc of risky) {
    lines.push(`  ! ${riskLabels(rc).join(', ')}: ${LABEL[verbOf(rc)]} ${rc.address}`);
    for (const r of riskReasons(rc)) lines.push(`      ${reasonText(r)}`);
  }
  lines.push('');
  return lines;
}

/** The live objects no manifest declares, privileged first, capped (with where to see the rest). */
function unmanagedLines(plan: Plan, p: Palette): string[] {
  const v = unmanagedView(plan);
  const unchecked = plan.unmanaged_unchecked ?? [];
  if (v.total === 0 && unchecked.length === 0) return [];
  const lines = [p.bold(`Not managed by halo-iac: ${unmanagedHeadline(v)}:`)];
  for (const u of v.shown) lines.push(`  ${u.risks.length > 0 ? p.yellow('!') : ' '} ${unmanagedLine(u)}`);
  if (v.hidden > 0) lines.push(`    …and ${v.hidden} more (the JSON plan lists them all: \`unmanaged\`)`);
  for (const note of unchecked) lines.push(`  not checked: ${note}`);
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
  const bare = bareRisks(rc);
  if (bare.length > 0) notes.push(`risk: ${bare.join(', ')}`);
  if (notes.length > 0) lines.push(p.dim(`      # ${notes.join('; ')}`));
  for (const r of riskReasons(rc)) lines.push(p.dim(`      # ${reasonText(r)}`));
  for (const fc of fieldsToShow(rc)) {
    for (const fl of fieldLines(rc, fc)) lines.push(`      ${colourLine(fl, p)}`);
  }
  const dependents = dependentsOf(rc);
  if (dependents.length > 0) lines.push(p.dim(`      # ${DEPENDENTS_HEADING}`), ...dependents.map((d) => p.dim(`      #   ${dependentText(d)}`)));
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

function where(w: PlanDiagnostic): string {
  if (w.source) return `${formatSource(w.source)}: `;
  if (w.address) return `${w.address}: `;
  return '';
}

/**
 * Plan warnings as `file:line:col: warning: message` (else `address: warning: message`), each
 * distinct line once: the same warning found twice (a load diagnostic and a live check) says
 * nothing new. The CLI prints these on stderr.
 */
export function warningLines(warnings: PlanDiagnostic[]): string[] {
  return distinctWarnings(printableDeep(warnings)).map((w) => `${where(w)}warning: ${w.message}`);
}

function warningSection(warnings: PlanDiagnostic[], p: Palette): string[] {
  if (warnings.length === 0) return [];
  return [...warningLines(warnings).map((l) => p.yellow(l)), ''];
}

/**
 * Where refused changes are shown: `section` is the text view's "Refused:" block
 * (`file:line:col: error: message`); `diagnostics` is what plan and apply print on stderr (one
 * `file:line:col: message` per refusal, then the sentence saying nothing can be applied).
 */
export type RefusalStyle = 'section' | 'diagnostics';

/** The sentence after a refused plan's diagnostics: `the plan was refused (2 problems above); nothing can be applied.` */
export function refusedSentence(problems: number): string {
  return `the plan was refused (${problems} problem${problems === 1 ? '' : 's'} above); nothing can be applied.`;
}

/** Refused changes (plan.errors) as lines without newlines; none when there are none. */
export function errorLines(unescaped: PlanDiagnostic[], p: Palette = plain, style: RefusalStyle = 'section'): string[] {
  if (unescaped.length === 0) return [];
  const errors = printableDeep(unescaped);
  if (style === 'diagnostics') return [...errors.map((e) => `${where(e)}${e.message}`), `Error: ${refusedSentence(errors.length)}`];
  return [p.bold(p.red('Refused:')), ...errors.map((e) => p.red(`${where(e)}error: ${e.message}`)), ''];
}
