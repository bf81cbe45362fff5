/**
 * Generates, from the blueprints' declared `with:` options (constructs/blueprints/*), the two views
 * of them that are committed: schemas/blueprint.schema.json (the `with` schema per `use`, so
 * editors complete each blueprint's options and the loader checks them) and the options section of
 * README.md (between its markers). Run after changing a blueprint's options:
 *
 *   npx tsx scripts/gen-blueprints.ts
 *
 * test/blueprints/options.test.ts fails, naming this command, while either file is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BLUEPRINTS } from '../constructs/blueprints/index.js';
import { blueprintSchema, optionsMarkdown, withOptionsSection } from '../constructs/blueprints/options.js';
import { catalogDir } from '../src/manifest/catalog.js';
import { schemasDir } from '../src/manifest/schema-registry.js';

/** The command that regenerates both files (quoted in the staleness test's messages). */
export const GENERATE_BLUEPRINTS_COMMAND = 'npx tsx scripts/gen-blueprints.ts';

/** Path of the committed blueprint schema. */
export function blueprintSchemaPath(): string {
  return join(schemasDir(), 'blueprint.schema.json');
}

/** Path of the README holding the options section. */
export function readmePath(): string {
  return join(catalogDir(), '..', 'README.md');
}

/** The blueprint schema as written to disk (2-space JSON, trailing newline). */
export function blueprintSchemaText(): string {
  return `${JSON.stringify(blueprintSchema(BLUEPRINTS), null, 2)}\n`;
}

/** The README with a fresh options section. */
export function readmeText(): string {
  return withOptionsSection(readFileSync(readmePath(), 'utf8'), optionsMarkdown(BLUEPRINTS));
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeFileSync(blueprintSchemaPath(), blueprintSchemaText());
  writeFileSync(readmePath(), readmeText());
  process.stdout.write(`wrote ${blueprintSchemaPath()} and the blueprint options of ${readmePath()}\n`);
}
