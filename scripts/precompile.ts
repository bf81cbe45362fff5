/**
 * Writes what the CLI would otherwise compute at every start (issue 4: validate 1,000 objects in
 * under 1 s), part of `npm run build`:
 *
 *   tsc -p tsconfig.build.json && tsx scripts/precompile.ts
 *
 * - dist/schema-validators.cjs: ajv's standalone code for every document kind (no schema compilation);
 * - dist/catalog-snapshot.json: the parsed stock catalog (no YAML parsing of catalog/).
 * Both carry a fingerprint of their inputs; the runtime ignores a stale or missing file and does
 * the work itself, so running from the TS sources (vitest, tsx) behaves the same.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stockCatalogSnapshot } from '../src/manifest/catalog.js';
import { precompiledValidatorsSource } from '../src/manifest/schema-registry.js';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
mkdirSync(dist, { recursive: true });

const validators = join(dist, 'schema-validators.cjs');
writeFileSync(validators, precompiledValidatorsSource());
process.stdout.write(`wrote ${validators}\n`);

const catalog = join(dist, 'catalog-snapshot.json');
const snapshot = stockCatalogSnapshot();
if (snapshot === undefined) {
  // A broken stock catalog is reported at run time with positions; no snapshot hides it.
  rmSync(catalog, { force: true });
  process.stdout.write(`no catalog snapshot: the stock catalog has problems (halo-iac validate reports them)\n`);
} else {
  writeFileSync(catalog, snapshot);
  process.stdout.write(`wrote ${catalog}\n`);
}
