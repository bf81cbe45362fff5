/**
 * The markdown view of a Plan for pull-request comments: title with the environment, then what a
 * reviewer must see first (refused changes, risks with their reasons), the summary table, the
 * live objects nobody manages, and one `<details>` block per change: expanded for risky changes,
 * collapsed for the rest. Change bodies are ```diff blocks so GitHub colours them: `+` added, `-`
 * removed, `!` changed in place (Terraform's `~`, as terraform-pr-commenter and tfcmt render it).
 * The result is always shorter than MARKDOWN_LIMIT (GitHub rejects comments over 65,536
 * characters): details that do not fit are dropped with a pointer to the full JSON plan.
 */
import type { Plan, PlanDiagnostic, ResourceChange } from '../model/plan.js';
import {
  distinctWarnings,
  formatSource,
  LABEL,
  NO_CHANGES,
  pendingLine,
  pendingNote,
  isRefused,
  pendingSecrets,
  shownSummary,
  summaryLine,
  SYMBOL,
  targetPhrase,
  verbOf,
  visibleChanges,
  WOULD_HAVE,
  wouldHaveChanges,
} from './changes.js';
import { printableDeep } from './printable.js';
import { cell, clamp, escapeText, fenceFor, html, inline } from './markdown-text.js';
import { bareRisks, dependentsOf, dependentText, DEPENDENTS_HEADING, isRisky, reasonText, riskLabels, riskReasons } from './risks.js';
import { unmanagedHeadline, unmanagedView } from './unmanaged.js';
import { fieldLines, fieldsToShow, type FieldLine } from './values.js';

/** Hard ceiling on the rendered length, in characters. */
export const MARKDOWN_LIMIT = 60_000;

/** Rows of a risk table or issue list shown before "and N more" (a section must not eat the whole budget). */
const MAX_RISK_ROWS = 50;
/** The characters those rows may take, whatever their length. */
const MAX_SECTION_CHARS = 12_000;
/** Reasons shown in one risk table cell, and the longest one printed whole. */
const MAX_CELL_REASONS = 5;
const MAX_REASON_CHARS = 200;
/** Dependents listed under one destroy. */
const MAX_DEPENDENTS = 20;
/** Longest body of one change's details block. */
const MAX_DETAIL_CHARS = 4_000;
/** Room kept for the truncation note and the footer. */
const RESERVE = 1_000;

/** Options of the markdown renderer. */
export interface MarkdownOptions {
  /** Character ceiling (default MARKDOWN_LIMIT); tests lower it. */
  limit?: number;
}

/** Renders the plan as a GitHub/Azure DevOps flavoured markdown comment. */
export function renderMarkdown(unescaped: Plan, options: MarkdownOptions = {}): string {
  // Names and values from the tenant and the manifests reach the comment only escaped.
  const plan = printableDeep(unescaped);
  const limit = options.limit ?? MARKDOWN_LIMIT;
  const refused = isRefused(plan);
  // A refused plan shows what it would have done, its refused changes included, under the refusal.
  const changes = refused ? wouldHaveChanges(plan) : visibleChanges(plan);
  const head = [
    `## halo-iac plan: \`${inline(plan.environment)}\``,
    '',
    `Target: ${escapeText(targetPhrase(plan))} · halo-iac ${inline(plan.tool_version)} · ${inline(plan.created_at)}`,
    '',
  ];
  if (changes.length === 0 && plan.errors.length === 0 && pendingSecrets(plan).length === 0) {
    return clamp([...head, `**${NO_CHANGES}**`, ...noteSections(plan), ''].join('\n'), limit);
  }
  const top = [
    ...head,
    ...issueList('Refused changes', ':no_entry:', plan.errors),
    ...riskTable(changes),
    ...summaryTable(plan),
    ...unmanagedTable(plan),
    ...pendingList(plan),
    ...issueList('Warnings', ':warning:', distinctWarnings(plan.warnings)),
  ].join('\n');
  const footer = `\n${summaryLine(plan)}\n`;
  const budget = limit - top.length - footer.length - RESERVE;
  const heading = refused ? `\n### Changes (refused)\n\n${WOULD_HAVE}\n` : '\n### Changes\n';
  const parts: string[] = [top, changes.length > 0 ? heading : ''];
  let used = parts[1]!.length;
  let shown = 0;
  for (const rc of changes) {
    const block = detailsBlock(rc);
    if (used + block.length > budget) break;
    parts.push(block);
    used += block.length;
    shown++;
  }
  if (shown < changes.length) parts.push(truncationNote(changes.length - shown));
  parts.push(footer);
  return clamp(parts.join(''), limit);
}

/** The add / change / destroy table; for a refused plan, what it would have been, said so above it. */
function summaryTable(plan: Plan): string[] {
  const s = shownSummary(plan);
  const caption = isRefused(plan) ? ['**Plan refused: nothing can be applied.** It would have been:', ''] : [];
  return [...caption, '| :heavy_plus_sign: Add | :pencil2: Change | :heavy_minus_sign: Destroy |', '|---:|---:|---:|', `| ${s.add} | ${s.change} | ${s.destroy} |`, ''];
}

/** Risky changes first, as a table; capped at MAX_RISK_ROWS rows. */
function riskTable(changes: readonly ResourceChange[]): string[] {
  const risky = changes.filter((rc) => riskLabels(rc).length > 0);
  if (risky.length === 0) return [];
  const rows = capped(risky.map((rc) => `| ${riskCell(rc)} | ${LABEL[verbOf(rc)]} | ${cell(rc.address)} |`));
  const lines = ['### :warning: Risks', '', '| Risk | Action | Address |', '|---|---|---|', ...rows];
  if (rows.length < risky.length) lines.push('', `…and ${risky.length - rows.length} more risky changes (see the JSON plan).`);
  lines.push('');
  return lines;
}

/** The first rows that fit both MAX_RISK_ROWS and MAX_SECTION_CHARS. */
function capped(rows: string[]): string[] {
  const out: string[] = [];
  let used = 0;
  for (const row of rows.slice(0, MAX_RISK_ROWS)) {
    if (used + row.length > MAX_SECTION_CHARS) break;
    out.push(row);
    used += row.length + 1;
  }
  return out;
}

/** The bare labels as code spans on one line (an older plan's whole cell), then one line per reason. */
function riskCell(rc: ResourceChange): string {
  const parts: string[] = [];
  const bare = bareRisks(rc);
  if (bare.length > 0) parts.push(bare.map(cell).join(', '));
  const reasons = riskReasons(rc);
  for (const r of reasons.slice(0, MAX_CELL_REASONS)) parts.push(`${cell(r.risk)}: ${cell(shorten(r.reason, MAX_REASON_CHARS))}`);
  if (reasons.length > MAX_CELL_REASONS) parts.push(`…and ${reasons.length - MAX_CELL_REASONS} more`);
  return parts.join('<br>');
}

/** The live objects no manifest declares, privileged first, capped. */
function unmanagedTable(plan: Plan): string[] {
  const v = unmanagedView(plan);
  const unchecked = plan.unmanaged_unchecked ?? [];
  if (v.total === 0 && unchecked.length === 0) return [];
  const lines = ['### :mag: Not managed by halo-iac', '', `${unmanagedHeadline(v)}, privileged first.`, ''];
  if (v.total > 0) lines.push('| Risk | Address | Live id |', '|---|---|---|');
  for (const u of v.shown) lines.push(`| ${u.risks.map(cell).join(', ')} | ${cell(u.address)} | ${cell(String(u.live_id))} |`);
  if (v.hidden > 0) lines.push('', `…and ${v.hidden} more (the JSON plan lists them all: \`unmanaged\`).`);
  if (unchecked.length > 0) lines.push('', ...unchecked.map((n) => `- Not checked: ${escapeText(n)}`));
  lines.push('');
  return lines;
}

/** Secret deliveries an earlier run left unfinished, as diff lines like the changes' own. */
function pendingList(plan: Plan): string[] {
  const pending = pendingSecrets(plan);
  if (pending.length === 0) return [];
  const body = pending.flatMap((ps) => [pendingLine(ps, '!'), `# ${pendingNote(ps)}`]).join('\n');
  const fence = fenceFor(body);
  return ['### :key: Secret deliveries pending', '', `${fence}diff`, body, fence, ''];
}

/** Refused changes or warnings as a bullet list (capped like the risk table). */
function issueList(title: string, icon: string, items: PlanDiagnostic[]): string[] {
  if (items.length === 0) return [];
  const rows = capped(
    items.map((w) => {
      const where = w.source ? `\`${formatSource(w.source)}\` ` : w.address ? `\`${inline(w.address)}\` ` : '';
      return `- ${where}${escapeText(w.message)}`;
    }),
  );
  const lines = [`### ${icon} ${title}`, '', ...rows];
  if (rows.length < items.length) lines.push(`- …and ${items.length - rows.length} more (see the JSON plan).`);
  lines.push('');
  return lines;
}

/** What a plan without changes still says: who nobody manages, and its warnings. */
function noteSections(plan: Plan): string[] {
  const unmanaged = unmanagedTable(plan);
  const warnings = issueList('Warnings', ':warning:', distinctWarnings(plan.warnings));
  return unmanaged.length + warnings.length > 0 ? ['', ...unmanaged, ...warnings] : [];
}

/** One change: the summary names action, address and risk labels; the body is a diff block, open when risky. */
function detailsBlock(rc: ResourceChange): string {
  const verb = verbOf(rc);
  const labels = riskLabels(rc);
  const summary = `<code>${SYMBOL[verb]}</code> ${LABEL[verb]} <code>${html(rc.address)}</code>${labels.length ? ` (${html(labels.join(', '))})` : ''}`;
  const body: string[] = [];
  if (rc.source) body.push(`# ${formatSource(rc.source)}`);
  if (rc.previous_name !== undefined) body.push(`# renamed from "${rc.previous_name}"`);
  if (rc.origin) body.push(`# from ${rc.origin}`);
  for (const r of riskReasons(rc)) body.push(`# ${reasonText(r)}`);
  for (const fc of fieldsToShow(rc)) {
    for (const fl of fieldLines(rc, fc)) body.push(diffLine(fl));
  }
  body.push(...dependentLines(rc));
  let text = body.join('\n');
  if (text.length > MAX_DETAIL_CHARS) text = `${text.slice(0, MAX_DETAIL_CHARS)}\n# … (shortened; see the JSON plan)`;
  const fence = fenceFor(text);
  return `\n<details${isRisky(rc) ? ' open' : ''}><summary>${summary}</summary>\n\n${fence}diff\n${text}\n${fence}\n\n</details>\n`;
}

/**
 * A field line with its sign in the first column, where GitHub's diff highlighting looks: `~`
 * becomes `!` (coloured as a change), and set items ("  + x") become "+     x".
 */
function diffLine(fl: FieldLine): string {
  const sign = fl.sign === '~' ? '!' : fl.sign;
  return fl.text.startsWith('  ') ? `${sign}     ${fl.text.slice(4)}` : `${sign} ${fl.text}`;
}

/** What depends on a destroyed object, as comment lines, capped. */
function dependentLines(rc: ResourceChange): string[] {
  const dependents = dependentsOf(rc);
  if (dependents.length === 0) return [];
  const lines = [`# ${DEPENDENTS_HEADING}`, ...dependents.slice(0, MAX_DEPENDENTS).map((d) => `#   ${dependentText(d)}`)];
  if (dependents.length > MAX_DEPENDENTS) lines.push(`#   …and ${dependents.length - MAX_DEPENDENTS} more (see the JSON plan)`);
  return lines;
}

function truncationNote(hidden: number): string {
  return (
    `\n> **${hidden} more change${hidden === 1 ? '' : 's'} not shown** to keep this comment under ${MARKDOWN_LIMIT.toLocaleString('en-US')} characters.` +
    ` See the full plan: save it with \`halo-iac plan --out plan.json\` (or the pipeline's plan artifact) and read it with \`halo-iac show plan.json\` or \`--format json\`.\n`
  );
}

function shorten(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
