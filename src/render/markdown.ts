/**
 * The markdown view of a Plan for pull-request comments: title with the environment, a summary
 * table, risks first (a table), refused changes, then one collapsed `<details>` block per change.
 * The result is always shorter than MARKDOWN_LIMIT (GitHub rejects comments over 65,536
 * characters): details that do not fit are dropped with a pointer to the full JSON plan.
 */
import type { Plan, PlanWarning, ResourceChange } from '../engine/plan-types.js';
import {
  formatSource,
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
} from './changes.js';
import { fieldLines, fieldsToShow } from './values.js';

/** Hard ceiling on the rendered length, in characters. */
export const MARKDOWN_LIMIT = 60_000;

/** Risk table rows shown before "and N more" (the table must not eat the whole budget). */
const MAX_RISK_ROWS = 50;
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
export function renderMarkdown(plan: Plan, options: MarkdownOptions = {}): string {
  const limit = options.limit ?? MARKDOWN_LIMIT;
  const changes = visibleChanges(plan);
  const head = [
    `## halo-iac plan: \`${inline(plan.environment)}\``,
    '',
    `Target: ${escapeText(targetPhrase(plan))} · halo-iac ${inline(plan.tool_version)} · ${inline(plan.created_at)}`,
    '',
  ];
  if (changes.length === 0 && plan.errors.length === 0 && pendingSecrets(plan).length === 0) {
    return [...head, `**${NO_CHANGES}**`, ...noteSections(plan), ''].join('\n');
  }
  const top = [
    ...head,
    ...summaryTable(plan),
    ...riskTable(plan),
    ...issueList('Refused changes', ':no_entry:', plan.errors),
    ...pendingList(plan),
    ...issueList('Warnings', ':warning:', plan.warnings),
  ].join('\n');
  const footer = `\n${summaryLine(plan)}\n`;
  const budget = limit - top.length - footer.length - RESERVE;
  const parts: string[] = [top, changes.length > 0 ? '\n### Changes\n' : ''];
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

/** The add / change / destroy table. */
function summaryTable(plan: Plan): string[] {
  const s = plan.summary;
  return ['| :heavy_plus_sign: Add | :pencil2: Change | :heavy_minus_sign: Destroy |', '|---:|---:|---:|', `| ${s.add} | ${s.change} | ${s.destroy} |`, ''];
}

/** Risky changes first, as a table; capped at MAX_RISK_ROWS rows. */
function riskTable(plan: Plan): string[] {
  const risky = riskyChanges(plan);
  if (risky.length === 0) return [];
  const lines = ['### :warning: Risks', '', '| Risk | Action | Address |', '|---|---|---|'];
  for (const rc of risky.slice(0, MAX_RISK_ROWS)) {
    lines.push(`| ${rc.risks.map((r) => `\`${r}\``).join(', ')} | ${LABEL[verbOf(rc)]} | ${cell(rc.address)} |`);
  }
  if (risky.length > MAX_RISK_ROWS) lines.push('', `…and ${risky.length - MAX_RISK_ROWS} more risky changes (see the JSON plan).`);
  lines.push('');
  return lines;
}

/** Secret deliveries an earlier run left unfinished, as diff lines like the changes' own. */
function pendingList(plan: Plan): string[] {
  const pending = pendingSecrets(plan);
  if (pending.length === 0) return [];
  const body = pending.flatMap((ps) => [pendingLine(ps), `# ${pendingNote(ps)}`]).join('\n');
  const fence = fenceFor(body);
  return ['### :key: Secret deliveries pending', '', `${fence}diff`, body, fence, ''];
}

/** Refused changes or warnings as a bullet list (capped like the risk table). */
function issueList(title: string, icon: string, items: PlanWarning[]): string[] {
  if (items.length === 0) return [];
  const lines = [`### ${icon} ${title}`, ''];
  for (const w of items.slice(0, MAX_RISK_ROWS)) {
    const where = w.source ? `\`${formatSource(w.source)}\` ` : w.address ? `\`${inline(w.address)}\` ` : '';
    lines.push(`- ${where}${escapeText(w.message)}`);
  }
  if (items.length > MAX_RISK_ROWS) lines.push(`- …and ${items.length - MAX_RISK_ROWS} more (see the JSON plan).`);
  lines.push('');
  return lines;
}

function noteSections(plan: Plan): string[] {
  return plan.warnings.length > 0 ? ['', ...issueList('Warnings', ':warning:', plan.warnings)] : [];
}

/** One change, collapsed: the summary names action and address; the body is a diff block. */
function detailsBlock(rc: ResourceChange): string {
  const verb = verbOf(rc);
  const summary = `<code>${SYMBOL[verb]}</code> ${LABEL[verb]} <code>${html(rc.address)}</code>${rc.risks.length ? ` (${rc.risks.join(', ')})` : ''}`;
  const body: string[] = [];
  if (rc.source) body.push(`# ${formatSource(rc.source)}`);
  if (rc.previous_name !== undefined) body.push(`# renamed from "${rc.previous_name}"`);
  if (rc.origin) body.push(`# from ${rc.origin}`);
  for (const fc of fieldsToShow(rc)) {
    // Set items ("  + x") become diff lines "+     x" so GitHub colours them.
    for (const fl of fieldLines(rc, fc)) body.push(fl.text.startsWith('  ') ? `${fl.sign}     ${fl.text.slice(4)}` : `${fl.sign} ${fl.text}`);
  }
  let text = body.join('\n');
  if (text.length > MAX_DETAIL_CHARS) text = `${text.slice(0, MAX_DETAIL_CHARS)}\n# … (shortened; see the JSON plan)`;
  const fence = fenceFor(text);
  return `\n<details><summary>${summary}</summary>\n\n${fence}diff\n${text}\n${fence}\n\n</details>\n`;
}

function truncationNote(hidden: number): string {
  return (
    `\n> **${hidden} more change${hidden === 1 ? '' : 's'} not shown** to keep this comment under ${MARKDOWN_LIMIT.toLocaleString('en-US')} characters.` +
    ` See the full plan: save it with \`halo-iac plan --out plan.json\` (or the pipeline's plan artifact) and read it with \`halo-iac show plan.json\` or \`--format json\`.\n`
  );
}

/** Last-resort guard: never exceed the limit, even with pathological names in the header. */
function clamp(text: string, limit: number): string {
  if (text.length < limit) return text;
  const note = '\n\n…(truncated; see the JSON plan)\n';
  return text.slice(0, limit - note.length - 1) + note;
}

/** A code fence longer than any backtick run inside the text. */
function fenceFor(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  return '`'.repeat(longest + 1);
}

function html(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Text for an inline code span (backticks cannot be escaped inside one: replaced). */
function inline(s: string): string {
  return s.replace(/`/g, "'");
}

/** Plain markdown text: neutralise characters that would start markup or HTML. */
function escapeText(s: string): string {
  return html(s).replace(/([\\`*_[\]|])/g, '\\$1');
}

/** A table cell: code span, pipes escaped. */
function cell(s: string): string {
  return `\`${inline(s).replace(/\|/g, '\\|')}\``;
}
