/**
 * A blueprint's `with:` options, declared once per blueprint: type, default, description. The
 * blueprint reads its options through them (a default is used as declared), and the same table is
 * the documentation: scripts/gen-blueprints.ts writes README's options section and the per-`use`
 * `with` schemas of schemas/blueprint.schema.json from it (tests fail while either is stale), so
 * editors complete the options and the loader checks their shape.
 */
import { replaceBetween } from '../../src/model/data.js';

/** What an option holds. */
export type OptionType = 'string' | 'boolean' | 'names' | 'namesOrAll' | 'permissions';

/** One `with:` option. */
export interface BlueprintOption {
  readonly type: OptionType;
  readonly description: string;
  /** The value used when the option is not given. */
  readonly default?: string | boolean | readonly string[];
  /** The default in words, when it is computed (from the blueprint's name, another option). */
  readonly defaultText?: string;
  /** The blueprint cannot expand without it. */
  readonly required?: boolean;
}

/** A blueprint's options, by key, in the order they are documented. */
export type BlueprintOptions = Readonly<Record<string, BlueprintOption>>;

/** The secret sink option every integration blueprint has, and where its secret goes by default. */
export const SECRET_SINK: BlueprintOption = {
  type: 'string',
  description: 'Where the generated client secret goes: `file:`, `env-file:`, `command:` or `none` (README "Secrets"); relative paths are relative to the environment file',
  defaultText: '`env-file:.halo-iac/<blueprint name>.env` (next to the environment file: keep `.halo-iac/` out of Git)',
};

type Json = Record<string, unknown>;

/** A name or text option: not empty and not only spaces (the blueprints read options unchecked). */
const NAME = { type: 'string', minLength: 1, pattern: '\\S' };

/** The JSON Schema of one option's value. */
function valueSchema(o: BlueprintOption): Json {
  switch (o.type) {
    case 'string':
      return { ...NAME };
    case 'boolean':
      return { type: 'boolean' };
    case 'names':
      return { type: 'array', items: { ...NAME } };
    case 'namesOrAll':
      return { anyOf: [{ const: 'all', description: 'Every one, declared or live.' }, { type: 'array', items: { ...NAME } }] };
    case 'permissions':
      return { $ref: 'permissions.schema.json' };
  }
}

/** The default as documentation writes it. */
export function defaultWords(o: BlueprintOption): string {
  if (o.defaultText !== undefined) return o.defaultText;
  if (o.default === undefined) return o.required ? 'required' : 'none';
  return `\`${JSON.stringify(o.default)}\``;
}

/** The description an editor shows: the option's, then its default. */
function describe(o: BlueprintOption): string {
  const d = defaultWords(o).replace(/`/g, '');
  return `${o.description}. ${o.required ? 'Required.' : `Default: ${d}.`}`;
}

/** The `with` schema of one blueprint (required options are left to the blueprint, which says why). */
export function withSchema(options: BlueprintOptions): Json {
  const properties = Object.fromEntries(Object.entries(options).map(([key, o]) => [key, { ...valueSchema(o), description: describe(o) }]));
  return { type: 'object', description: 'Blueprint options.', properties, additionalProperties: false };
}

/** schemas/blueprint.schema.json: `use`, and `with` per `use` (an if/then per blueprint, so editors complete each one's options). */
export function blueprintSchema(blueprints: Readonly<Record<string, { readonly options: BlueprintOptions; readonly summary: string }>>): Json {
  const names = Object.keys(blueprints);
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://halo-iac.dev/schemas/v1/blueprint.schema.json',
    title: 'Blueprint spec',
    description: 'A vendor preset that expands into the kinds above (generated from constructs/blueprints/*: npx tsx scripts/gen-blueprints.ts).',
    type: 'object',
    properties: {
      use: { type: 'string', enum: names, description: `Which vendor preset to expand: ${names.map((n) => `${n} (${blueprints[n]?.summary ?? ''})`).join('; ')}.` },
      with: { type: 'object', description: 'Blueprint options (each blueprint has its own).' },
    },
    additionalProperties: false,
    required: ['use'],
    allOf: names.map((n) => ({
      if: { properties: { use: { const: n } }, required: ['use'] },
      then: { properties: { with: withSchema(blueprints[n]?.options ?? {}) } },
    })),
  };
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/** The README options section: one table per blueprint. */
export function optionsMarkdown(blueprints: Readonly<Record<string, { readonly options: BlueprintOptions; readonly summary: string }>>): string {
  const TYPE: Record<OptionType, string> = { string: 'text', boolean: '`true` / `false`', names: 'list of names', namesOrAll: 'list of names, or `all`', permissions: 'permissions map' };
  const parts: string[] = [];
  for (const [name, b] of Object.entries(blueprints)) {
    parts.push(`**\`use: ${name}\`**: ${b.summary}.`, '', '| option | type | default | |', '|---|---|---|---|');
    for (const [key, o] of Object.entries(b.options)) parts.push(`| \`${key}\` | ${TYPE[o.type]} | ${cell(defaultWords(o))} | ${cell(o.description)} |`);
    parts.push('');
  }
  return parts.join('\n').trimEnd();
}

/** Markers around the generated section in README.md. */
export const OPTIONS_START = '<!-- blueprint-options:start (generated by scripts/gen-blueprints.ts from constructs/blueprints) -->';
export const OPTIONS_END = '<!-- blueprint-options:end -->';

/** `readme` with the text between the markers replaced by the section; throws when the markers are missing. */
export function withOptionsSection(readme: string, section: string): string {
  return replaceBetween(readme, OPTIONS_START, OPTIONS_END, section);
}
