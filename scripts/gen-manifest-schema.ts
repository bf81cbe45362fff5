/**
 * Generates schemas/manifest.schema.json, the editor-facing envelope that picks the right `spec`
 * schema by `kind`, from the kind list (RESOURCE_KINDS) and the kind schemas themselves: adding a
 * kind never means hand-editing the envelope. Run after adding or removing a kind:
 *
 *   npx tsx scripts/gen-manifest-schema.ts
 *
 * test/kinds/registry.test.ts fails, naming this command, when the committed file is out of date.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { kindSchemaFile, readSchemaFile, SCHEMA_BASE, schemasDir } from '../src/manifest/schema-registry.js';
import { MANIFEST_KINDS, RESOURCE_KINDS } from '../src/model/kinds.js';

/** The command that regenerates the envelope (quoted in the staleness test's message). */
export const GENERATE_COMMAND = 'npx tsx scripts/gen-manifest-schema.ts';

type Json = Record<string, unknown>;

const API_VERSION = { const: 'halo-iac/v1', description: 'Manifest format version.' };
const NAME = { $ref: 'common.schema.json#/$defs/name', description: 'The object name (natural key).' };

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
 * The `<Kind>Document` definition: header, `spec` from the kind's own schema (required when that
 * schema requires any field), and the lifecycle fields for resource kinds.
 */
function documentDef(kind: string, resource: boolean): Json {
  const specSchema = readSchemaFile(kindSchemaFile(kind));
  const specRequired = Array.isArray(specSchema.required) && specSchema.required.length > 0;
  return {
    type: 'object',
    description: `${article(kind)} ${kind} document.`,
    properties: {
      apiVersion: API_VERSION,
      kind: { const: kind, description: 'Document kind.' },
      name: NAME,
      spec: { $ref: kindSchemaFile(kind), description: `Desired ${kind} fields.` },
      ...(resource ? LIFECYCLE : {}),
    },
    required: ['apiVersion', 'kind', 'name', ...(specRequired ? ['spec'] : [])],
    additionalProperties: false,
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
