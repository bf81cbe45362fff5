/**
 * Generates, from catalog/permissions.yaml, the two views of the permission catalog that are
 * committed: schemas/permissions.schema.json (what editors complete `permissions` from: every key
 * and value, described by its Permissions-tab label) and the permissions reference table in
 * README.md (between its markers). Run after editing catalog/permissions.yaml:
 *
 *   npx tsx scripts/gen-permissions.ts
 *
 * test/catalog/generated-views.test.ts fails, naming this command, while either file is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { catalogDir, loadCatalog } from '../src/manifest/catalog.js';
import { formatDiagnostic } from '../src/model/diagnostics.js';
import { permissionsSchema, withPermissionsTable } from '../src/manifest/catalog-schema.js';
import { schemasDir } from '../src/manifest/schema-registry.js';
import type { Catalog } from '../src/model/catalog.js';

/** The command that regenerates both files (quoted in the staleness test's messages). */
export const GENERATE_PERMISSIONS_COMMAND = 'npx tsx scripts/gen-permissions.ts';

/** The stock catalog; a broken one stops generation (its problems are printed). */
export function stockCatalog(): Catalog {
  const { catalog, diagnostics } = loadCatalog();
  if (diagnostics.length > 0) throw new Error(diagnostics.map(formatDiagnostic).join('\n'));
  return catalog;
}

/** Path of the committed permissions schema. */
export function permissionsSchemaPath(): string {
  return join(schemasDir(), 'permissions.schema.json');
}

/** Path of the README holding the table. */
export function readmePath(): string {
  return join(catalogDir(), '..', 'README.md');
}

/** The permissions schema as written to disk (2-space JSON, trailing newline). */
export function permissionsSchemaText(catalog: Catalog = stockCatalog()): string {
  return `${JSON.stringify(permissionsSchema(catalog), null, 2)}\n`;
}

/** The README with a fresh table. */
export function readmeText(catalog: Catalog = stockCatalog()): string {
  return withPermissionsTable(readFileSync(readmePath(), 'utf8'), catalog);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const catalog = stockCatalog();
  writeFileSync(permissionsSchemaPath(), permissionsSchemaText(catalog));
  writeFileSync(readmePath(), readmeText(catalog));
  process.stdout.write(`wrote ${permissionsSchemaPath()} and the permissions table of ${readmePath()}\n`);
}
