/**
 * The characters no name may hold (issue 9 §5), for every place a name is written: a declared
 * name, a reference, a customer in an agent's access. Control characters (they also drive
 * terminals), zero-width and other invisible formatting characters (`Ops` and `Ops\u200B` look
 * identical), and unpaired surrogates (not Unicode at all). manifest/names.ts adds the length and
 * mixed-script checks, which need the generated column limits.
 */

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const CONTROL = /[\p{Cc}\u2028\u2029]/u;
const INVISIBLE = /\p{Cf}/u;
const SURROGATE = /\p{Cs}/u;

/** Names of the invisible characters people actually meet, for the message. */
const CHARACTER_NAMES: Record<number, string> = {
  0x00ad: 'SOFT HYPHEN',
  0x200b: 'ZERO WIDTH SPACE',
  0x200c: 'ZERO WIDTH NON-JOINER',
  0x200d: 'ZERO WIDTH JOINER',
  0x200e: 'LEFT-TO-RIGHT MARK',
  0x200f: 'RIGHT-TO-LEFT MARK',
  0x202e: 'RIGHT-TO-LEFT OVERRIDE',
  0x2060: 'WORD JOINER',
  0xfeff: 'ZERO WIDTH NO-BREAK SPACE',
};

/** `U+200B ZERO WIDTH SPACE`, `U+0007`. */
export function codePoint(ch: string): string {
  const cp = ch.codePointAt(0) as number;
  const name = CHARACTER_NAMES[cp];
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}${name ? ` ${name}` : ''}`;
}

/** The name as printed in a message: invisible and control characters spelled out. */
export function shownName(name: string): string {
  return name.replace(/[\p{Cc}\p{Cf}\p{Cs}\u2028\u2029]/gu, (ch) => `<${codePoint(ch)}>`);
}

/** True when the name is plain printable ASCII (nothing below can apply). */
export function isPlainAscii(name: string): boolean {
  return PRINTABLE_ASCII.test(name);
}

/** The messages for the characters `name` may not hold; `what` names the field (`name`, `reference to team`). */
export function nameCharacterProblems(name: string, what: string): string[] {
  if (isPlainAscii(name)) return [];
  const out: string[] = [];
  const control = CONTROL.exec(name)?.[0];
  if (control) out.push(`${what} '${shownName(name)}' contains a control character (${codePoint(control)})`);
  const invisible = INVISIBLE.exec(name)?.[0];
  if (invisible) out.push(`${what} '${shownName(name)}' contains an invisible character (${codePoint(invisible)})`);
  const surrogate = SURROGATE.exec(name)?.[0];
  if (surrogate) out.push(`${what} '${shownName(name)}' contains an unpaired surrogate (${codePoint(surrogate)}), which is not Unicode text`);
  return out;
}
