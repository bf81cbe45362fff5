/**
 * Views of the permission catalog generated from it (never written by hand): the JSON Schema of a
 * `permissions` map (schemas/permissions.schema.json, which editors complete from, every key and
 * value described by its Permissions-tab label) and the README's permissions reference table.
 * scripts/gen-permissions.ts writes both; tests fail while either committed copy is stale. At run
 * time the schema registry validates with the schema of the MERGED catalog, so an environment's
 * `policy.catalog` override that adds a permission or value is accepted.
 */
import type { Catalog, PermissionDef } from '../model/catalog.js';
import { SCHEMA_BASE } from './schema-registry.js';
import { valueTable } from '../model/catalog-claims.js';
import { replaceBetween } from '../model/data.js';

type Json = Record<string, unknown>;

/** A permission's aliases in words, each name through `quote`: ` (legacy Ticket_Level)`, ` (also spelled TD)`, or ''. */
function aliasWords(def: PermissionDef, quote: (name: string) => string = (n) => n): string {
  const parts = [
    ...(def.aliases?.length ? [`legacy ${def.aliases.map(quote).join(', ')}`] : []),
    ...(def.spellings?.length ? [`also spelled ${def.spellings.map(quote).join(', ')}`] : []),
  ];
  return parts.length > 0 ? ` (${parts.join('; ')})` : '';
}

/** Where a permission lands, in words: `claim Tx (legacy Ticket_Level)` or `field is_admin`. */
function targetWords(def: PermissionDef): string {
  if ('field' in def.target) return `field ${def.target.field}`;
  return `claim ${def.target.claim}${aliasWords(def)}`;
}

/** The schema of one permission's value. */
function valueSchema(def: PermissionDef): Json {
  const where = `${def.label} (${def.group ? `${def.group}; ` : ''}${targetWords(def)})`;
  if (def.type === 'boolean') {
    const yes = def.values?.yes?.label;
    const no = def.values?.no?.label;
    const options = yes && no && (yes !== 'Yes' || no !== 'No') ? ` true = ${yes}, false = ${no}.` : '';
    return { type: 'boolean', description: `${where}.${options}${def.privileged ? ' Privileged.' : ''}` };
  }
  const rows = valueTable(def);
  return {
    type: 'string',
    description: `${where}: ${rows.map((r) => r.name).join(', ')}.`,
    anyOf: rows.map((r) => ({ const: r.name, description: `${r.label} (stored ${JSON.stringify(r.halo)})${r.privileged ? ', privileged' : ''}` })),
  };
}

const RAW: Json = {
  type: 'object',
  description: 'Raw Halo claims, claim type -> stored value, for anything the catalog does not map (export writes values outside the catalog here).',
  additionalProperties: { type: 'string', description: 'Stored claim value.' },
};

/** The JSON Schema of a `permissions` map for this catalog (schemas/permissions.schema.json). */
export function permissionsSchema(catalog: Catalog): Json {
  const properties: Json = { raw: RAW };
  for (const [key, def] of Object.entries(catalog.permissions)) properties[key] = valueSchema(def);
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `${SCHEMA_BASE}permissions.schema.json`,
    title: 'Agent and role permissions',
    description:
      'Friendly permission names (catalog/permissions.yaml, generated: npx tsx scripts/gen-permissions.ts) mapped to friendly values, e.g. `tickets: readModify`; `raw` for unmapped Halo claims.',
    type: 'object',
    properties,
    additionalProperties: false,
  };
}

const schemaCache = new WeakMap<Catalog, Json>();

/** permissionsSchema, computed once per catalog object (the loader returns one per environment). */
export function permissionsSchemaOf(catalog: Catalog): Json {
  let s = schemaCache.get(catalog);
  if (!s) schemaCache.set(catalog, (s = permissionsSchema(catalog)));
  return s;
}

/** Markdown-safe cell text. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/** One table cell listing a permission's values: `readModify` (`2`, Read and Modify; privileged). */
function valuesCell(def: PermissionDef): string {
  if ('field' in def.target) return `\`true\`, \`false\`${def.privileged ? ' (true: privileged)' : ''}`;
  return valueTable(def)
    .map((r) => {
      const boolean = def.type === 'boolean';
      const name = boolean ? (r.name === 'yes' ? 'true' : 'false') : r.name;
      const label = boolean && ['Yes', 'No'].includes(r.label) ? '' : `, ${r.label}`;
      const privileged = r.privileged || (boolean && def.privileged && r.name === 'yes') ? '; privileged' : '';
      return `\`${name}\` (\`${r.halo}\`${label}${privileged})`;
    })
    .join(', ');
}

/** The README permissions reference: key, Halo label, code, values, one row per catalog permission. */
export function permissionsTable(catalog: Catalog): string {
  const lines = ['| key | Halo label | code | values |', '|---|---|---|---|'];
  for (const [key, def] of Object.entries(catalog.permissions)) {
    const code = 'field' in def.target ? `field \`${def.target.field}\`` : `\`${def.target.claim}\`${aliasWords(def, (a) => `\`${a}\``)}`;
    lines.push(`| \`${key}\` | ${cell(def.label)} | ${code} | ${cell(valuesCell(def))} |`);
  }
  return lines.join('\n');
}

/** Markers around the generated table in README.md. */
export const TABLE_START = '<!-- permissions-table:start (generated by scripts/gen-permissions.ts from catalog/permissions.yaml) -->';
export const TABLE_END = '<!-- permissions-table:end -->';

/** `readme` with the text between the markers replaced by the table; throws when the markers are missing. */
export function withPermissionsTable(readme: string, catalog: Catalog): string {
  return replaceBetween(readme, TABLE_START, TABLE_END, permissionsTable(catalog));
}
