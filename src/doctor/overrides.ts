/**
 * Catalog overrides as doctor prints them: YAML for the environment's `policy.catalog` file (deep
 * merged into catalog/, README "Catalog overrides"). Each snippet is valid catalog data as printed;
 * `<...>` placeholders (a friendly name, a UI label) are for the user to replace with what the Halo
 * UI shows, and the entries stay `verified: false` until they have.
 */
import { stringify } from 'yaml';
import { deepMerge } from '../manifest/catalog.js';
import { seenBy } from '../model/catalog-overrides.js';

export { nameFor } from '../model/catalog-overrides.js';

/** The tool named in the provenance of doctor's entries. */
export const DOCTOR = 'halo-iac doctor';

/** The provenance every entry doctor proposes carries. */
export const SEEN = seenBy(DOCTOR);

type Tree = Record<string, unknown>;

/**
 * One YAML snippet from the overrides of a check's findings (undefined when there are none).
 * `comments` go on top, as `# ` lines.
 */
export function overrideYaml(parts: readonly Tree[], comments: readonly string[] = []): string | undefined {
  if (parts.length === 0) return undefined;
  // Several findings of one check make one snippet.
  const tree = parts.reduce<Tree>((a, b) => deepMerge(a, b), {});
  return [...comments.map((c) => `# ${c}`), stringify(tree, { lineWidth: 0 }).trimEnd()].join('\n');
}
