import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/model/diagnostics.js';
import { loadCatalog, stockCatalogSnapshot } from '../../src/manifest/catalog.js';
import { permissionsSchemaOf } from '../../src/manifest/catalog-schema.js';
import { loadEnvironment } from '../../src/manifest/load.js';
import { documentValidators, onDiskScopes, type DocumentValidators, precompiledValidatorsSource, usePrecompiledValidators } from '../../src/manifest/schema-registry.js';
import { brokenCases } from '../fixtures/broken/cases.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/broken');
// Inside node_modules/ so the generated code's require('ajv/dist/runtime/..') resolves, as it does from dist/.
const cache = join(dirname(fileURLToPath(import.meta.url)), '../../node_modules/.cache');
mkdirSync(cache, { recursive: true });
const dir = mkdtempSync(join(cache, 'halo-iac-precompiled-'));
const file = join(dir, 'schema-validators.cjs');
writeFileSync(file, precompiledValidatorsSource());
const generated = createRequire(import.meta.url)(file) as DocumentValidators;
usePrecompiledValidators(file);
afterAll(() => {
  usePrecompiledValidators(undefined);
  rmSync(dir, { recursive: true, force: true });
});

describe('precompiled schema validators (the build output)', () => {
  it('are used for the on-disk scope list', () => {
    const validators = documentValidators(onDiskScopes());
    expect(validators.Team).toBe(generated.Team);
    expect(validators.Environment).toBe(generated.Environment);
  });

  it('are not used when the catalog changes the scope list', () => {
    const doc = { apiVersion: 'halo-iac/v1', kind: 'Application', name: 'x', spec: { scopes: ['extra:scope'] } };
    const scopeErrors = (validate: (typeof generated)['Application']) => {
      validate(doc);
      return (validate.errors ?? []).filter((e) => e.instancePath === '/spec/scopes/0').map((e) => e.keyword);
    };
    expect(scopeErrors(generated.Application)).toEqual(['enum']);
    const extended = documentValidators([...onDiskScopes(), 'extra:scope']);
    expect(extended.Application).not.toBe(generated.Application);
    expect(scopeErrors(extended.Application)).toEqual([]);
  });

  it("are used for the stock catalog's permissions schema, and not for an override's", () => {
    const { catalog } = loadCatalog();
    expect(documentValidators(Object.keys(catalog.scopes), permissionsSchemaOf(catalog)).Agent).toBe(generated.Agent);
    const file = join(dir, 'override.yaml');
    writeFileSync(file, 'permissions:\n  tickets:\n    values:\n      readModifyAll: { halo: "7", label: "Read and Modify (All)", verified: true, source: "tenant" }\n');
    const over = loadCatalog(file).catalog;
    const validators = documentValidators(Object.keys(over.scopes), permissionsSchemaOf(over));
    expect(validators.Agent).not.toBe(generated.Agent);
    const agent = { apiVersion: 'halo-iac/v1', kind: 'Agent', name: 'x', spec: { permissions: { tickets: 'readModifyAll' } } };
    expect(generated.Agent(agent)).toBe(false);
    expect(validators.Agent(agent)).toBe(true);
  });

  it('are ignored when generated from other schemas (stale build)', () => {
    const stale = join(dir, 'stale.cjs');
    writeFileSync(stale, precompiledValidatorsSource().replace(/exports\.fingerprint = "[0-9a-f]+"/, 'exports.fingerprint = "stale"'));
    usePrecompiledValidators(stale);
    try {
      expect(documentValidators(onDiskScopes()).Team).not.toBe(generated.Team);
    } finally {
      usePrecompiledValidators(file);
    }
  });

  it.each(brokenCases)('report the broken corpus byte-identically: $folder', async ({ folder, mode, expected, limits }) => {
    const { diagnostics } = await loadEnvironment({ config: 'environment.yaml', cwd: join(root, folder), mode, processEnv: {}, limits });
    expect(diagnostics.map(formatDiagnostic)).toEqual(expected);
  });
});

describe('stock catalog snapshot (the build output)', () => {
  it('holds the parsed stock catalog', () => {
    const snapshot = stockCatalogSnapshot();
    expect(snapshot).toBeDefined();
    const parsed = JSON.parse(snapshot ?? '{}') as { fingerprint: string; data: { scopes: Record<string, unknown> }; owners: Record<string, string> };
    expect(parsed.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.keys(parsed.data.scopes)).toEqual(onDiskScopes());
    expect(parsed.owners.scopes).toBe('scopes.yaml');
  });
});
