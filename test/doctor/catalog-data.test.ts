/**
 * The catalog data doctor reads beside the claim tables: requiredScopes (per kind, scopes that
 * exist), listShapes and rateLimitHeaders, and the checks an override of them must pass.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/model/diagnostics.js';
import { loadCatalog } from '../../src/manifest/catalog.js';
import { RESOURCE_KINDS } from '../../src/model/kinds.js';
import { requiredScopesOf } from '../../src/model/catalog.js';

function overrideFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'halo-doctor-catalog-')), 'overrides.yaml');
  writeFileSync(file, text);
  return file;
}

describe('doctor catalog data', () => {
  it('names the scopes every kind needs (its own entry or the default), unverified with a reason, and the list shapes', () => {
    const { catalog, diagnostics } = loadCatalog();
    expect(diagnostics).toEqual([]);
    expect(catalog.requiredScopes.default).toMatchObject({ anyOf: ['all', 'admin'], verified: false });
    for (const r of Object.values(catalog.requiredScopes)) expect(r).toMatchObject({ verified: false, source: expect.stringMatching(/^assumption: .{20,}/) });
    // Every kind is covered, and `all` (what the guides tick) is always among the accepted scopes.
    for (const kind of RESOURCE_KINDS) expect(requiredScopesOf(catalog, kind)?.anyOf, kind).toContain('all');
    expect(Object.keys(catalog.requiredScopes).filter((k) => k !== 'default' && !(RESOURCE_KINDS as readonly string[]).includes(k))).toEqual([]);
    expect(catalog.listShapes).toMatchObject({ Agent: { key: 'results', pageCap: 100, verified: true }, TopLevel: { key: 'tree', pageCap: 100, verified: false } });
    expect(catalog.rateLimitHeaders).toEqual({});
  });

  it('refuses an override naming an unknown kind or scope, at its position', () => {
    const file = overrideFile('requiredScopes:\n  Widget: { anyOf: [all], verified: false, source: x }\n  Agent:\n    anyOf: [read:agents]\n');
    expect(loadCatalog(file).diagnostics.map(formatDiagnostic)).toEqual([
      `${file}:4:13: catalog requiredScopes.Agent.anyOf.0: scope 'read:agents' is not in scopes`,
      `${file}:2:3: catalog requiredScopes.Widget: 'Widget' is not a kind (expected one of: ${RESOURCE_KINDS.join(', ')}, or default)`,
    ]);
  });

  it('gives a kind without an entry the default entry, which an override may change', () => {
    const { catalog } = loadCatalog(overrideFile('requiredScopes:\n  default: { anyOf: [read:tickets] }\n  Team: null\n'));
    expect(requiredScopesOf(catalog, 'Team')?.anyOf).toEqual(['read:tickets']);
    expect(requiredScopesOf(catalog, 'Agent')?.anyOf).toEqual(['all', 'admin']);
    expect(requiredScopesOf({ requiredScopes: {} }, 'Team')).toBeUndefined();
  });
});
