/**
 * Generates schemas/manifest.schema.json, the editor-facing envelope that picks the right `spec`
 * schema by `kind`, from the kind list (RESOURCE_KINDS) and the kind schemas themselves: adding a
 * kind never means hand-editing the envelope. Run after adding or removing a kind:
 *
 *   npx tsx scripts/gen-manifest-schema.ts
 *
 * test/kinds/registry.test.ts fails, naming this command, when the committed file is out of date.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HANDLERS } from '../src/kinds/index.js';
import { kindSchemaFile, readSchemaFile, SCHEMA_BASE, schemasDir } from '../src/manifest/schema-registry.js';
import { MANIFEST_KINDS, RESOURCE_KINDS, type KindName } from '../src/model/kinds.js';

/** The command that regenerates the envelope (quoted in the staleness test's message). */
export const GENERATE_COMMAND = 'npx tsx scripts/gen-manifest-schema.ts';

type Json = Record<string, unknown>;

const API_VERSION = { const: 'halo-iac/v1', description: 'Manifest format version.' };
const NAME = { $ref: 'common.schema.json#/$defs/name', description: 'The object name (natural key).' };

const SPEC = fileURLToPath(new URL('../spec/halo-openapi.json', import.meta.url));
type OpenApi = { components: { schemas: Record<string, { properties?: Record<string, { type?: string }> }> } };
let openApi: OpenApi | undefined;

/**
 * `id:` of a kind: a string where Halo's ids are strings (Roles, Application: the `id` of the
 * handler's schema in spec/halo-openapi.json), else a positive integer.
 */
function idProperty(kind: KindName): Json {
  openApi ??= JSON.parse(readFileSync(SPEC, 'utf8')) as OpenApi;
  const schema = HANDLERS[kind].schema;
  const type = openApi.components.schemas[schema]?.properties?.id?.type;
  if (type !== 'string' && type !== 'integer') throw new Error(`spec/halo-openapi.json: ${schema}.id is neither a string nor an integer`);
  return {
    $ref: `common.schema.json#/$defs/${type === 'string' ? 'stringId' : 'integerId'}`,
    description: `The live ${kind}'s Halo id (${type === 'string' ? 'a string' : 'a number'}): matched by id before any name, e.g. to tell apart live objects that share a name.`,
  };
}

/** Lifecycle fields every resource document may carry (design.md §2). */
const LIFECYCLE: Json = {
  previously: {
    type: 'array',
    description: 'Old names: rename instead of delete + create.',
    items: { $ref: 'common.schema.json#/$defs/name', description: 'A previous name.' },
  },
  absent: { type: 'boolean', description: 'Ensure the object is deleted.' },
  protect: { type: 'boolean', description: 'Never delete this object.' },
};

const article = (word: string): string => (/^[AEIOU]/.test(word) ? 'An' : 'A');

/**
 * The `<Kind>Document` definition: header, `spec` from the kind's own schema, and for resource
 * kinds `id:` and the lifecycle fields. What a kind requires of a present object lives in its
 * schema's `$defs.present`, never at its top level: an `absent: true` document needs no spec
 * (issue 9 §4), so the requirement applies only when the document is not absent.
 */
function documentDef(kind: string, resource: boolean): Json {
  const specSchema = readSchemaFile(kindSchemaFile(kind));
  // A Blueprint is never absent: its spec is simply required when its schema requires anything.
  const specRequired = !resource && Array.isArray(specSchema.required) && specSchema.required.length > 0;
  if (resource && specSchema.required !== undefined) {
    throw new Error(`schemas/${kindSchemaFile(kind)}: move "required" into "$defs": {"present": ...}, so an absent: true document needs no spec`);
  }
  const present = (specSchema.$defs as Record<string, unknown> | undefined)?.present !== undefined;
  const whenPresent: Json = present
    ? {
        if: { properties: { absent: { const: true } }, required: ['absent'] },
        else: {
          required: ['spec'],
          properties: { spec: { $ref: `${kindSchemaFile(kind)}#/$defs/present`, description: `What a ${kind} that is not absent must set.` } },
        },
      }
    : {};
  return {
    type: 'object',
    description: `${article(kind)} ${kind} document.`,
    properties: {
      apiVersion: API_VERSION,
      kind: { const: kind, description: 'Document kind.' },
      name: NAME,
      spec: { $ref: kindSchemaFile(kind), description: `Desired ${kind} fields.` },
      ...(resource ? { id: idProperty(kind as KindName), ...LIFECYCLE } : {}),
    },
    required: ['apiVersion', 'kind', 'name', ...(specRequired ? ['spec'] : [])],
    additionalProperties: false,
    ...whenPresent,
  };
}

function dispatch(kind: string, then: string): Json {
  return { if: { properties: { kind: { const: kind } }, required: ['kind'] }, then: { $ref: then } };
}

/** The envelope schema for the current kind list. */
export function manifestSchema(): Json {
  const documentKinds = [...RESOURCE_KINDS, 'Blueprint'] as const;
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `${SCHEMA_BASE}manifest.schema.json`,
    title: 'halo-iac manifest document',
    description: 'One YAML document of a halo-iac manifest: apiVersion halo-iac/v1, kind, name, spec.',
    type: 'object',
    properties: {
      apiVersion: API_VERSION,
      kind: { type: 'string', enum: [...MANIFEST_KINDS], description: 'Document kind.' },
    },
    required: ['apiVersion', 'kind'],
    allOf: [...documentKinds.map((k) => dispatch(k, `#/$defs/${k}Document`)), dispatch('Environment', 'environment.schema.json')],
    $defs: Object.fromEntries(documentKinds.map((k) => [`${k}Document`, documentDef(k, k !== 'Blueprint')])),
  };
}

/** The envelope as it is written to disk (2-space JSON, trailing newline). */
export function manifestSchemaText(): string {
  return `${JSON.stringify(manifestSchema(), null, 2)}\n`;
}

/** Path of the committed envelope. */
export function manifestSchemaPath(): string {
  return join(schemasDir(), 'manifest.schema.json');
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeFileSync(manifestSchemaPath(), manifestSchemaText());
  process.stdout.write(`wrote ${manifestSchemaPath()}\n`);
}
