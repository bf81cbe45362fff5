/**
 * Compiles the JSON Schemas in schemas/ once per process (ajv compilation dominates load time).
 * The on-disk Application scope enum is for editors; at load time it is replaced by the
 * catalog's scope list, so an override that adds scopes is honoured.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { ManifestKind } from './types.js';

/** Base URL of every schema `$id`. */
export const SCHEMA_BASE = 'https://halo-iac.dev/schemas/v1/';

/** The schemas/ folder of this package (works from src/ under tsx and from dist/). */
export function schemasDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'schemas');
    if (existsSync(join(candidate, 'manifest.schema.json'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('halo-iac: schemas/manifest.schema.json not found above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

type JsonObject = Record<string, unknown>;

let rawSchemas: JsonObject[] | undefined;

/** Every schemas/*.schema.json, parsed (read once). */
export function loadRawSchemas(): JsonObject[] {
  if (!rawSchemas) {
    const dir = schemasDir();
    rawSchemas = readdirSync(dir)
      .filter((f) => f.endsWith('.schema.json'))
      .sort()
      .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as JsonObject);
  }
  return rawSchemas;
}

/** One validator per document kind. */
export type DocumentValidators = Record<ManifestKind, ValidateFunction>;

const cache = new Map<string, DocumentValidators>();

// ajv-formats is CommonJS; under NodeNext its default export is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (a: Ajv2020) => Ajv2020;

/** Validators for every kind, with the Application scope enum set to `scopes` (cached per list). */
export function documentValidators(scopes: readonly string[]): DocumentValidators {
  const key = scopes.join('\n');
  const hit = cache.get(key);
  if (hit) return hit;
  const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true });
  addFormats(ajv);
  for (const schema of loadRawSchemas()) {
    ajv.addSchema(schema.$id === `${SCHEMA_BASE}application.schema.json` ? withScopes(schema, scopes) : schema);
  }
  const get = (ref: string): ValidateFunction => {
    const v = ajv.getSchema(ref);
    if (!v) throw new Error(`halo-iac: schema ${ref} missing`);
    return v;
  };
  const doc = (kind: string) => get(`${SCHEMA_BASE}manifest.schema.json#/$defs/${kind}Document`);
  const validators: DocumentValidators = {
    Environment: get(`${SCHEMA_BASE}environment.schema.json`),
    Department: doc('Department'),
    Team: doc('Team'),
    Role: doc('Role'),
    Agent: doc('Agent'),
    Application: doc('Application'),
    TicketType: doc('TicketType'),
    Settings: doc('Settings'),
    Blueprint: doc('Blueprint'),
  };
  cache.set(key, validators);
  return validators;
}

/** A copy of the application schema whose scope items enum is the given list. */
function withScopes(schema: JsonObject, scopes: readonly string[]): JsonObject {
  const copy = structuredClone(schema) as { properties: { scopes: { items: { enum: string[] } } } };
  copy.properties.scopes.items.enum = [...scopes];
  return copy as unknown as JsonObject;
}

/** The Application scope enum as written on disk (what editors complete). */
export function onDiskScopes(): string[] {
  const app = loadRawSchemas().find((s) => s.$id === `${SCHEMA_BASE}application.schema.json`) as
    | { properties: { scopes: { items: { enum: string[] } } } }
    | undefined;
  if (!app) throw new Error('halo-iac: schemas/application.schema.json missing');
  return app.properties.scopes.items.enum;
}
