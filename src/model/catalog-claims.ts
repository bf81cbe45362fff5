/**
 * Reading Halo permission claims through the catalog (catalog/permissions.yaml): which permission a
 * claim type belongs to (its code, or an older long name of ROLE-SQL-B), what a stored value means
 * in that permission's own table, and how yes/no may be spelled. Pure functions of the catalog, for
 * the Agent and Role handlers and for anything that checks a tenant against the catalog (doctor):
 * no claim code or value is known here, every one comes from the catalog.
 */
import type { AccessList, Catalog, PermissionDef } from './catalog.js';

/** A claim as Halo holds it on an agent or role (`NHD_Claim {type, value}`). */
export interface Claim {
  type: string;
  value: string;
}

/** The permission a claim type belongs to. */
export interface ClaimOwner {
  /** Friendly permission key, e.g. `tickets`. */
  key: string;
  def: PermissionDef;
  /** The short code written for it, e.g. `Tx`. */
  code: string;
  /** True when the type is an older long name (e.g. `Ticket_Level`), not the code. */
  legacy: boolean;
  /**
   * How the type differs from the code, when it does: `legacy`, an older long name; `spelling`,
   * another spelling of the code (e.g. `TD` for `Td`). Either is read as the code and replaced on write.
   */
  alias?: AliasKind;
}

/** How an alias claim type relates to its permission's code (catalog `aliases` / `spellings`). */
export type AliasKind = 'legacy' | 'spelling';

/** One row of a permission's value table. */
export interface ValueRow {
  /** Friendly value name, e.g. `readModifyAll`. */
  name: string;
  /** Stored claim value, e.g. `"4"`. */
  halo: string;
  /** The Permissions-tab option, e.g. "Read and Modify (All)". */
  label: string;
  privileged: boolean;
}

/** A live claim read through the catalog. */
export interface ClaimReading {
  claim: Claim;
  /** Absent: the catalog knows no permission with this claim type. */
  owner?: ClaimOwner;
  /** The friendly value (`true`/`false` for yes/no); absent when the value is not in the permission's table. */
  friendly?: string | boolean;
  /** A yes/no read from a spelling the entry does not write (e.g. `'true'` on a `'1'`/`'0'` claim). */
  alternateSpelling: boolean;
}

/** The claim code a permission writes, when it is a claim. */
export function claimCode(def: PermissionDef | undefined): string | undefined {
  return def !== undefined && 'claim' in def.target ? def.target.claim : undefined;
}

/** Every claim type a permission is read from: its code, then its legacy aliases and other spellings. */
export function claimTypesOf(def: PermissionDef): string[] {
  const code = claimCode(def);
  return code === undefined ? [] : [code, ...(def.aliases ?? []), ...(def.spellings ?? [])];
}

/** What kind of alias a claim type is for a permission (undefined: the code itself, or not its type). */
export function aliasKindOf(def: PermissionDef, type: string): AliasKind | undefined {
  if (def.aliases?.includes(type)) return 'legacy';
  if (def.spellings?.includes(type)) return 'spelling';
  return undefined;
}

const ownerCache = new WeakMap<Catalog, Map<string, ClaimOwner>>();

/**
 * Claim type -> its permission, for codes, legacy aliases and other spellings. Types match
 * case-sensitively: `LC` (Chat Level) and `lc` (Can change a Tickets Ticket Type) are different
 * claims, so a case variant is read as a code only where the catalog lists it (`spellings`).
 */
export function claimOwners(catalog: Catalog): ReadonlyMap<string, ClaimOwner> {
  let owners = ownerCache.get(catalog);
  if (owners) return owners;
  owners = new Map();
  for (const [key, def] of Object.entries(catalog.permissions)) {
    const code = claimCode(def);
    if (code === undefined) continue;
    if (!owners.has(code)) owners.set(code, { key, def, code, legacy: false });
    for (const alias of def.aliases ?? []) if (!owners.has(alias)) owners.set(alias, { key, def, code, legacy: true, alias: 'legacy' });
    for (const alias of def.spellings ?? []) if (!owners.has(alias)) owners.set(alias, { key, def, code, legacy: false, alias: 'spelling' });
  }
  ownerCache.set(catalog, owners);
  return owners;
}

const flagCache = new WeakMap<Catalog, Map<AccessList, { key: string; def: PermissionDef }>>();

/** The permission that is the "allow all" flag of an agent access list (its `restriction.access`); indexed once per catalog. */
export function accessFlag(catalog: Catalog, list: AccessList): { key: string; def: PermissionDef } | undefined {
  let flags = flagCache.get(catalog);
  if (!flags) {
    flags = new Map();
    for (const [key, def] of Object.entries(catalog.permissions)) {
      const access = def.restriction?.access;
      if (access !== undefined && !flags.has(access)) flags.set(access, { key, def });
    }
    flagCache.set(catalog, flags);
  }
  return flags.get(list);
}

/** Legacy long claim name -> the short code it stands for (ROLE-SQL-B's "standardise" step). */
export function legacyAliases(catalog: Catalog): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [type, owner] of claimOwners(catalog)) if (owner.legacy) out[type] = owner.code;
  return out;
}

/** A permission's value table, in catalog order. */
export function valueTable(def: PermissionDef): ValueRow[] {
  return Object.entries(def.values ?? {}).map(([name, v]) => ({ name, halo: String(v.halo), label: v.label, privileged: v.privileged === true }));
}

/** The stored value a friendly value is written as (`true`/`false` for yes/no), or undefined. */
export function haloValueOf(def: PermissionDef, friendly: unknown): string | undefined {
  const name = def.type === 'boolean' ? (friendly === true ? 'yes' : 'no') : String(friendly);
  const v = def.values?.[name];
  return v === undefined ? undefined : String(v.halo);
}

/** Every spelling of yes (or no) read on a yes/no claim: the entry's own, then the catalog's list. */
export function yesNoSpellings(def: PermissionDef, catalog: Catalog): { yes: string[]; no: string[] } {
  const own = (name: 'yes' | 'no'): string[] => (def.values?.[name] === undefined ? [] : [String(def.values[name].halo)]);
  return {
    yes: [...new Set([...own('yes'), ...catalog.yesNoSpellings.yes])],
    no: [...new Set([...own('no'), ...catalog.yesNoSpellings.no])],
  };
}

/**
 * A stored value in a permission's table: a level's value name, or true/false for yes/no (any
 * catalog spelling, case-insensitively); undefined when the table does not hold it. Never the
 * nearest value: `"7"` on a 0-2 scale is unknown, not `readModify`.
 */
export function readValue(def: PermissionDef, value: string, catalog: Catalog): string | boolean | undefined {
  if (def.type === 'boolean') {
    const s = yesNoSpellings(def, catalog);
    const v = value.trim().toLowerCase();
    if (s.yes.some((x) => x.toLowerCase() === v)) return true;
    if (s.no.some((x) => x.toLowerCase() === v)) return false;
    return undefined;
  }
  return valueTable(def).find((row) => row.halo === value)?.name;
}

/** True when a yes/no value is read from a spelling other than the one the entry writes. */
export function isAlternateSpelling(def: PermissionDef, value: string, catalog: Catalog): boolean {
  const friendly = def.type === 'boolean' ? readValue(def, value, catalog) : undefined;
  if (typeof friendly !== 'boolean') return false;
  return value !== haloValueOf(def, friendly);
}

/** Reads one live claim: its permission (if any), its friendly value (if in the table), its spelling. */
export function readClaim(catalog: Catalog, claim: Claim): ClaimReading {
  const owner = claimOwners(catalog).get(claim.type);
  if (!owner) return { claim, alternateSpelling: false };
  const friendly = readValue(owner.def, claim.value, catalog);
  return { claim, owner, ...(friendly !== undefined ? { friendly } : {}), alternateSpelling: isAlternateSpelling(owner.def, claim.value, catalog) };
}
