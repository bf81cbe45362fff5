import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/model/diagnostics.js';
import { catalogDir, loadCatalog, unverifiedEntries } from '../../src/manifest/catalog.js';
import { kindValueTables, validate } from '../../src/manifest/catalog-shape.js';

function overrideFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'halo-catalog-')), 'catalog-overrides.yaml');
  writeFileSync(file, text);
  return file;
}

describe('stock catalog', () => {
  const { catalog, diagnostics } = loadCatalog();

  it('loads without problems from the package catalog/ folder', () => {
    expect(diagnostics).toEqual([]);
    expect(catalogDir()).toMatch(/catalog$/);
  });

  it('holds the confirmed facts', () => {
    expect(Object.fromEntries(Object.entries(catalog.itilTypes).map(([k, v]) => [k, v.halo]))).toEqual({
      none: 0, incident: 1, changeRequest: 2, serviceRequest: 3, problem: 4, requestForQuote: 20, adviceOther: 21, projects: 22, tasks: 23,
    });
    expect(Object.keys(catalog.invalidScopes).sort()).toEqual(['edit:actions', 'read:actions', 'read:agents', 'read:users']);
    expect(catalog.permissions.admin?.target).toEqual({ field: 'is_admin' });
    expect(catalog.teamUse.projects?.halo).toBe('forprojects');
    expect(catalog.ticketUse.projects).toMatchObject({ halo: 'prjs', verified: false });
    expect(catalog.authMethods.clientCredentials).toMatchObject({ halo: 'client_credentials', verified: false });
    expect(catalog.settings.nextTicketIdMethod?.field).toBe('nextfaultidcalculationmethod');
    expect(catalog.scopes['read:tickets']?.verified).toBe(true);
  });

  it('gives every unverified entry an explanatory source', () => {
    const entries = unverifiedEntries(catalog);
    expect(entries.length).toBeGreaterThan(50);
    // Either an assumption with its reason, or the public evidence it rests on (halo-claims.md §0).
    for (const e of entries) expect(e.source, e.entry).toMatch(/^(assumption: .{20,}|(storage code|stored values?): ROLE-SQL-A.{20,})/);
    expect(entries.map((e) => e.entry)).toEqual(expect.arrayContaining(['membershipLevels.modifyAll', 'loginTypes.agent', 'ticketFields.startDateTime', 'application.rotateCounterField']));
    expect(entries.map((e) => e.entry)).not.toContain('itilTypes.projects');
  });

  it('labels every permission and targets a claim code, except admin (the is_admin field)', () => {
    for (const [name, p] of Object.entries(catalog.permissions)) {
      expect(p.label, name).toBeTruthy();
      if (name === 'admin') continue;
      expect(p.target, name).toEqual({ claim: expect.stringMatching(/^[A-Za-z][A-Za-z0-9]?$/) });
      expect(p.verified, name).toBe(false);
    }
  });

  it('returns a copy: callers cannot corrupt the cached stock catalog', () => {
    const first = loadCatalog().catalog;
    first.itilTypes.projects = { halo: 99, verified: true, source: 'x' };
    expect(loadCatalog().catalog.itilTypes.projects?.halo).toBe(22);
  });
});

describe('override', () => {
  it('deep-merges: changes one value, adds an entry, deletes with null, keeps the rest', () => {
    const file = overrideFile(
      [
        'membershipLevels:',
        '  modifyAll: { halo: 7, verified: true, source: "checked on our tenant 2025-01" }',
        'ticketFields:',
        '  dueDate: { halo: 55, verified: true, source: "tenant" }',
        'invalidScopes:',
        '  read:users: null',
        '',
      ].join('\n'),
    );
    const { catalog, diagnostics } = loadCatalog(file);
    expect(diagnostics).toEqual([]);
    expect(catalog.membershipLevels.modifyAll).toEqual({ halo: 7, privileged: true, verified: true, source: 'checked on our tenant 2025-01', note: expect.stringContaining('Head of Department') });
    expect(catalog.membershipLevels.member?.halo).toBe(0);
    expect(catalog.ticketFields.dueDate?.halo).toBe(55);
    expect(catalog.ticketFields.startDateTime).toBeDefined();
    expect(catalog.invalidScopes['read:users']).toBeUndefined();
    expect(loadCatalog().catalog.membershipLevels.modifyAll?.halo).toBe(3);
  });

  it('merges into a single field of an entry', () => {
    const file = overrideFile('loginTypes:\n  agent:\n    halo: 2\n');
    const { catalog, diagnostics } = loadCatalog(file);
    expect(diagnostics).toEqual([]);
    expect(catalog.loginTypes.agent).toMatchObject({ halo: 2, verified: false });
  });

  it('reports a bad value at its line and column in the override file', () => {
    const file = overrideFile(['# our codes', 'membershipLevels:', '  modifyAll:', '    halo: "three"', ''].join('\n'));
    const { diagnostics } = loadCatalog(file);
    expect(diagnostics.map(formatDiagnostic)).toEqual([`${file}:4:5: catalog membershipLevels.modifyAll.halo: must be an integer`]);
  });

  it('reports missing fields of a new entry and unknown sections at their position', () => {
    const file = overrideFile(['permissions:', '  canFly:', '    label: Can fly', 'colours:', '  red: 1', ''].join('\n'));
    const text = loadCatalog(file).diagnostics.map(formatDiagnostic);
    expect(text).toContain(`${file}:2:3: catalog permissions.canFly: is missing 'target'`);
    // The core sections, then the value tables kinds bring (KindSpec.valueTables).
    const tables = kindValueTables();
    expect(text).toContain(
      `${file}:4:1: catalog colours: unknown catalog section 'colours' (expected one of: scopes, invalidScopes, permissions, yesNoSpellings, membershipLevels, itilTypes, ticketUse, teamUse, projectHierarchy, ticketFields, loginTypes, authMethods, settings, application, requiredScopes, listShapes, rateLimitHeaders${tables.map((t) => `, ${t}`).join('')})`,
    );
  });

  it("checks a kind's value table like a core section: required, each entry {halo, verified, source}", () => {
    const { catalog } = loadCatalog();
    const data = { ...structuredClone(catalog), gadgetModes: { fast: { halo: 1, verified: true, source: 'x' }, slow: { verified: false } } } as Record<string, unknown>;
    const at = { file: 'c.yaml', line: 1, column: 1 };
    const tables = [...kindValueTables(), 'gadgetModes'];
    expect(validate(data, () => at, tables).map(formatDiagnostic)).toEqual([
      "c.yaml:1:1: catalog gadgetModes.slow: is missing 'halo'",
      "c.yaml:1:1: catalog gadgetModes.slow: is missing 'source'",
    ]);
    delete data.gadgetModes;
    expect(validate(data, () => at, tables).map(formatDiagnostic)).toEqual(["c.yaml:1:1: catalog gadgetModes: catalog section 'gadgetModes' is missing"]);
    expect(validate(data, () => at, kindValueTables())).toEqual([]);
  });

  it('reports YAML syntax errors and a missing file', () => {
    const bad = overrideFile('membershipLevels: [\n');
    expect(loadCatalog(bad).diagnostics[0]?.source?.file).toBe(bad);
    expect(loadCatalog('/nonexistent/over.yaml').diagnostics.map(formatDiagnostic)).toEqual(['catalog override file not found: /nonexistent/over.yaml']);
  });

  it('refuses overrides that are no catalog file in one line each, without reading a device (QA)', () => {
    const alias = overrideFile('scopes: *q\n');
    const [aliasError] = loadCatalog(alias).diagnostics.map(formatDiagnostic);
    expect(aliasError).toMatch(new RegExp(`^${alias}:1:\\d+: .*alias`, 'i'));
    const shadow = overrideFile('root:*:19000:0:99999:7:::\nbin:*:19000:0:99999:7:::\n');
    expect(loadCatalog(shadow).diagnostics.map(formatDiagnostic)[0]).toBe(`${shadow}:1:1: catalog root:*:19000:0:99999:7::: unknown catalog section 'root:*:19000:0:99999:7::'`);
    const folder = mkdtempSync(join(tmpdir(), 'halo-iac-catalog-dir-'));
    expect(loadCatalog(folder).diagnostics.map(formatDiagnostic)).toEqual([`catalog override file is not a regular file (name a YAML file): ${folder}`]);
    expect(loadCatalog('/dev/zero').diagnostics.map(formatDiagnostic)).toEqual(['catalog override file is not a regular file (name a YAML file): /dev/zero']);
  });

  it('checks cross references: a hierarchy must name a known ITIL type', () => {
    const file = overrideFile('projectHierarchy:\n  projects:\n    itilType: epics\n');
    expect(loadCatalog(file).diagnostics.map(formatDiagnostic)).toEqual([`${file}:3:5: catalog projectHierarchy.projects.itilType: itilType 'epics' is not in itilTypes`]);
  });
});
