/**
 * Permission claims on the sampled agents and roles against catalog/permissions.yaml (issue 8 §5,
 * halo-claims.md §2): claim types the catalog does not know, values outside a permission's table,
 * legacy long names and other spellings of codes in use, and yes/no spellings. Every reading goes through src/model/catalog-claims.ts,
 * the same reader plan uses, so doctor disagrees exactly where plan would misread or refuse.
 */
import { claimCode, haloValueOf, legacyAliases, readClaim, valueTable, type AliasKind, type Claim, type ClaimReading } from '../model/catalog-claims.js';
import type { Catalog, PermissionDef } from '../model/catalog.js';
import { claimsOf } from './halo-fields.js';
import { unknownValueOverride } from '../model/catalog-overrides.js';
import { DOCTOR, nameFor, overrideYaml, SEEN } from './overrides.js';
import { sampledText } from './summary.js';
import { addresses, Tally, where } from './tally.js';
import type { Holder } from './tenant.js';
import type { CheckResult, SampleCounts } from './types.js';
import { code, count, isCode, listing, quoted } from './words.js';

interface Read {
  holder: Holder;
  reading: ClaimReading;
}

const AREA = 'permissions';

/** The four claim checks. */
export function claimChecks(catalog: Catalog, holders: readonly Holder[], sample: SampleCounts): CheckResult[] {
  const reads: Read[] = holders.flatMap((holder) => claimsOf(holder.raw).map((claim) => ({ holder, reading: readClaim(catalog, claim) })));
  const prefix = `${sampledText(sample)}: `;
  return [unknownTypes(reads, prefix, catalog), valuesOutside(reads, prefix, catalog), legacyNames(reads, prefix, catalog), yesNoSpellings(reads, prefix, catalog)];
}

/** A permission's table as `"0" none, "1" readOnly`. */
function tableText(def: PermissionDef): string {
  return valueTable(def)
    .map((row) => `${quoted(row.halo)} ${def.type === 'boolean' ? (row.name === 'yes' ? 'true' : 'false') : row.name}`)
    .join(', ');
}

function unknownTypes(reads: readonly Read[], prefix: string, catalog: Catalog): CheckResult {
  const types = new Tally<{ type: string; values: Set<string> }>();
  const known = new Set<string>();
  for (const { holder, reading } of reads) {
    if (reading.owner) known.add(reading.claim.type);
    else types.add(reading.claim.type, { type: reading.claim.type, values: new Set() }, holder).item.values.add(reading.claim.value);
  }
  const base = {
    id: 'claims.unknown-types',
    area: AREA,
    assumption: 'Every claim type on agents and roles is a permission code, legacy alias or listed spelling in catalog/permissions.yaml',
  };
  if (reads.length === 0) return { ...base, observed: `${prefix}no claims on any of them (the API may not return claims: the claim codes stay unverified)`, verdict: 'not seen' };
  const found = types.all();
  const head = `${prefix}${count(known.size + found.length, 'claim type')} seen, ${known.size} in the catalog`;
  if (found.length === 0) return { ...base, observed: `${head}`, verdict: 'agrees' };
  return {
    ...base,
    observed: `${head}; not in the catalog: ${found.map((s) => `${code(s.item.type)} ${where(s)}`).join(', ')}`,
    verdict: 'disagrees',
    override: overrideYaml(
      found.filter((s) => isCode(s.item.type)).map((s) => ({ permissions: { [`<key for ${s.item.type}>`]: newPermission(s.item.type, [...s.item.values], catalog) } })),
      ['A permission per claim type: its Permissions-tab label and values, as the Halo UI shows them'],
    ),
    seenOn: addresses(found),
  };
}

/**
 * A permission entry for a claim type the catalog lacks: yes/no when every value seen is a yes/no
 * spelling, else a level with each value seen. A yes/no entry takes the catalog's spellings at the
 * position of the values seen (yesNoSpellings: yes[i] goes with no[i]); a side the catalog has no
 * spelling for there (a spelling doctor taught to `yes` alone) is a placeholder to fill in from the
 * tenant, never a value of our own.
 */
function newPermission(type: string, values: string[], catalog: Catalog): Record<string, unknown> {
  const lower = (list: string[]) => list.map((x) => x.toLowerCase());
  const yes = lower(catalog.yesNoSpellings.yes);
  const no = lower(catalog.yesNoSpellings.no);
  const yesNo = values.every((v) => yes.includes(v.toLowerCase()) || no.includes(v.toLowerCase()));
  const family = Math.max(0, ...values.map((v) => Math.max(yes.indexOf(v.toLowerCase()), no.indexOf(v.toLowerCase()))));
  const entry = (halo: string) => ({ halo, label: '<UI option>', ...SEEN });
  const side = (list: string[], word: 'Yes' | 'No') => entry(list[family] ?? `<stored value for ${word}>`);
  const table = yesNo
    ? { yes: side(catalog.yesNoSpellings.yes, 'Yes'), no: side(catalog.yesNoSpellings.no, 'No') }
    : Object.fromEntries(values.filter(isCode).sort().map((v) => [nameFor(v), entry(v)]));
  return { label: '<Permissions-tab label>', target: { claim: type }, type: yesNo ? 'boolean' : 'level', values: table, ...SEEN };
}

function valuesOutside(reads: readonly Read[], prefix: string, catalog: Catalog): CheckResult {
  const outside = new Tally<{ key: string; def: PermissionDef; claim: Claim; code: string }>();
  let owned = 0;
  for (const { holder, reading } of reads) {
    if (!reading.owner) continue;
    owned += 1;
    if (reading.friendly === undefined) {
      const { key, def, code: short } = reading.owner;
      outside.add(`${reading.claim.type}\u0000${reading.claim.value}`, { key, def, claim: reading.claim, code: short }, holder);
    }
  }
  const base = { id: 'claims.values', area: AREA, assumption: "Every claim value is in its permission's value table (catalog/permissions.yaml); plan shows other values raw" };
  if (owned === 0) return { ...base, observed: `${prefix}no claims of catalog permissions`, verdict: 'not seen' };
  const found = outside.all();
  if (found.length === 0) return { ...base, observed: `${prefix}all ${count(owned, 'claim')} of catalog permissions hold a value of their table`, verdict: 'agrees' };
  const text = found.map((s) => {
    const { claim, def, key } = s.item;
    const type = claim.type === s.item.code ? code(claim.type) : `${code(claim.type)} (${code(s.item.code)})`;
    return `${type} = ${quoted(claim.value)} ${where(s)} (${key}: ${tableText(def)})`;
  });
  return {
    ...base,
    observed: `${prefix}${count(found.length, 'value')} outside the table: ${text.join('; ')}`,
    verdict: 'disagrees',
    override: valueOverrides(found.map((s) => s.item).filter((i) => isCode(i.claim.value)), catalog),
    seenOn: addresses(found),
  };
}

/**
 * Teaches each level its value. A yes/no claim holding neither spelling is taught it as a spelling
 * of yes (lists replace on merge, so the whole list; move it to `no` if it means No).
 */
function valueOverrides(found: readonly { key: string; def: PermissionDef; claim: Claim }[], catalog: Catalog): string | undefined {
  const levels = found.filter((f) => f.def.type !== 'boolean');
  const spellings = [...new Set(found.filter((f) => f.def.type === 'boolean').map((f) => f.claim.value))];
  return overrideYaml([
    ...levels.map((f) => unknownValueOverride(f.key, f.def, [f.claim.value], catalog, DOCTOR)),
    // One list with every new spelling (lists replace on merge).
    ...(spellings.length > 0 ? [unknownValueOverride('', { type: 'boolean' }, spellings, catalog, DOCTOR)] : []),
  ]);
}

function legacyNames(reads: readonly Read[], prefix: string, catalog: Catalog): CheckResult {
  const legacy = new Tally<{ type: string; code: string; alias: AliasKind }>();
  for (const { holder, reading } of reads) {
    const alias = reading.owner?.alias;
    if (alias) legacy.add(reading.claim.type, { type: reading.claim.type, code: reading.owner!.code, alias }, holder);
  }
  const base = {
    id: 'claims.legacy-names',
    area: AREA,
    assumption: `Claims use the short codes; older long names (${legacyExample(catalog)}) and other spellings the catalog lists are read as aliases and replaced with the code on write`,
  };
  const found = legacy.all();
  if (found.length === 0) return { ...base, observed: `${prefix}${reads.length === 0 ? 'no claims' : 'no legacy names'}`, verdict: reads.length === 0 ? 'not seen' : 'agrees' };
  const read = (s: (typeof found)[number]) => `${code(s.item.type)} (${s.item.alias === 'spelling' ? 'another spelling of' : 'read as'} ${code(s.item.code)}) ${where(s)}`;
  return {
    ...base,
    observed: `${prefix}legacy names or other spellings in use, read through the catalog's aliases: ${found.map(read).join(', ')}`,
    verdict: 'agrees',
    seenOn: addresses(found),
  };
}

interface Spelling {
  key: string;
  code: string;
  /** Rows under the short code holding the spelling the catalog writes. */
  written: number;
  /** Other spellings under the short code, value -> rows. */
  other: Map<string, number>;
  /** Other spellings under an alias type (a legacy name or another spelling of the code: older rows, expected). */
  legacy: Map<string, number>;
}

function yesNoSpellings(reads: readonly Read[], prefix: string, catalog: Catalog): CheckResult {
  const byCode = new Map<string, Spelling>();
  let yesNo = 0;
  for (const { reading } of reads) {
    const owner = reading.owner;
    if (!owner || owner.def.type !== 'boolean' || claimCode(owner.def) === undefined || typeof reading.friendly !== 'boolean') continue;
    yesNo += 1;
    let s = byCode.get(owner.code);
    if (!s) byCode.set(owner.code, (s = { key: owner.key, code: owner.code, written: 0, other: new Map(), legacy: new Map() }));
    const bump = (m: Map<string, number>) => m.set(reading.claim.value, (m.get(reading.claim.value) ?? 0) + 1);
    if (owner.alias) {
      if (reading.alternateSpelling) bump(s.legacy);
    } else if (reading.alternateSpelling) bump(s.other);
    else s.written += 1;
  }
  const base = {
    id: 'claims.yes-no-spellings',
    area: AREA,
    assumption: `Yes/no claims store the spelling the catalog writes (${writtenSpellings(catalog)}); ${listing(catalog.yesNoSpellings.yes.map((y, i) => `${quoted(y)}/${quoted(catalog.yesNoSpellings.no[i])}`))} are all read, other spellings only on older rows`,
  };
  if (yesNo === 0) return { ...base, observed: `${prefix}no yes/no claims`, verdict: 'not seen' };
  const spellings = (m: Map<string, number>) => [...m].map(([v, n]) => `${quoted(v)} ×${n}`).join(', ');
  const codes = [...byCode.values()];
  const wrong = codes.filter((s) => s.other.size > 0 && s.written === 0);
  const notes = [
    ...codes.filter((s) => s.other.size > 0).map((s) => `${code(s.code)}: ${spellings(s.other)}${s.written > 0 ? ` (and the catalog's spelling ×${s.written})` : ''}`),
    ...codes.filter((s) => s.legacy.size > 0).map((s) => `${code(s.code)} under an alias: ${spellings(s.legacy)}`),
  ];
  const observed = `${prefix}${count(yesNo, 'yes/no claim')}; ${notes.length === 0 ? "all in the catalog's spelling" : `other spellings: ${notes.join('; ')}`}`;
  if (wrong.length === 0) return { ...base, observed, verdict: 'agrees' };
  return {
    ...base,
    observed: `${observed}. The catalog's spelling is never used for ${listing(wrong.map((s) => code(s.code)))}`,
    verdict: 'disagrees',
    override: overrideYaml(wrong.map((s) => spellingOverride(s, catalog)).filter((o): o is Record<string, unknown> => o !== undefined)),
  };
}

/** Writes a yes/no permission in the spelling family the tenant uses (e.g. 'true'/'false'). */
function spellingOverride(s: Spelling, catalog: Catalog): Record<string, unknown> | undefined {
  const seen = [...s.other.keys()][0]?.toLowerCase() ?? '';
  const yes = catalog.yesNoSpellings.yes.map((x) => x.toLowerCase());
  const no = catalog.yesNoSpellings.no.map((x) => x.toLowerCase());
  const family = Math.max(yes.indexOf(seen), no.indexOf(seen));
  const y = catalog.yesNoSpellings.yes[family];
  const n = catalog.yesNoSpellings.no[family];
  if (y === undefined || n === undefined) return undefined;
  return { permissions: { [s.key]: { values: { yes: { halo: y }, no: { halo: n } } } } };
}

/** `Ticket_Level for Tx, ...`: the first legacy aliases of the catalog, as examples. */
function legacyExample(catalog: Catalog): string {
  const aliases = Object.entries(legacyAliases(catalog)).slice(0, 2);
  return aliases.length === 0 ? 'none in the catalog' : `e.g. ${aliases.map(([alias, short]) => `${alias} for ${short}`).join(', ')}`;
}

/** `"1"/"0" for 44 codes; "true"/"false" for SA, l0 and ln`: how the catalog writes its yes/no claims. */
function writtenSpellings(catalog: Catalog): string {
  const pairs = new Map<string, string[]>();
  for (const def of Object.values(catalog.permissions)) {
    const short = claimCode(def);
    if (def.type !== 'boolean' || short === undefined) continue;
    const pair = `${quoted(haloValueOf(def, true))}/${quoted(haloValueOf(def, false))}`;
    pairs.set(pair, [...(pairs.get(pair) ?? []), short]);
  }
  return [...pairs]
    .sort(([, a], [, b]) => b.length - a.length)
    .map(([pair, codes], i) => `${pair} for ${i === 0 ? count(codes.length, 'code') : listing(codes)}`)
    .join('; ');
}
