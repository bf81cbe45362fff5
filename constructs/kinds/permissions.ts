/**
 * Validation of the friendly `permissions` map shared by Agent and Role: each name must be a catalog
 * permission and each value one of ITS friendly values (each permission has its own table, e.g.
 * tickets has no `readModifyAll`), or a boolean for yes/no permissions. Its shape (a mapping, `raw`
 * of strings) is the schema's to check.
 */
import type { Catalog } from '../../src/model/catalog.js';
import { claimOwners } from '../../src/model/catalog-claims.js';
import { didYouMeanValue } from '../../src/model/suggest.js';
import type { Checker } from '../checker.js';
import type { SpecProblem } from '../kind.js';

/** Friendly permission name (catalog/permissions.yaml) -> friendly value, plus raw claims (Agent and Role). */
export interface PermissionsSpec {
  /** Raw Halo claims for anything the catalog does not map: claim type -> value. */
  raw?: Record<string, string>;
  [permission: string]: string | boolean | Record<string, string> | undefined;
}

/** Checks `permissions` at spec path `path` and records the catalog entries it uses. */
export function checkPermissions(c: Checker, perms: PermissionsSpec | undefined, path: string): void {
  if (perms === undefined) return;
  for (const [name, value] of Object.entries(perms)) {
    const at = `${path}.${name}`;
    if (name === 'raw') continue;
    const def = c.lookup('permissions', name, at, 'permission');
    if (!def) continue;
    // The schema (built from the merged catalog) checked each value's type: a boolean for yes/no permissions.
    if (def.type === 'boolean') {
      if (def.values) c.use(`permissions.${name}.values.${value ? 'yes' : 'no'}`);
      continue;
    }
    const known = Object.keys(def.values ?? {});
    const v = value as string;
    if (!known.includes(v)) {
      c.error(at, `permission '${name}' (${def.label}) has no value '${v}'; its values: ${known.join(', ')}${didYouMeanValue(v, known)}`);
      continue;
    }
    c.use(`permissions.${name}.values.${v}`);
  }
}

/**
 * Claim types managed twice: a `raw` claim whose type is the code of a permission also set by
 * friendly name (one claim cannot hold both values, so it could never converge).
 */
export function rawClaimConflicts(spec: PermissionsSpec | undefined, catalog: Catalog): SpecProblem[] {
  const out: SpecProblem[] = [];
  for (const type of Object.keys(spec?.raw ?? {})) {
    const owner = claimOwners(catalog).get(type);
    if (owner && !owner.legacy && spec?.[owner.key] !== undefined)
      out.push({ path: `permissions.raw.${type}`, message: `permissions.raw.${type} is the claim of permissions.${owner.key} (catalog): set it in one place` });
  }
  return out;
}
