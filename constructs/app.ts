/**
 * HaloApp: the root of the construct tree (HaloApp > Environment > objects), like cdk8s's App; and
 * the contract of a code-defined app (`halo-iac plan|apply|validate|synth|doctor --app main.ts`).
 */
import { RootConstruct } from 'constructs';
import type { Environment } from './environment.js';

/** The root construct; holds one Environment per Halo tenant. */
export class HaloApp extends RootConstruct {
  constructor(id = 'halo') {
    super(id);
  }
}

/**
 * What an app file exports as its default: a function the CLI calls once per environment it loads
 * (`-e rewst`: once, for rewst; `synth` without -e: once per environment), with the Environment
 * construct already holding that environment's YAML objects, its config (`environment.config.name`)
 * and its catalog. The app adds constructs under it (or under constructs of its own below it); it
 * may be async. The CLI then checks those objects exactly as YAML ones (schema, catalog, duplicates,
 * references) and plans and applies them with the same engine.
 *
 * Why this shape rather than an app that builds its own HaloApp: the connection, policy and catalog
 * come from environment.yaml, which the CLI reads anyway; handing the app the loaded Environment
 * puts code and YAML objects in one tree, so there is nothing to merge, a name declared twice is the
 * usual duplicate error, and code can refer to YAML objects by name. Importing the file has no side
 * effect, so cdktf's entry (cdktf-main.ts) and the CLI can both load it.
 */
export type EnvironmentApp = (environment: Environment) => void | Promise<void>;

/** Types an app without annotations: `export default defineApp((environment) => { ... })`. */
export function defineApp(app: EnvironmentApp): EnvironmentApp {
  return app;
}
