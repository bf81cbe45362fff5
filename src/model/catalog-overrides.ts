/**
 * Catalog overrides that teach the catalog what a tenant holds, as `plan` (a live claim value
 * outside a permission's table) and `doctor` (its disagreements) both propose them: complete
 * entries, valid catalog data as printed (README "Catalog overrides"), with `<...>` placeholders
 * for what only the Halo UI can say (a friendly name, the option's label), and `verified: false`.
 */
import { yamlLibrary } from './yaml-library.js';
import type { Catalog, PermissionDef } from './catalog.js';

/** What a code may look like: short, letters, digits and a little punctuation, no '@'. */
const CODE = /^[A-Za-z0-9_.:+\-/ ]{0,40}$/;

/** True when a string can be printed as a code. */
export function isCode(s: string): boolean {
  return CODE.test(s);
}

/** `<name for "7">`: the placeholder of a friendly name for a Halo value the catalog lacks. */
export function nameFor(halo: string | number): string {
  return typeof halo === 'number' || isCode(halo) ? `<name for ${JSON.stringify(halo)}>` : '<name>';
}

/** The provenance of an entry proposed by `tool` (`halo-iac doctor`, `halo-iac plan`). */
export function seenBy(tool: string): { verified: false; source: string } {
  return { verified: false, source: `seen on the tenant by ${tool}` };
}

/**
 * The override that teaches permission `key` the stored values `values`: a level gets a value entry
 * each (placeholder name and label); a yes/no claim gets them as spellings of yes (the whole list:
 * lists replace on merge; move one to `no` if it means No).
 */
export function unknownValueOverride(key: string, def: Pick<PermissionDef, 'type'>, values: readonly string[], catalog: Catalog, tool: string): Record<string, unknown> {
  if (def.type === 'boolean') return { yesNoSpellings: { yes: [...catalog.yesNoSpellings.yes, ...values] } };
  const entries = Object.fromEntries(values.map((v) => [nameFor(v), { halo: v, label: '<UI option>', ...seenBy(tool) }]));
  return { permissions: { [key]: { values: entries } } };
}

/** An override as one line of YAML (a flow mapping), e.g. for a warning: it loads as printed. */
export function overrideLine(tree: Record<string, unknown>): string {
  return yamlLibrary().stringify(tree, { collectionStyle: 'flow', lineWidth: 0 }).trim();
}
