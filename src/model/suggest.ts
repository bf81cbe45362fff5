/** "did you mean" suggestions for unknown keys, kinds, variables and scopes. */
import { distance } from 'fastest-levenshtein';

/** The closest candidate within a small edit distance (case-insensitive), if any. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const lower = word.toLowerCase();
  for (const c of candidates) {
    const d = distance(lower, c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  // Roughly one typo per three characters, at least one, at most two (more suggests nonsense).
  const limit = Math.min(2, Math.max(1, Math.ceil(word.length / 3)));
  return best !== undefined && bestDistance <= limit ? best : undefined;
}

/** ` (did you mean 'x'?)`, or '' when nothing is close. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const c = closest(word, candidates);
  return c === undefined ? '' : ` (did you mean '${c}'?)`;
}

/**
 * ` (did you mean 'x'?)` for a value of a short closed list (a permission's values): the closest
 * by edit distance, else the longest candidate the word starts with or that starts with the word
 * (`readModifyAll` -> `readModify`), compared case-insensitively; '' when nothing fits.
 */
export function didYouMeanValue(word: string, candidates: readonly string[]): string {
  const near = closest(word, candidates);
  if (near !== undefined) return ` (did you mean '${near}'?)`;
  const lower = word.toLowerCase();
  const prefix = candidates
    .filter((c) => lower.startsWith(c.toLowerCase()) || c.toLowerCase().startsWith(lower))
    .sort((a, b) => b.length - a.length)[0];
  return prefix === undefined || lower === '' ? '' : ` (did you mean '${prefix}'?)`;
}
