/**
 * The environments of a project: folders under `environments/` holding an environment.yaml.
 * One listing for `-e` suggestions, `halo-iac environments` and `halo-iac synth` (all environments).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Names (what `-e` takes) of the folders under `dir` holding an environment.yaml, sorted; [] when `dir` is missing. */
export function environmentNames(dir: string): string[] {
  if (!existsSync(dir)) return [];
  // No Dirent.isDirectory(): a symlinked environment folder counts too.
  return readdirSync(dir)
    .filter((name) => existsSync(join(dir, name, 'environment.yaml')))
    .sort();
}
