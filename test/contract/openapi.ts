/**
 * Loads Halo's OpenAPI document (spec/halo-openapi.json, vendored in the repository) and compiles its
 * component schemas with Ajv (draft-07 default). OpenAPI 3.0 is not JSON Schema, so the schemas
 * are normalised first: `nullable: true` becomes a union with null, the non-standard types
 * `int`/`bool` become `integer`/`boolean`, and `#/components/schemas/X` refs resolve against one
 * registered document holding every component.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

type JsonObject = Record<string, unknown>;

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (a: Ajv) => Ajv;

/** Vendored in the repository (spec/README.md says where it came from), so a fresh clone needs nothing beside it. */
export const SPEC_PATH = fileURLToPath(new URL('../../spec/halo-openapi.json', import.meta.url));

const DOC_ID = 'https://halo-iac.dev/halo-openapi.json';
const TYPE_ALIASES: Record<string, string> = { int: 'integer', bool: 'boolean' };

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Converts one OpenAPI 3.0 schema object to JSON Schema, recursing structurally (so a property named `type` is left alone). */
export function normaliseSchema(schema: unknown): unknown {
  if (!isObject(schema)) return schema;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(schema)) {
    switch (k) {
      case 'nullable':
      case 'example':
      case 'xml':
      case 'externalDocs':
      case 'discriminator':
        break;
      case 'properties':
        out[k] = Object.fromEntries(Object.entries(isObject(v) ? v : {}).map(([p, s]) => [p, normaliseSchema(s)]));
        break;
      case 'items':
      case 'not':
        out[k] = normaliseSchema(v);
        break;
      case 'additionalProperties':
        out[k] = typeof v === 'boolean' ? v : normaliseSchema(v);
        break;
      case 'allOf':
      case 'anyOf':
      case 'oneOf':
        out[k] = Array.isArray(v) ? v.map(normaliseSchema) : v;
        break;
      case 'type':
        out[k] = typeof v === 'string' ? (TYPE_ALIASES[v] ?? v) : v;
        break;
      default:
        out[k] = v;
    }
  }
  if (schema.nullable !== true) return out;
  if (typeof out.$ref === 'string') {
    const { $ref, ...rest } = out;
    return { ...rest, anyOf: [{ $ref }, { type: 'null' }] };
  }
  if (typeof out.type === 'string') {
    out.type = [out.type, 'null'];
    if (Array.isArray(out.enum)) out.enum = [...(out.enum as unknown[]), null];
    return out;
  }
  return { anyOf: [out, { type: 'null' }] };
}

/** Validators for Halo's component schemas by name. */
export interface HaloSchemas {
  /** Validates `value` against components.schemas[name]; returns readable errors (empty when valid). */
  check(name: string, value: unknown): string[];
  has(name: string): boolean;
}

function describe(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`);
}

/** Loads and compiles the spec once; throws when spec/halo-openapi.json is missing. */
export function loadHaloSchemas(path = SPEC_PATH): HaloSchemas {
  if (!existsSync(path)) throw new Error(`Halo OpenAPI spec not found at ${path}`);
  const spec = JSON.parse(readFileSync(path, 'utf8')) as { components?: { schemas?: JsonObject } };
  const raw = spec.components?.schemas ?? {};
  const schemas = Object.fromEntries(Object.entries(raw).map(([n, s]) => [n, normaliseSchema(s)]));
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  // Halo writes local times without an offset ("2025-01-01T09:00:00"), which RFC 3339 forbids.
  ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/);
  ajv.addFormat('date-span', true);
  ajv.addSchema({ $id: DOC_ID, components: { schemas } });
  const compiled = new Map<string, ValidateFunction>();
  return {
    has: (name) => name in schemas,
    check(name, value) {
      if (!(name in schemas)) return [`no component schema ${name}`];
      let v = compiled.get(name);
      if (v === undefined) {
        const found = ajv.getSchema(`${DOC_ID}#/components/schemas/${name}`);
        if (found === undefined) throw new Error(`could not compile ${name}`);
        v = found;
        compiled.set(name, v);
      }
      return v(value) ? [] : describe(v.errors);
    },
  };
}
