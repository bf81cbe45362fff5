/** The blueprint registry: `use:` name -> construct class (one file per vendor guide). */
import type { Construct } from 'constructs';
import type { Blueprint, BlueprintProps } from './blueprint.js';
import type { BlueprintOptions } from './options.js';
import { MoovilaBlueprint } from './moovila.js';
import { PerimetersBlueprint } from './perimeters.js';
import { PostmanBlueprint } from './postman.js';
import { RewstBlueprint } from './rewst.js';

export { Blueprint, type BlueprintProps } from './blueprint.js';
export { type BlueprintOption, type BlueprintOptions } from './options.js';
export { MoovilaBlueprint, PerimetersBlueprint, PostmanBlueprint, RewstBlueprint };

/** Constructor of a vendor blueprint, with its `with:` options and a one-line summary (documentation and schema come from them). */
export type BlueprintClass = (new (scope: Construct, id: string, props?: BlueprintProps) => Blueprint) & {
  readonly options: BlueprintOptions;
  readonly summary: string;
};

/** Every blueprint by its `use:` name (one line per vendor guide). */
export const BLUEPRINTS = {
  moovila: MoovilaBlueprint,
  perimeters: PerimetersBlueprint,
  rewst: RewstBlueprint,
  postman: PostmanBlueprint,
} as const satisfies Record<string, BlueprintClass>;

/** The vendor blueprints a `Blueprint` document may `use`. */
export type BlueprintName = keyof typeof BLUEPRINTS;
