/**
 * `npm run generate`: every generated file of the repository, from what it is generated from, so
 * adding a kind ends with one command instead of a list to remember:
 * - schemas/manifest.schema.json (the editor envelope; scripts/gen-manifest-schema.ts),
 * - constructs/kinds/index.ts (the TypeScript barrel; scripts/gen-kinds-index.ts),
 * - src/manifest/name-limits.ts (name lengths from the spec; scripts/gen-name-limits.ts),
 * - src/simulator/schema/fields.generated.ts (the simulator's field tables; its codegen.ts).
 * Each has a test that fails, naming its command, when the committed file is out of date.
 */
import { writeFileSync } from 'node:fs';
import { kindsIndexPath, kindsIndexText } from './gen-kinds-index.js';
import { manifestSchemaPath, manifestSchemaText } from './gen-manifest-schema.js';
import { nameLimitsPath, nameLimitsText } from './gen-name-limits.js';
import { fieldsGeneratedPath, fieldsGeneratedText } from '../src/simulator/schema/codegen.js';

const outputs: [string, () => string][] = [
  [manifestSchemaPath(), manifestSchemaText],
  [kindsIndexPath, kindsIndexText],
  [nameLimitsPath, nameLimitsText],
  [fieldsGeneratedPath, fieldsGeneratedText],
];
for (const [path, text] of outputs) {
  writeFileSync(path, text());
  process.stdout.write(`wrote ${path}\n`);
}
