/**
 * What a name may contain (issue 9 §5). Names are natural keys matched against Halo and printed
 * in plans under review, so characters a reviewer cannot see are refused: control characters
 * (they also drive terminals), zero-width and other invisible formatting characters (`Ops` and
 * `Ops\u200B` look identical), unpaired surrogates (not Unicode at all), and names longer than
 * Halo's column (name-limits.ts, generated from the spec). A name mixing scripts, such as a
 * Cyrillic `а` in a Latin name, is a warning: it is the classic look-alike of another name.
 */
import { error, warning, type Diagnostic, type SourcePosition } from '../model/diagnostics.js';
import { DEFAULT_NAME_MAX_LENGTH, NAME_MAX_LENGTH } from './name-limits.js';
import type { KindName } from '../model/kinds.js';
import { isPlainAscii, nameCharacterProblems, shownName } from '../model/name-characters.js';

/** Scripts told apart; a letter in none of them is not compared. */
const SCRIPTS = ['Latin', 'Greek', 'Cyrillic', 'Armenian', 'Hebrew', 'Arabic', 'Devanagari', 'Thai', 'Georgian', 'Hangul', 'Hiragana', 'Katakana', 'Han', 'Bopomofo'].map(
  (name) => ({ name, test: new RegExp(`\\p{Script=${name}}`, 'u') }),
);

/** Script mixes that are ordinary writing (Unicode TS #39, "highly restrictive"), not look-alikes. */
const ORDINARY_MIXES = [
  ['Latin', 'Han', 'Hiragana', 'Katakana'],
  ['Latin', 'Han', 'Bopomofo'],
  ['Latin', 'Han', 'Hangul'],
];

/** The name as printed in a message: invisible and control characters spelled out (model/name-characters.ts). */
export { shownName };

/** The scripts of the letters of `name`: how many letters each has and its first letter. */
function scriptsOf(name: string): Map<string, { count: number; first: string }> {
  const found = new Map<string, { count: number; first: string }>();
  for (const ch of name) {
    if (!/\p{L}/u.test(ch)) continue;
    const script = SCRIPTS.find((s) => s.test.test(ch));
    if (!script) continue;
    const seen = found.get(script.name);
    if (seen) seen.count++;
    else found.set(script.name, { count: 1, first: ch });
  }
  return found;
}

/**
 * Problems with one name of a `kind` object (its `name`, or an entry of `previously`): errors
 * for what Halo or a reviewer cannot take, a warning for mixed scripts. `what` names the field.
 */
export function nameDiagnostics(kind: KindName | string, name: string, at: SourcePosition | undefined, address: string | undefined, what = 'name'): Diagnostic[] {
  const max = (NAME_MAX_LENGTH as Record<string, { maxLength: number } | undefined>)[kind]?.maxLength ?? DEFAULT_NAME_MAX_LENGTH;
  const tooLong = name.length > max ? [error(`${what} is ${name.length} characters long; Halo stores at most ${max}`, at, address)] : [];
  if (isPlainAscii(name)) return tooLong;
  const out: Diagnostic[] = nameCharacterProblems(name, what).map((m) => error(m, at, address));
  out.push(...tooLong);
  const scripts = scriptsOf(name);
  if (scripts.size > 1 && !ORDINARY_MIXES.some((mix) => [...scripts.keys()].every((s) => mix.includes(s)))) {
    // The script with most letters is the name's own; the others are the suspicious letters.
    const [base, ...others] = [...scripts].sort((a, b) => b[1].count - a[1].count);
    const strays = others.map(([script, { first }]) => `'${first}' is ${script}`).join(', ');
    out.push(warning(`${what} '${shownName(name)}' mixes scripts: ${strays} in a ${base?.[0]} name (a look-alike of another name?)`, at, address));
  }
  return out;
}
