/**
 * Escaping for the markdown view: text, code spans, table cells and code fences that no name or
 * message from a manifest or from Halo can break out of.
 */

/** A code fence longer than any backtick run inside the text. */
export function fenceFor(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  return '`'.repeat(longest + 1);
}

/** Text inside HTML (a details summary). */
export function html(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Text for an inline code span (backticks cannot be escaped inside one: replaced). */
export function inline(s: string): string {
  return s.replace(/`/g, "'");
}

/** Plain markdown text: neutralise characters that would start markup or HTML. */
export function escapeText(s: string): string {
  return html(s).replace(/([\\`*_[\]|])/g, '\\$1');
}

/** A table cell: code span, pipes escaped. */
export function cell(s: string): string {
  return `\`${inline(s).replace(/\|/g, '\\|')}\``;
}

/** Last-resort guard: never exceed the limit, even with pathological names in the header. */
export function clamp(text: string, limit: number): string {
  if (text.length < limit) return text;
  const note = '\n\n…(truncated; see the JSON plan)\n';
  return text.slice(0, limit - note.length - 1) + note;
}
