/**
 * The `yaml` library, loaded on first use. Most runs read only plain YAML (manifest/yaml-plain.ts)
 * and a precompiled catalog snapshot, so they never need it; loading it eagerly cost every
 * `validate` about 17 ms of a start-up budget measured against `node -e 0` (issue 12 §5).
 */
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';

const requireCjs = createRequire(import.meta.url);
let library: typeof Yaml | undefined;

/** The `yaml` module (its CommonJS build, the one `import 'yaml'` resolves to on Node). */
export function yamlLibrary(): typeof Yaml {
  return (library ??= requireCjs('yaml') as typeof Yaml);
}
