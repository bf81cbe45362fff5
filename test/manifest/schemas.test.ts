import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/manifest/catalog.js';
import { documentValidators, loadRawSchemas, onDiskScopes, SCHEMA_BASE, schemaFiles } from '../../src/manifest/schema-registry.js';
import { MANIFEST_KINDS } from '../../src/model/kinds.js';

type Json = Record<string, unknown>;

/**
 * Every schema object under `node` that declares `properties`, with its JSON path; `if` / `then`
 * branches refine their (closed) parent and are not schemas of their own objects.
 */
function objectSchemas(node: unknown, path: string, out: { path: string; schema: Json }[] = []): { path: string; schema: Json }[] {
  if (Array.isArray(node)) node.forEach((n, i) => objectSchemas(n, `${path}/${i}`, out));
  else if (node !== null && typeof node === 'object') {
    const schema = node as Json;
    if (schema.properties && typeof schema.properties === 'object' && !path.endsWith('/if') && !path.endsWith('/then')) out.push({ path, schema });
    for (const [k, v] of Object.entries(schema)) objectSchemas(v, `${path}/${k}`, out);
  }
  return out;
}

describe('schemas/', () => {
  const schemas = loadRawSchemas();

  it('are JSON Schema 2020-12 with halo-iac $ids', () => {
    for (const s of schemas) {
      expect(s.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(String(s.$id)).toMatch(new RegExp(`^${SCHEMA_BASE.replace(/\./g, '\\.')}[a-z-]+\\.schema\\.json$`));
    }
    // One schema per file the registry loads, each $id named after its file (kinds: schemas/<kebab-kind>.schema.json).
    expect(schemas.map((s) => String(s.$id).slice(SCHEMA_BASE.length))).toEqual(schemaFiles());
    expect(schemaFiles()).toEqual(expect.arrayContaining(['ticket-type.schema.json', 'blueprint.schema.json', 'environment.schema.json', 'manifest.schema.json']));
  });

  it('describe every property and close every mapping (unknown keys are errors)', () => {
    for (const s of schemas) {
      for (const { path, schema } of objectSchemas(s, String(s.$id))) {
        for (const [key, prop] of Object.entries(schema.properties as Record<string, Json>)) {
          expect(typeof prop.description, `${path}/properties/${key}`).toBe('string');
        }
        if (path.endsWith('manifest.schema.json')) continue; // the envelope dispatches on kind
        // Requirements on a mapping another schema closes: a kind's `$defs.present` (what a document
        // that is not absent must set) and the envelope's `else` branch that applies it.
        if (/\/(else|\$defs\/present)$/.test(path)) continue;
        expect(schema.additionalProperties, path).not.toBe(undefined);
        expect(schema.additionalProperties, path).not.toBe(true);
      }
    }
  });

  it('list exactly the catalog scopes in the on-disk Application enum', () => {
    const { catalog, diagnostics } = loadCatalog();
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect([...onDiskScopes()].sort()).toEqual(Object.keys(catalog.scopes).sort());
  });

  it('compile once per scope list and cover every manifest kind', () => {
    const a = documentValidators(onDiskScopes());
    expect(documentValidators([...onDiskScopes()])).toBe(a);
    expect(Object.keys(a).sort()).toEqual([...MANIFEST_KINDS].sort());
  });

  it('the envelope picks the spec schema by kind (what editors see)', () => {
    const manifest = schemas.find((s) => String(s.$id).endsWith('/manifest.schema.json')) as { allOf: { if: { properties: { kind: { const: string } } } }[] };
    expect(manifest.allOf.map((b) => b.if.properties.kind.const).sort()).toEqual([...MANIFEST_KINDS].sort());
  });
});
